"""The wall itself: one painted widget, scaled from a 1920×1080 design to whatever screen it fills.

Nothing on it takes input. A new board glides in (:class:`QVariantAnimation`): people keep their
place on screen and move to their new one, newcomers fade and slide in, who drops off fades out; the
ticker scrolls without pause and a locked door pulses. Every name is a label from the engine's board.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from nosedive.room.wall import WallBoard, WallEntry

from ..tr import tr
from . import paint
from .paint import DESIGN_H, DESIGN_W

SHAME_TOP, SHAME_ROW, SHAME_GAP = 240.0, 120.0, 10.0
RED_TOP, RED_ROW, RED_GAP = 240.0, 112.0, 14.0
ROWS = 5  # per list: what fits above the doors' band
SHAME_X, SHAME_W = 60.0, 1000.0
RED_X, RED_W = 1100.0, 760.0
TICKER_RECT = QRectF(0, 990, DESIGN_W, 90)
TICKER_SPEED = 140.0  # design pixels a second: read at walking pace


class WallView(QWidget):
    """Paints :class:`WallBoard` values given to :meth:`show_board`; never takes input."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(480, 270)
        self.board: WallBoard | None = None
        self._before: WallBoard | None = None
        self.progress = 1.0  # of the glide from the board before to this one
        self._glide = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=900)
        self._glide.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._glide.valueChanged.connect(self._on_glide_value)
        self._started = time.monotonic()
        self._motion = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=1000)
        self._motion.setLoopCount(-1)
        self._motion.valueChanged.connect(lambda _: self.update())  # the ticker and the door's pulse
        self._motion.start()

    # ------------------------------------------------------------ input
    def show_board(self, board: WallBoard) -> None:
        if self.board is not None and _same(self.board, board):
            self.board = board  # only the ticker or the doors moved: no glide
            return
        self._before, self.board = self.board, board
        self._glide.stop()
        self._glide.start()

    def _on_glide_value(self, value: object) -> None:
        self.progress = float(value)  # type: ignore[arg-type]
        self.update()

    def names_shown(self) -> list[str]:
        """Every text the wall paints now (for tests: no raw key or bare fingerprint among them)."""
        board = self.board
        if board is None:
            return []
        texts = [board.room_name, board.round_label]
        for entry in (*board.shame, *board.red):
            texts += [entry.label, entry.why, entry.grade, entry.score]
        return texts + [line.text for line in (*board.ticker, *board.doors)]

    # ------------------------------------------------------------ drawing
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), paint.BACKGROUND)
        scale = min(self.width() / DESIGN_W, self.height() / DESIGN_H)
        painter.translate((self.width() - DESIGN_W * scale) / 2, (self.height() - DESIGN_H * scale) / 2)
        painter.scale(scale, scale)
        device = scale * self.devicePixelRatioF()
        self._header(painter)
        if self.board is None:
            paint.text(painter, QRectF(0, 420, DESIGN_W, 120), tr("Waiting for the room…"), 64, paint.MUTED,
                       align=Qt.AlignmentFlag.AlignCenter)
        else:
            self._lists(painter, self.board, device)
            self._doors(painter, self.board)
            self._ticker(painter, self.board)
        painter.end()

    def _header(self, painter: QPainter) -> None:
        paint.text(painter, QRectF(60, 36, 520, 110), "nosedive", 96, paint.PINK, weight=QFont.Weight.Black)
        board = self.board
        if board is not None:
            paint.text(painter, QRectF(600, 44, 1260, 60), board.room_name, 52, paint.INK,
                       weight=QFont.Weight.Bold, align=Qt.AlignmentFlag.AlignRight)
            sub = board.round_label or tr("{count} people rated").format(count=board.people)
            paint.text(painter, QRectF(600, 104, 1260, 48), sub, 36, paint.MUTED, align=Qt.AlignmentFlag.AlignRight)
        paint.text(painter, QRectF(SHAME_X, 170, SHAME_W, 64), tr("SHAME WALL"), 52, paint.SHAME,
                   weight=QFont.Weight.Black)
        paint.text(painter, QRectF(RED_X, 170, RED_W, 64), tr("RED LIST"), 52, paint.GOOD, weight=QFont.Weight.Black)

    def _lists(self, painter: QPainter, board: WallBoard, device: float) -> None:
        before = self._before
        t = self.progress
        old_shame = {e.key: i for i, e in enumerate(before.shame)} if before else {}
        old_red = {e.key: i for i, e in enumerate(before.red)} if before else {}
        for index, entry in enumerate(board.shame[:ROWS]):
            rect = self._placed(SHAME_X, SHAME_W, SHAME_TOP, SHAME_ROW + SHAME_GAP, SHAME_ROW,
                                index, old_shame.get(entry.key), t)
            self._faded(painter, t if entry.key not in old_shame else 1.0,
                        self._row_painter(painter, rect, entry, None, device))
        for index, entry in enumerate(board.red[:ROWS]):
            rect = self._placed(RED_X, RED_W, RED_TOP, RED_ROW + RED_GAP, RED_ROW, index, old_red.get(entry.key), t)
            self._faded(painter, t if entry.key not in old_red else 1.0,
                        self._row_painter(painter, rect, entry, index, device))
        if before is not None and t < 1.0:  # who dropped off the lists fades where they stood
            gone: list[tuple[QRectF, WallEntry, bool, int]] = []
            keys = {e.key for e in (*board.shame, *board.red)}
            gone += [(self._placed(SHAME_X, SHAME_W, SHAME_TOP, SHAME_ROW + SHAME_GAP, SHAME_ROW, i, None, 1.0),
                      e, True, i) for i, e in enumerate(before.shame) if e.key not in keys]
            gone += [(self._placed(RED_X, RED_W, RED_TOP, RED_ROW + RED_GAP, RED_ROW, i, None, 1.0), e, False, i)
                     for i, e in enumerate(before.red) if e.key not in keys]
            for rect, entry, shamed, index in gone:
                self._faded(painter, 1.0 - t, self._row_painter(painter, rect, entry, index if not shamed else None,
                                                                device))

    @staticmethod
    def _row_painter(painter: QPainter, rect: QRectF, entry: WallEntry, rank: int | None,
                     device: float) -> Callable[[], None]:
        """Draws one row later (under the opacity the caller sets): the shame wall's, or the red list's at *rank*."""
        def draw() -> None:
            if rank is None:
                paint.shame_row(painter, rect, entry, device)
            else:
                paint.red_row(painter, rect, rank + 1, entry, device)
        return draw

    @staticmethod
    def _placed(x: float, width: float, top: float, step: float, height: float, index: int,
                old_index: int | None, t: float) -> QRectF:
        """Where a row is drawn mid-glide: from its old place to its new one, or sliding in from the right."""
        y_new = top + index * step
        if old_index is None:
            return QRectF(x + (1.0 - t) * 120, y_new, width, height)
        y_old = top + old_index * step
        return QRectF(x, y_old + (y_new - y_old) * t, width, height)

    @staticmethod
    def _faded(painter: QPainter, opacity: float, draw: Callable[[], None]) -> None:
        painter.save()
        painter.setOpacity(max(0.0, min(1.0, opacity)))
        draw()
        painter.restore()

    def _doors(self, painter: QPainter, board: WallBoard) -> None:
        if not board.doors:
            return
        pulse = abs(((time.monotonic() - self._started) % 1.6) / 0.8 - 1.0)  # 1 → 0 → 1 every 1.6 s
        band = QRectF(0, 904, DESIGN_W, 80)
        color = QColor(paint.SHAME)
        color.setAlphaF(0.55 + 0.45 * pulse)
        painter.fillRect(band, color)
        paint.padlock(painter, QRectF(60, band.top() + 14, 40, 52), paint.INK)
        words = "   ·   ".join(line.text for line in board.doors[-3:])
        paint.text(painter, band.adjusted(130, 0, -60, 0), words, 44, paint.INK, weight=QFont.Weight.Bold)

    def _ticker(self, painter: QPainter, board: WallBoard) -> None:
        offset = (time.monotonic() - self._started) * TICKER_SPEED
        paint.ticker(painter, TICKER_RECT, board.ticker, offset, 42)


def _same(a: WallBoard, b: WallBoard) -> bool:
    """The same people in the same places with the same lines: nothing to glide."""
    return a.shame == b.shame and a.red == b.red and a.room_name == b.room_name and a.round_label == b.round_label
