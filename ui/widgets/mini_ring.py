"""A small ring for a score on a card: the big dial's look at the size of a face, no number inside.

The number is a label beside it (so it can be read, cut and translated like any text); the ring only
shows how far along its own scale the score is. It grows with the window's type like the faces do.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QConicalGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .. import theme
from .score_dial import TRACK_SPAN, TRACK_START

SIDE = 40  # px at 1280×800


class MiniRing(QWidget):
    """``share`` in 0..1 of the way from the bottom of the scale to the top; None: no score yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._share: float | None = None
        self._tone = "accent"
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_share(self, share: float | None, tone: str = "accent") -> None:
        share = None if share is None else max(0.0, min(1.0, share))
        if (share, tone) != (self._share, self._tone):
            self._share, self._tone = share, tone
            self.update()

    def share(self) -> float | None:
        return self._share

    def sizeHint(self) -> QSize:
        side = round(SIDE * theme.unit_of(self))
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        thickness = max(3.0, side * 0.14)
        ring = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side).adjusted(
            thickness / 2 + 1, thickness / 2 + 1, -thickness / 2 - 1, -thickness / 2 - 1)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.color("soft"), thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawArc(ring, round(TRACK_START * 16), round(TRACK_SPAN * 16))
        if self._share is not None and self._share > 0.01:
            gradient = QConicalGradient(ring.center(), TRACK_START)
            low = QColor("#ffb199")
            gradient.setColorAt(0.0, low)
            gradient.setColorAt(0.25, QColor("#b39ddb"))
            gradient.setColorAt(0.6, theme.color(self._tone))
            gradient.setColorAt(1.0, low)
            painter.setPen(QPen(gradient, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawArc(ring, round(TRACK_START * 16), round(TRACK_SPAN * self._share * 16))
        painter.end()
