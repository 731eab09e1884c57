"""Your score over time: a soft area chart, with the room's doors as dotted lines."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from .. import theme
from ..tr import tr


class HistoryChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[tuple[float, float], ...] = ()  # (seconds, score)
        self._low, self._high, self._decimals = 1.0, 5.0, 3
        self._lines: tuple[tuple[str, float], ...] = ()
        self.setMinimumHeight(200)

    def set_data(self, points: tuple[tuple[float, float], ...], low: float, high: float, decimals: int,
                 lines: tuple[tuple[str, float], ...] = ()) -> None:
        self._points, self._low, self._high, self._decimals, self._lines = points, low, high, decimals, lines
        self.update()

    def points(self) -> tuple[tuple[float, float], ...]:
        return self._points

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(54, 14, self.width() - 70, self.height() - 40)
        small = QFont(self.font())
        small.setPixelSize(11)
        painter.setFont(small)
        span = (self._high - self._low) or 1.0

        def y_of(score: float) -> float:
            return area.bottom() - (score - self._low) / span * area.height()

        for name, threshold in self._lines:
            y = y_of(threshold)
            painter.setPen(QPen(theme.color("line").darker(115), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(theme.color("muted"))
            painter.drawText(QRectF(area.right() - 160, y - 16, 160, 14), Qt.AlignmentFlag.AlignRight, name)
        painter.setPen(theme.color("muted"))
        for fraction in (0.0, 0.5, 1.0):
            score = self._low + span * fraction
            painter.drawText(QRectF(0, y_of(score) - 8, 48, 16), Qt.AlignmentFlag.AlignRight,
                             f"{score:.{min(self._decimals, 1)}f}")
        if len(self._points) < 2:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("Your history starts with your first rating."))
            painter.end()
            return
        start, end = self._points[0][0], self._points[-1][0]
        width = (end - start) or 1.0
        path = QPainterPath()
        for index, (t, score) in enumerate(self._points):
            point = QPointF(area.left() + (t - start) / width * area.width(), y_of(score))
            if index == 0:
                path.moveTo(point)
            else:
                path.lineTo(QPointF(point.x(), path.currentPosition().y()))  # a step: scores jump
                path.lineTo(point)
        fill = QPainterPath(path)
        fill.lineTo(QPointF(area.right(), area.bottom()))
        fill.lineTo(QPointF(area.left(), area.bottom()))
        gradient = QLinearGradient(area.topLeft(), area.bottomLeft())
        gradient.setColorAt(0, QColor(240, 138, 163, 110))
        gradient.setColorAt(1, QColor(240, 138, 163, 10))
        painter.fillPath(fill, gradient)
        painter.setPen(QPen(theme.color("accent"), 3))
        painter.drawPath(path)
        painter.end()
