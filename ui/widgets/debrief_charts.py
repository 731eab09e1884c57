"""The projector's charts, painted with Qt: everyone's score over the session, and who rated whom.

They only draw a frozen :class:`~nosedive.debrief.DebriefData` gathered on the engine thread;
nothing here scores. Text is drawn with ``QPainter.drawText``, which never reads markup.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from nosedive.debrief import DebriefData
from nosedive.debrief.charts import short, spread

from ..views.common import points

INK, MUTED, GRID = QColor("#fffffe"), QColor("#b8b9cf"), QColor("#34324a")
BANDS = (QColor("#3a1b27"), QColor("#1c1a29"), QColor("#173126"))  # lowest grade, middle ones, highest
LINES = ("#7fb2ff", "#ff8ba7", "#5fe0a0", "#ffb454", "#c3a6ff", "#4fd6e8", "#ff6e6e", "#f5e663",
         "#a3e87a", "#ff9ee0", "#9ccaff", "#ffcf9e", "#8ef0d0", "#e0b3ff", "#ffe08a", "#b0f06a")
STARS = {1: "#ef4565", 2: "#f0874f", 3: "#f2c94c", 4: "#7ccf6f", 5: "#2cb67d"}
MINUTE = 60_000


def font(pixels: int, bold: bool = False) -> QFont:
    result = QFont()
    result.setPixelSize(pixels)
    result.setBold(bold)
    return result


def axis_step(span: float) -> int:
    """A round step for the score axis: at most 8 lines whether the scale is 1–5 or 350–950."""
    return next((step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if span / step <= 8),
                max(1, int(span // 8)))


class TimelineChart(QWidget):
    """Each person's score as a step line over the minutes of the session; grade bands and the
    facilitator's rounds, rule changes and announcements marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DebriefData | None = None
        self.names = True  # each line's name and score at its end (off: the plot takes the width)
        self.colours: dict[str, str] | None = None  # when set: only these people in colour, the others faint
        self.setMinimumSize(600, 360)

    def show_debrief(self, data: DebriefData) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        data = self.data
        if data is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        policy = data.scores.policy
        low, high = points(policy.low), points(policy.high)
        plot = QRectF(70, 20, self.width() - 70 - (330 if self.names else 40), self.height() - 70)
        span = max((data.last_ts - data.first_ts) / MINUTE, 1.0)

        def at(minute: float, score: float) -> QPointF:
            return QPointF(plot.left() + plot.width() * minute / span,
                           plot.bottom() - plot.height() * (score - low) / (high - low))

        edges = [points(g.min) for g in policy.grades] + [high]
        names: list[tuple[float, str, QColor]] = []  # drawn last, over the lines and markers
        for index, grade in enumerate(policy.grades):
            top, bottom = at(0, edges[index + 1]).y(), at(0, edges[index]).y()
            band = BANDS[0 if index == 0 else (2 if index == len(policy.grades) - 1 else 1)]
            painter.fillRect(QRectF(plot.left(), top, plot.width(), bottom - top), band)
            if bottom - top >= 30:  # a band too thin for its name keeps its colour only
                names.append((bottom, grade.name, band))
        painter.setFont(font(18))
        step = axis_step(high - low)
        for score in range(-(-int(low) // step) * step, int(high) + 1, step):  # from the first round value up
            y = at(0, score).y()
            painter.setPen(GRID)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(MUTED)
            painter.drawText(QRectF(0, y - 12, 60, 24), Qt.AlignmentFlag.AlignRight, f"{score}")
        for minute in range(0, int(span) + 1, 5 if span > 12 else 1):
            painter.drawText(QRectF(at(minute, low).x() - 30, plot.bottom() + 8, 60, 24),
                             Qt.AlignmentFlag.AlignCenter, f"{minute} min")
        self._lines(painter, data, at, span)
        self._markers(painter, data, at, low, high)
        painter.setFont(font(20, True))
        for bottom, name, band in names:
            box = painter.fontMetrics().boundingRect(name).adjusted(-8, -3, 8, 3)
            box.moveBottomLeft(QPointF(plot.left() + 40, bottom - 6).toPoint())
            painter.fillRect(box, band)
            painter.setPen(MUTED)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)

    def _lines(self, painter: QPainter, data: DebriefData, at: object, span: float) -> None:
        assert callable(at)
        prior = points(data.scores.policy.prior_value)
        ends: list[tuple[float, str, QColor]] = []
        chosen = self.colours
        rows = sorted(data.people, key=lambda r: r.key in chosen) if chosen is not None else data.people
        for index, row in enumerate(rows):  # the chosen ones last: on top
            colour = QColor(LINES[index % len(LINES)] if chosen is None else chosen.get(row.key, "#4a4860"))
            path = QPainterPath(at(0, prior))
            current = prior
            for ts, final in data.timelines.get(row.key, ()):
                minute = (ts - data.first_ts) / MINUTE
                path.lineTo(at(minute, current))
                current = points(final)
                path.lineTo(at(minute, current))
            path.lineTo(at(span, current))
            strong = index < 3 or index == len(data.people) - 1 if chosen is None else row.key in chosen
            painter.setPen(QPen(colour, 4 if strong else 2.5))
            painter.drawPath(path)
            ends.append((at(span, current).y(), f"{short(row.display, 18)}  {row.shown}", colour))
        if not self.names:
            return
        ends.sort(key=lambda end: -end[0])  # bottom of the screen first: spread upward in screen terms
        heights = spread([-y for y, _, _ in ends], 22)
        painter.setFont(font(18, True))
        right = at(span, prior).x()
        for y, (_, text, colour) in zip(heights, ends, strict=True):
            painter.setPen(colour)
            painter.drawText(QRectF(right + 12, -y - 11, 320, 22), Qt.AlignmentFlag.AlignVCenter, text)

    def _markers(self, painter: QPainter, data: DebriefData, at: object, low: float, high: float) -> None:
        assert callable(at)
        painter.setFont(font(16, True))
        for marker in data.markers:
            minute = (marker.ts - data.first_ts) / MINUTE
            top, bottom = at(minute, high), at(minute, low)
            painter.setPen(QPen(INK, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(top, bottom)
            painter.save()
            painter.translate(bottom.x() - 6, bottom.y() - 8)
            painter.rotate(-90)
            room = int(bottom.y() - top.y()) - 12  # the label stays inside the plot, however short it is
            text = painter.fontMetrics().elidedText(short(marker.text, 44), Qt.TextElideMode.ElideRight, room)
            box = painter.fontMetrics().boundingRect(text).adjusted(-4, -2, 4, 2)
            painter.fillRect(box, QColor(15, 14, 23, 210))  # readable over the lines it crosses
            painter.setPen(INK)
            painter.drawText(QPointF(0, 0), text)
            painter.restore()


class MatrixChart(QWidget):
    """Who rated whom: a row per rater, a column per person rated, the stars that count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DebriefData | None = None
        self.setMinimumSize(500, 500)

    def show_debrief(self, data: DebriefData) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        data = self.data
        if data is None or not data.people:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        order = [row.key for row in data.people]
        margin = 230
        cell = max(8.0, min((self.width() - margin - 10) / len(order), (self.height() - margin - 10) / len(order)))
        left, top = float(margin), float(margin)
        label_font = font(max(11, min(20, int(cell * 0.6))))
        index = {key: i for i, key in enumerate(order)}
        for (rater, subject), stars in data.matrix().items():
            if rater in index and subject in index:
                box = QRectF(left + index[subject] * cell, top + index[rater] * cell, cell - 2, cell - 2)
                painter.fillRect(box, QColor(STARS[stars]))
                if cell >= 22:
                    painter.setPen(QColor("#0f0e17"))
                    painter.setFont(font(int(cell * 0.5), True))
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(stars))
        painter.setPen(GRID)
        for i in range(len(order) + 1):
            painter.drawLine(QPointF(left, top + i * cell), QPointF(left + len(order) * cell, top + i * cell))
            painter.drawLine(QPointF(left + i * cell, top), QPointF(left + i * cell, top + len(order) * cell))
        painter.setFont(label_font)
        painter.setPen(INK)
        for i, key in enumerate(order):
            name = short(data.name(key), 20)
            painter.drawText(QRectF(0, top + i * cell, left - 10, cell),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            painter.save()
            painter.translate(left + i * cell + cell / 2 + 6, top - 10)
            painter.rotate(-60)
            painter.drawText(QPointF(0, 0), name)
            painter.restore()
        painter.setPen(MUTED)
        painter.setFont(font(18))
        painter.drawText(QRectF(0, 0, left - 10, top - 10), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                         "rows rated columns")
