"""Small shared pieces of the views: cards, labels and score arithmetic for display.

Every label goes through :func:`plain_label`: names, notes, room and tier names come from other
people, and a QLabel left at its default (``Qt.AutoText``) renders anything that looks like HTML —
``<img src=/dev/zero>`` in a display name made Qt read that file until it ran out of memory.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QVBoxLayout, QWidget

from nosedive.core.policy import ONE


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


def points(value: int) -> float:
    """A fixed-point score as a float, for drawing only (never for deciding anything)."""
    return value / ONE


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
