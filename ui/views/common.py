"""Small shared pieces of the views: cards, labels and score arithmetic for display.

Every label goes through :func:`plain_label`: names, notes, room and tier names come from other
people, and a QLabel left at its default (``Qt.AutoText``) renders anything that looks like HTML —
``<img src=/dev/zero>`` in a display name made Qt read that file until it ran out of memory.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from nosedive.core.policy import ONE
from nosedive.room.snapshot import Person

from .. import theme
from ..tr import tr


def plain_label(text: str = "", role: str | None = None, parent: QWidget | None = None, *,
                wrap: bool | None = None) -> QLabel:
    """A label that shows ``text`` literally, never as rich text (see the module docstring).

    ``role`` names its style in the theme; it wraps unless it is a heading or told otherwise.
    """
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(role not in ("section", "big") if wrap is None else wrap)
    return widget



def shown_name(person: Person) -> str:
    """How a line of text names *person*: their label (a shared name carries its fingerprint), and the
    facilitator's with the role at the very end, where a typed name never is (see nosedive.room.names)."""
    label = person.label or person.name
    return tr("{label} (facilitator)").format(label=label) if person.is_facilitator else label


def facilitator_badge(parent: QWidget | None = None) -> QLabel:
    """The small "facilitator" pill beside a name: drawn by us, so no typed name can look like it."""
    badge = plain_label(tr("facilitator"), parent=parent, wrap=False)
    badge.setObjectName("FacilitatorBadge")
    badge.setStyleSheet(f"background: {theme.color('accent').name()}; color: white; border-radius: 8px;"
                        " padding: 1px 8px; font-size: 11px; font-weight: 800;")
    badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return badge


def facilitator_icon(size: int = 16) -> QIcon:
    """The badge as a small icon, for lines of a list: an accent disc with a white flag."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.color("accent"))
    painter.drawEllipse(0, 0, size, size)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(int(size * 0.7))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "F")
    painter.end()
    return QIcon(pixmap)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt guesses rich text in tooltips, so this one is
    rich text on purpose, with every character of ``text`` escaped."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def card(parent: QWidget | None = None, spacing: int = 10) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setProperty("card", True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(spacing)
    return frame, layout


class CardView(QWidget):
    """A view drawn as one rounded card, with an optional section title; ``body`` is its layout."""

    def __init__(self, title: str | None = None, spacing: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, self.body = card(self, spacing)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.title = plain_label(title, "section") if title is not None else None
        if self.title is not None:
            self.body.addWidget(self.title)

    def set_title(self, text: str) -> None:
        if self.title is not None:
            self.title.setText(text)


def narrow(box: QComboBox) -> QComboBox:
    """A combo that never widens its column to its longest item (a long name): it cuts the shown text."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(6)
    return box


def points(value: int) -> float:
    """A fixed-point score as a float, for drawing only (never for deciding anything)."""
    return value / ONE


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
