"""A one-line label that cuts its text to the room it gets, and then says the whole text in a tooltip.

``text()`` stays the whole text (what the person typed, shown literally: plain text, never rich
text); only the painting is cut, so the label never widens its layout: a long name shrinks to
"Chest…" instead of pushing the row's buttons out of sight.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from ..views.common import plain_tooltip


class ElidedLabel(QLabel):
    """``text()`` is what it says, ``shown()`` what fits. Signals: none."""

    def __init__(self, text: str = "", role: str | None = None, parent: QWidget | None = None, *,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight, minimum: int = 40) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        if role:
            self.setProperty("role", role)
        self._mode, self._minimum, self._tip = mode, minimum, ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # Qt's name: every caller gets the cutting
        if text != self.text():
            super().setText(text)
            self._refresh()

    def set_tip(self, text: str) -> None:
        """A tooltip of its own, in plain words (shown while the text fits; a cut text shows itself whole)."""
        self._tip = text
        self._refresh()

    def shown(self) -> str:
        """What is painted: the text, or its cut version ending (or middled) with "…"."""
        return self.fontMetrics().elidedText(self.text(), self._mode, max(0, self.contentsRect().width()))

    def is_elided(self) -> bool:
        return self.shown() != self.text()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # the whole text, and a pixel or two so that it is never cut by rounding
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + self.contentsMargins().left()
                     + self.contentsMargins().right() + 3, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._minimum, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update()  # cut again when painted: never in the middle of a restyle

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()  # the layout around measures the whole text again
            self.update()

    def _refresh(self) -> None:
        self._tip_for(self.shown())
        self.update()

    def _tip_for(self, shown: str) -> None:
        text = self.text()
        tip = plain_tooltip(text if shown != text else self._tip)
        if tip != self.toolTip():
            self.setToolTip(plain_tooltip(text if shown != text else self._tip))

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown()
        self._tip_for(shown)
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, QPalette.ColorRole.WindowText)
        painter.end()
