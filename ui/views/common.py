"""Small shared pieces of the views: cards, labels and score arithmetic for display."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from nosedive.core.policy import ONE


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
        self.title = label(title, "section") if title is not None else None
        if self.title is not None:
            self.body.addWidget(self.title)


def label(text: str = "", role: str | None = None, parent: QWidget | None = None) -> QLabel:
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(role not in ("section", "big"))
    return widget


def points(value: int) -> float:
    """A fixed-point score as a float, for drawing only (never for deciding anything)."""
    return value / ONE


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
