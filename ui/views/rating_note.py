"""A rating with a few words: a small panel that opens inside a person's row — a note, then the stars
that send it. Inside the row, not a popup window: it scrolls with the list and needs no window manager.

The quick stars in the row stay one click; the note is for when someone has something to say.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from nosedive.core.messages import MAX_NOTE_CHARS

from ..tr import tr
from ..widgets.stars import StarRating
from .common import plain_label


class NotePopover(QFrame):
    """Signals: ``rate(stars, note)`` when stars are picked; the note is plain text, at most 280 characters.
    Escape closes it without rating."""

    rate = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE_CHARS)  # the ledger refuses longer notes: never let one be typed
        self.note.setPlaceholderText(tr("A note with your rating (optional)"))
        self.note.setAccessibleName(tr("Note with the rating"))
        self.note.textChanged.connect(self._on_note_text_changed)
        self.left = plain_label("", "muted", wrap=False)
        self.stars = StarRating(22)
        self.stars.rated.connect(self._on_stars_rated)
        layout.addWidget(self.note)
        layout.addWidget(self.left)
        layout.addWidget(plain_label(tr("Pick the stars to send it"), "muted", wrap=False))
        layout.addWidget(self.stars)
        self._on_note_text_changed("")

    def open(self, stars: int = 0) -> None:
        """Show with the note empty and the stars as I last gave them; the keyboard goes to the note."""
        self.note.clear()
        self.stars.set_chosen(stars)
        self.show()
        self.note.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)

    def _on_note_text_changed(self, text: str) -> None:
        self.left.setText(tr("{count} characters left").format(count=MAX_NOTE_CHARS - len(text)))

    def _on_stars_rated(self, stars: int) -> None:
        self.rate.emit(stars, " ".join(self.note.text().split()))  # one line: no stray spaces or breaks
        self.hide()
