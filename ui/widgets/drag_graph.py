"""You in the middle, your friends around you; each line shows how hard they pull, and which way.

Names are typed by other participants: they are only ever painted with
``QPainter.drawText``, which draws a string as it is (never as rich text or HTML).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from .. import theme
from ..views.common import plain_tooltip
from .avatar import avatar


@dataclass(frozen=True)
class Pull:
    key: str
    name: str
    avatar: bytes
    drag: float  # in score points: negative drags down, positive lifts up
    label: str  # e.g. "−0.084"
    caption: str = ""  # the text under the face (a label, the facilitator marked); empty: the name
    through: str = ""  # the group this pull comes through (a relative, a colleague): a dashed line

    @property
    def shown(self) -> str:
        return self.caption or self.name


class DragGraph(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._me: tuple[str, str, bytes] = ("", "", b"")
        self._me_caption = ""
        self._pulls: tuple[Pull, ...] = ()
        self._painted: list[tuple[QRectF, str, str]] = []  # (face and caption's box, full caption, shown)
        self.setMinimumHeight(200)

    def set_graph(self, me: tuple[str, str, bytes], pulls: tuple[Pull, ...], me_caption: str = "") -> None:
        """*me* is (key, name, picture); the name gives the initials, *me_caption* (or it) the text below."""
        self._me, self._pulls, self._me_caption = me, pulls, me_caption
        self.update()

    def captions(self) -> tuple[str, ...]:
        """The texts under the faces: mine first, then each friend's."""
        return (self._me_caption or self._me[1], *(pull.shown for pull in self._pulls))

    def pulls(self) -> tuple[Pull, ...]:
        return self._pulls

    def painted_captions(self) -> list[tuple[QRectF, str, str]]:
        """After a paint: each caption's box, its whole text and the text drawn (cut with "…" if need be)."""
        return list(self._painted)

    def unit(self) -> float:
        """The type's size against the 14 px of a 1280×800 window: faces and labels grow with it."""
        pixels = self.font().pixelSize()
        return (pixels if pixels > 0 else 14) / 14

    def _caption_width(self) -> float:
        """Captions are cut to what fits between the faces and inside the panel, never across its edge."""
        share = 0.42 if len(self._pulls) <= 2 else 0.34  # three or more: neighbours' captions must not meet
        return max(60.0, min(170.0 * self.unit(), self.width() * share))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = next((full for box, full, shown in self._painted if box.contains(event.pos().toPointF())
                          and shown != full), None)
            if found:  # a cut name says itself whole
                QToolTip.showText(event.globalPos(), plain_tooltip(found), self)  # typed by someone: literal
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = self.unit()
        self._painted = []
        center = QPointF(self.width() / 2, self.height() / 2)
        face = 48 * unit
        # An ellipse over the panel's whole shape, far enough in that a face and its caption stay inside.
        rx = max(0.0, self.width() / 2 - max(face / 2, self._caption_width() / 2) - 4)
        ry = max(0.0, self.height() / 2 - face / 2 - 24 * unit)
        strongest = max((abs(p.drag) for p in self._pulls), default=0.0) or 1.0
        small = QFont(self.font())
        small.setPixelSize(round(12 * unit))
        small.setBold(True)
        positions: list[QPointF] = []
        for index, pull in enumerate(self._pulls):
            # One or two friends go along the panel's longer side; more go round from the top.
            count = len(self._pulls)
            along = -math.pi / 2 if self.height() >= self.width() else 0.0
            start = along if count <= 2 else -math.pi / 2 + math.pi / count
            angle = start + 2 * math.pi * index / count
            point = QPointF(center.x() + rx * math.cos(angle), center.y() + ry * math.sin(angle))
            positions.append(point)
            tone = theme.color("bad") if pull.drag < 0 else theme.color("good")
            width = (2 + 9 * abs(pull.drag) / strongest) * unit
            style = Qt.PenStyle.DashLine if pull.through else Qt.PenStyle.SolidLine  # through a group
            painter.setPen(QPen(tone, width, style, Qt.PenCapStyle.RoundCap))
            painter.drawLine(center, point)
            middle = center + (point - center) * self._label_at(center, point, face, unit)
            painter.setFont(small)
            box = QRectF(middle.x() - 34 * unit, middle.y() - 11 * unit, 68 * unit, 22 * unit)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 235))
            painter.drawRoundedRect(box, 11 * unit, 11 * unit)
            painter.setPen(tone.darker(130))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, pull.label)
        for pull, point in zip(self._pulls, positions, strict=True):
            self._person(painter, point, pull.key, pull.name, pull.avatar, round(face), pull.shown,
                         above=point.y() < center.y() - 1)  # above its face: clear of the line's label
        key, name, image = self._me
        self._person(painter, center, key, name, image, round(72 * unit), self._me_caption or name)
        painter.end()

    @staticmethod
    def _label_at(center: QPointF, point: QPointF, face: float, unit: float) -> float:
        """Where along the line its amount goes (0 at me, 1 at them): 0.6, or further out when that would sit on
        my face or, below me, on my caption; never onto their face if the line allows."""
        dx, dy = point.x() - center.x(), point.y() - center.y()
        length = math.hypot(dx, dy)
        if length <= 0:
            return 0.6
        half = (34 * abs(dx) + 11 * abs(dy)) / length * unit  # the label's half extent along the line (68×22)
        mine = (36 * unit + half + (18 * unit if dy > 1 else 0)) / length  # past my face (and caption, below me)
        theirs = 1 - (face / 2 + half) / length  # short of their face
        at = min(max(0.6, mine), theirs)
        return at if at >= mine else (mine + theirs) / 2  # no room for both: the middle of the gap

    def _person(self, painter: QPainter, point: QPointF, key: str, name: str, image: bytes, size: int,
                caption: str, above: bool = False) -> None:
        if not key:
            return
        painter.drawPixmap(QPointF(point.x() - size / 2, point.y() - size / 2), avatar(key, name, image, size))
        font = QFont(self.font())
        font.setPixelSize(round(12 * self.unit()))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(theme.color("ink"))
        width = self._caption_width()
        metrics = QFontMetrics(font)
        # Cut in the middle if need be: the end holds the fingerprint or the facilitator marker.
        shown = metrics.elidedText(caption, Qt.TextElideMode.ElideMiddle, int(width))
        left = max(0.0, min(self.width() - width, point.x() - width / 2))  # never across the panel's edge
        top = point.y() - size / 2 - 4 - metrics.height() if above else point.y() + size / 2 + 2
        box = QRectF(left, max(0.0, top), width, metrics.height() + 2)
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, shown)  # plain text: see the module docstring
        self._painted.append((box.united(QRectF(point.x() - size / 2, point.y() - size / 2, size, size)),
                              caption, shown))
