"""A thin catching-up bar for the status line, painted by us.

``QProgressBar.setValue`` repaints at once (``repaint()``, not ``update()``) whenever the drawn bar
moves, and in a window with other parts waiting to be painted that synchronous paint did the whole
window's painting inside the snapshot's handler: 10–26 ms in a busy room. This one only asks for a
paint (with the rest of the frame), and only when the bar's drawn width changes; it is thinner than
the status line's text, so appearing and disappearing never changes the line's height.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from .. import theme


class ProgressLine(QWidget):
    def __init__(self, width: int = 180, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._minimum, self._maximum, self._value = 0, 0, 0
        self._drawn = -1  # the bar's width in pixels as last asked to paint
        self.setFixedWidth(width)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_range(self, minimum: int, maximum: int) -> None:
        self._minimum, self._maximum = minimum, max(minimum, maximum)
        self._value = max(self._minimum, min(self._maximum, self._value))
        self._ask_paint()

    def set_value(self, value: int) -> None:
        self._value = max(self._minimum, min(self._maximum, value))
        self._ask_paint()

    def value(self) -> int:
        return self._value

    def maximum(self) -> int:
        return self._maximum

    def minimum(self) -> int:
        return self._minimum

    def share(self) -> float:
        span = self._maximum - self._minimum
        return (self._value - self._minimum) / span if span > 0 else 0.0

    def _ask_paint(self) -> None:
        drawn = round(self.share() * self.width())
        if drawn != self._drawn:
            self._drawn = drawn
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.width(), max(8, round(8 * theme.unit_of(self))))

    def paintEvent(self, event: QPaintEvent) -> None:
        height = min(self.height(), self.sizeHint().height())
        track = QRectF(0.5, (self.height() - height) / 2 + 0.5, self.width() - 1.0, height - 1.0)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("soft"))
        painter.drawRoundedRect(track, height / 2, height / 2)
        share = self.share()
        if share > 0:
            bar = QRectF(track.left(), track.top(), max(track.height(), track.width() * share), track.height())
            painter.setBrush(theme.color("accent"))
            painter.drawRoundedRect(bar, height / 2, height / 2)
        painter.end()
