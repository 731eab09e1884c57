"""The attract screen: what an idle kiosk shows to passers-by, with the room's top and bottom.

Painted on the wall's 1920×1080 design canvas (scaled to the screen): a slowly shifting pink
gradient, the name breathing, the room's best and worst with their why lines, and one big button.
"""
from __future__ import annotations

import math
import time

from PySide6.QtCore import QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFont, QLinearGradient, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QPushButton, QWidget

from nosedive.room.wall import WallBoard

from ..tr import tr
from ..wall import paint
from ..wall.paint import DESIGN_H, DESIGN_W

BUTTON = QRectF(660, 900, 600, 120)  # on the design canvas
ROW_H, ROW_STEP = 112.0, 126.0


class AttractView(QWidget):
    """Signals: begin() when someone touches the screen or the button."""

    begin = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: WallBoard | None = None
        self._started = time.monotonic()
        self.button = QPushButton(tr("I'm new here"), self)
        self.button.setObjectName("AttractButton")
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self.begin)
        self._motion = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=1000)
        self._motion.setLoopCount(-1)
        self._motion.valueChanged.connect(lambda _: self.update())
        self._motion.start()

    def show_board(self, board: WallBoard) -> None:
        self.board = board
        self.update()

    def _scale(self) -> tuple[float, QPointF]:
        scale = min(self.width() / DESIGN_W, self.height() / DESIGN_H)
        return scale, QPointF((self.width() - DESIGN_W * scale) / 2, (self.height() - DESIGN_H * scale) / 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale, origin = self._scale()
        self.button.setGeometry(round(origin.x() + BUTTON.x() * scale), round(origin.y() + BUTTON.y() * scale),
                                round(BUTTON.width() * scale), round(BUTTON.height() * scale))
        self.button.setStyleSheet(
            f"QPushButton#AttractButton {{ background: #f08aa3; color: white; border: none;"
            f" border-radius: {round(60 * scale)}px; font-size: {round(52 * scale)}px; font-weight: 800; }}"
            " QPushButton#AttractButton:pressed { background: #c9607c; }")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.begin.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        now = time.monotonic() - self._started
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        shift = (math.sin(now / 4) + 1) / 2  # the gradient drifts, once every ~25 s
        gradient = QLinearGradient(0, 0, self.width(), self.height())
        gradient.setColorAt(0.0, QColor.fromHsvF(0.95, 0.55, 0.32 + 0.08 * shift))
        gradient.setColorAt(1.0, QColor.fromHsvF(0.80 + 0.05 * shift, 0.6, 0.16))
        painter.fillRect(self.rect(), gradient)
        scale, origin = self._scale()
        painter.translate(origin)
        painter.scale(scale, scale)
        device = scale * self.devicePixelRatioF()
        breath = 1.0 + 0.03 * math.sin(now * 2.2)
        painter.save()
        painter.translate(DESIGN_W / 2, 150)
        painter.scale(breath, breath)
        paint.text(painter, QRectF(-700, -110, 1400, 220), "nosedive", 190, paint.INK, weight=QFont.Weight.Black,
                   align=Qt.AlignmentFlag.AlignCenter)
        painter.restore()
        paint.text(painter, QRectF(0, 270, DESIGN_W, 70), tr("Everyone here rates everyone. Take a seat."), 48,
                   paint.MUTED, align=Qt.AlignmentFlag.AlignCenter)
        self._columns(painter, device, now)
        painter.end()

    def _columns(self, painter: QPainter, device: float, now: float) -> None:
        board = self.board
        paint.text(painter, QRectF(80, 370, 840, 60), tr("TOP OF THE ROOM"), 44, paint.GOOD, weight=QFont.Weight.Black)
        paint.text(painter, QRectF(1000, 370, 840, 60), tr("BOTTOM OF THE ROOM"), 44, paint.SHAME,
                   weight=QFont.Weight.Black)
        if board is None or not (board.red or board.shame):
            paint.text(painter, QRectF(80, 470, 1760, 80), tr("Nobody has been rated yet. Be the first."), 48,
                       paint.INK, align=Qt.AlignmentFlag.AlignCenter)
            return
        lit = int(now / 2.5) % 3  # one row after another lights up
        for index, entry in enumerate(board.red[:3]):
            painter.setOpacity(1.0 if index == lit else 0.78)
            paint.red_row(painter, QRectF(80, 440 + index * ROW_STEP, 840, ROW_H), index + 1, entry, device)
        for index, entry in enumerate(board.shame[:3]):
            painter.setOpacity(1.0 if index == lit else 0.78)
            paint.shame_row(painter, QRectF(1000, 440 + index * ROW_STEP, 840, ROW_H), entry, device)
        painter.setOpacity(1.0)
