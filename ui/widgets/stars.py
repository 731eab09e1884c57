"""A row of five stars: click or hover with the mouse, or keys 1–5 / arrows + Enter."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from .. import theme
from ..tr import tr


def star_polygon(center: QPointF, outer: float) -> QPolygonF:
    inner = outer * 0.48
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append(QPointF(center.x() + radius * math.cos(angle), center.y() + radius * math.sin(angle)))
    return QPolygonF(points)


class StarRating(QWidget):
    """Signals: ``rated(int)`` when the person commits a rating (click, key 1–5, or Enter)."""

    rated = Signal(int)

    def __init__(self, size: int = 26, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base, self._size, self._hover, self._chosen = size, size, 0, 0
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._fit()
        self.setAccessibleName(tr("Rate from 1 to 5 stars"))
        self.setToolTip(tr("Click a star, or press 1–5"))

    def _fit(self) -> None:
        """*size* is for the 14 px type of a 1280×800 window: the stars grow and shrink with the type."""
        pixels = self.font().pixelSize()
        self._size = max(12, round(self._base * pixels / 14)) if pixels > 0 else self._base
        self.setFixedSize(QSize(self._size * 5 + 8 * 4 + 4, self._size + 6))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()
            self.update()

    def chosen(self) -> int:
        return self._chosen

    def set_chosen(self, stars: int) -> None:
        self._chosen = stars
        self.update()

    def _star_at(self, x: float) -> int:
        return max(1, min(5, int(x // (self._size + 8)) + 1))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover = self._star_at(event.position().x())
        self.update()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = 0
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._commit(self._star_at(event.position().x()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self._commit(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self._hover = min(5, max(self._hover, self._chosen) + 1)
            self.update()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self._hover = max(1, max(self._hover, self._chosen) - 1)
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._hover:
            self._commit(self._hover)
        else:
            super().keyPressEvent(event)

    def _commit(self, stars: int) -> None:
        self._chosen, self._hover = stars, 0
        self.update()
        self.rated.emit(stars)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lit = self._hover or self._chosen
        if not self.isEnabled():
            painter.setOpacity(0.4)  # rating is closed: the reason is the tooltip
        for index in range(5):
            center = QPointF(2 + index * (self._size + 8) + self._size / 2, 3 + self._size / 2)
            polygon = star_polygon(center, self._size / 2)
            filled = index < lit
            painter.setBrush(QColor("#ffc94d") if filled else theme.color("soft"))
            painter.setPen(QPen(QColor("#f0a93b") if filled else theme.color("line"), 1.4))
            painter.drawPolygon(polygon)
        if self.hasFocus():
            painter.setPen(QPen(theme.color("focus"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 8, 8)
        painter.end()
