"""The room's join code in large type, for the facilitator to put on the projector."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot

from ..tr import tr
from .common import plain_label


class JoinCodeView(QFrame):
    """Shown to the facilitator while the room has a code: newcomers type it in ``nosedive join`` or the app.

    Every member holds the code (the status bar shows it to them in small type); only the facilitator's
    screen shows it this large.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("JoinCode")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 4, 14, 4)
        layout.setSpacing(0)
        self.caption = plain_label(tr("Join code"), "muted", wrap=False)
        self.code = plain_label("", wrap=False)
        self.code.setStyleSheet("font-size: 34px; font-weight: 900; color: #c24562; letter-spacing: 1px;")
        layout.addWidget(self.caption)
        layout.addWidget(self.code)
        self.hide()

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.code.setText(snap.join_code)
        self.setVisible(bool(snap.join_code) and snap.me == snap.facilitator)
