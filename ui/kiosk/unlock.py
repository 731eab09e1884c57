"""The facilitator's way out of a kiosk: the kiosk code, then Quit, Leave fullscreen or Back."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from nosedive.core.kiosk_code import KioskCode

from ..tr import tr
from ..views.common import plain_label


class UnlockPanel(QFrame):
    """Signals: quit_wanted(), windowed_wanted(); both only after the right code."""

    quit_wanted = Signal()
    windowed_wanted = Signal()

    def __init__(self, code: KioskCode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = code
        self.setObjectName("Unlock")
        self.setStyleSheet("QFrame#Unlock { background: rgba(23, 17, 26, 235); border-radius: 24px; }"
                           " QLabel { color: white; font-size: 28px; } QLineEdit { font-size: 28px; padding: 10px; }"
                           " QPushButton { font-size: 24px; padding: 10px 22px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 30, 36, 30)
        self.prompt = plain_label(tr("The kiosk code, please (ask the facilitator)"), wrap=True)
        layout.addWidget(self.prompt)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self._on_field_return)
        layout.addWidget(self.field)
        row = QHBoxLayout()
        self.cancel = QPushButton(tr("Back"))
        self.cancel.clicked.connect(self.close_panel)
        self.windowed = QPushButton(tr("Leave fullscreen"))
        self.windowed.clicked.connect(self.windowed_wanted)
        self.quit = QPushButton(tr("Quit the kiosk"))
        self.quit.clicked.connect(self.quit_wanted)
        for button in (self.cancel, self.windowed, self.quit):
            row.addWidget(button)
        layout.addLayout(row)
        self.unlocked = False
        self.hide()

    def open_panel(self) -> None:
        self.unlocked = False
        self.field.clear()
        self.field.show()
        self.windowed.hide()
        self.quit.hide()
        self.prompt.setText(tr("The kiosk code, please (ask the facilitator)"))
        parent = self.parentWidget()
        if parent is not None:
            self.setFixedWidth(min(760, parent.width() - 40))
            self.adjustSize()
            self.move((parent.width() - self.width()) // 2, (parent.height() - self.height()) // 2)
        self.show()
        self.raise_()
        self.field.setFocus()

    def close_panel(self) -> None:
        self.unlocked = False
        self.hide()

    def _on_field_return(self) -> None:
        if not self._code.matches(self.field.text()):
            self.field.clear()
            self.prompt.setText(tr("That is not the kiosk code."))
            return
        self.unlocked = True
        self.field.hide()
        self.prompt.setText(tr("Unlocked."))
        self.windowed.show()
        self.quit.show()
        self.adjustSize()
        self.windowed.setFocus(Qt.FocusReason.OtherFocusReason)
