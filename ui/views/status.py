"""Status: room, peers, catching up — and, when nobody is found, what to do about it."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot

from ..tr import tr
from ..widgets.progress_line import ProgressLine
from .common import plain_label


class StatusView(QWidget):
    """Signals: ``add_peer(str)`` with what the person typed (HOST:PORT); ``join_code(str)`` with a join
    code typed again after a join went wrong."""

    add_peer = Signal(str)
    join_code = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.warning = QFrame()
        self.warning.setObjectName("Warning")
        warning_layout = QHBoxLayout(self.warning)
        warning_layout.setContentsMargins(16, 10, 16, 10)
        self.warning_text = plain_label()
        warning_layout.addWidget(self.warning_text, 1)
        self.peer_field = QLineEdit()
        self.peer_field.setPlaceholderText(tr("peer address, e.g. 192.168.1.20:41234"))
        self.peer_field.setMinimumWidth(260)
        self.peer_field.returnPressed.connect(self._on_add)
        warning_layout.addWidget(self.peer_field)
        connect = QPushButton(tr("Connect"))
        connect.clicked.connect(self._on_add)
        warning_layout.addWidget(connect)
        self.code_field = QLineEdit()
        self.code_field.setPlaceholderText(tr("join code, e.g. 7-guitar-harbor"))
        self.code_field.setMinimumWidth(200)
        self.code_field.returnPressed.connect(self._on_code)
        warning_layout.addWidget(self.code_field)
        self.warning.hide()
        outer.addWidget(self.warning)
        bar = QFrame()
        bar.setObjectName("StatusBar")
        line = QHBoxLayout(bar)
        line.setContentsMargins(18, 8, 18, 8)
        self.room = plain_label(wrap=False)
        self.room.setStyleSheet("font-weight: 800;")
        self.peers = plain_label("", "muted")
        self.address = plain_label("", "muted")
        self.code = plain_label("", "muted")  # every member holds the code; the facilitator's header shows it large
        self.progress = ProgressLine(180)  # asks for a paint with the frame, never paints the window at once
        self.progress.hide()
        self.progress_text = plain_label("", "muted")
        for widget in (self.peers, self.address, self.progress_text, self.code):
            widget.setWordWrap(False)
        for part in (self.room, self.peers, self.progress, self.progress_text):
            line.addWidget(part)
        line.addStretch(1)
        line.addWidget(self.code)
        line.addWidget(self.address)
        outer.addWidget(bar)

    def _on_add(self) -> None:
        text = self.peer_field.text().strip()
        if text:
            self.add_peer.emit(text)
            self.peer_field.clear()

    def _on_code(self) -> None:
        text = self.code_field.text().strip()
        if text:
            self.join_code.emit(text)
            self.code_field.clear()

    def show_error(self, text: str) -> None:
        self.warning_text.setText(text)
        self.warning.show()

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.room.setText(tr("Room: {name}").format(name=snap.room_name))
        peers = (tr("no peer connected") if snap.peers_connected == 0 else tr("1 peer connected")
                 if snap.peers_connected == 1 else tr("{count} peers connected").format(count=snap.peers_connected))
        messages = (tr("1 message") if snap.messages_held == 1
                    else tr("{count} messages").format(count=snap.messages_held))
        self.peers.setText(f"{peers} · {messages}")
        self.code.setText(tr("Join code: {code}").format(code=snap.join_code) if snap.join_code else "")
        self.code_field.setVisible(False)  # in the room: no code to type
        self.address.setText(tr("This machine: {address}").format(address=", ".join(snap.addresses))
                             if snap.addresses else "")
        remaining = snap.sync_remaining
        self.progress.setVisible(remaining > 0)
        self.progress_text.setVisible(remaining > 0)
        if remaining > 0:
            total = snap.messages_held + remaining
            self.progress.set_range(0, total)
            self.progress.set_value(snap.messages_held)
            self.progress_text.setText(tr("catching up: {n} to go").format(n=remaining))
        if snap.warning:
            self.warning_text.setText(snap.warning)
            self.warning.show()
        elif snap.peers_connected and not self.peer_field.hasFocus():  # not while Ctrl+L put someone there
            self.warning.hide()
