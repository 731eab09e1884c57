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
        self._mode, self._minimum, self._tip, self._shown = mode, minimum, "", text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._fit()

    def set_tip(self, text: str) -> None:
        """A tooltip of its own, in plain words (shown while the text fits; a cut text shows itself whole)."""
        self._tip = text
        self._fit()

    def shown(self) -> str:
        """What is painted: the text, or its cut version ending (or middled) with "…"."""
        return self._shown

    def is_elided(self) -> bool:
        return self._shown != self.text()

    def minimumSizeHint(self) -> QSize:
        return QSize(self._minimum, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        text = self.text()
        self._shown = self.fontMetrics().elidedText(text, self._mode, max(0, self.contentsRect().width()))
        self.setToolTip(plain_tooltip(text if self._shown != text else self._tip))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self._shown, QPalette.ColorRole.WindowText)
        painter.end()
