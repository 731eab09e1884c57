"""Your score over time: a soft area chart on a time axis, with the room's doors as dotted lines."""
from __future__ import annotations

import datetime as dt

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
        ordered = tuple(sorted(points, key=lambda point: point[0]))  # in time: the line never runs back
        self._points, self._low, self._high, self._decimals, self._lines = ordered, low, high, decimals, lines
        self.update()

    def unit(self) -> float:
        pixels = self.font().pixelSize()
        return (pixels if pixels > 0 else 14) / 14

    def score_labels(self) -> tuple[str, ...]:
        """The score axis' labels, bottom to top, in the room's own decimals."""
        span = self._high - self._low
        return tuple(f"{self._low + span * f:.{self._decimals}f}" for f in (0.0, 0.25, 0.5, 0.75, 1.0))

    def time_labels(self) -> tuple[tuple[float, str], ...]:
        """(seconds, "14:05") under the chart: four ticks over the span shown ("" when there is no span)."""
        if len(self._points) < 2:
            return ()
        start, end = self._points[0][0], self._points[-1][0]
        form = "%H:%M:%S" if end - start < 180 else "%H:%M"
        return tuple((t, dt.datetime.fromtimestamp(t).strftime(form))
                     for t in (start + (end - start) * f for f in (0.0, 1 / 3, 2 / 3, 1.0)))

    def points(self) -> tuple[tuple[float, float], ...]:
        return self._points

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = self.unit()
        small = QFont(self.font())
        small.setPixelSize(round(11 * unit))
        painter.setFont(small)
        label_width = painter.fontMetrics().horizontalAdvance(self.score_labels()[-1]) + 8 * unit
        area = QRectF(label_width + 6 * unit, 14 * unit, self.width() - label_width - 22 * unit,
                      self.height() - 40 * unit)
        span = (self._high - self._low) or 1.0

        def y_of(score: float) -> float:
            return area.bottom() - (score - self._low) / span * area.height()

        for name, threshold in self._lines:
            y = y_of(threshold)
            painter.setPen(QPen(theme.color("line").darker(115), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(theme.color("muted"))
            painter.drawText(QRectF(area.left(), y - 16 * unit, area.width(), 14 * unit),
                             Qt.AlignmentFlag.AlignRight, name)
        painter.setPen(theme.color("muted"))
        for fraction, text in zip((0.0, 0.25, 0.5, 0.75, 1.0), self.score_labels(), strict=True):
            y = y_of(self._low + span * fraction)
            painter.drawText(QRectF(0, y - 8 * unit, label_width, 16 * unit),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        if len(self._points) < 2:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("Your history starts with your first rating."))
            painter.end()
            return
        start, end = self._points[0][0], self._points[-1][0]
        width = (end - start) or 1.0
        painter.setPen(QPen(theme.color("line").darker(110), 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.setPen(theme.color("muted"))
        for index, (t, text) in enumerate(self.time_labels()):
            x = area.left() + (t - start) / width * area.width()
            align = (Qt.AlignmentFlag.AlignLeft if index == 0 else
                     Qt.AlignmentFlag.AlignRight if t == end else Qt.AlignmentFlag.AlignHCenter)
            box = QRectF(x - 60 * unit if align != Qt.AlignmentFlag.AlignLeft else x, area.bottom() + 4 * unit,
                         120 * unit if align == Qt.AlignmentFlag.AlignHCenter else 60 * unit, 18 * unit)
            if align == Qt.AlignmentFlag.AlignRight:
                box.moveRight(x)
            painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, text)
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
        painter.setPen(QPen(theme.color("accent"), 3 * unit))
        painter.drawPath(path)
        painter.end()
