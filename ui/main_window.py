"""The main window: composes the views and routes snapshots to them. No logic of its own."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from nosedive.room.snapshot import FeedItem, RoomSnapshot

from .bridge import NodeBridge
from .tr import tr
from .views.access import AccessView
from .views.admission import WaitingBanner
from .views.code import JoinCodeView
from .views.common import plain_label
from .views.drag import DragView
from .views.feed import FeedView, Toast, describe, shown_names
from .views.history import HistoryView
from .views.me import MeView
from .views.people import PeopleView
from .views.status import StatusView


class MainWindow(QMainWindow):
    def __init__(self, bridge: NodeBridge) -> None:
        super().__init__()
        self.bridge = bridge
        self.snapshot: RoomSnapshot | None = None
        self.setWindowTitle(tr("Nosedive"))
        root = QWidget()
        root.setObjectName("Root")
        self.setCentralWidget(root)
        page = QVBoxLayout(root)
        page.setContentsMargins(22, 16, 22, 0)
        page.setSpacing(14)
        page.addLayout(self._header())
        self.banner = WaitingBanner()  # "Waiting for the facilitator to let you in"
        page.addWidget(self.banner)
        body = QHBoxLayout()
        body.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(16)
        self.me, self.access = MeView(), AccessView()
        left.addWidget(self.me, 5)
        left.addWidget(self.access, 4)
        body.addLayout(left, 3)
        self.people = PeopleView()
        body.addWidget(self.people, 6)
        self.tabs = QTabWidget()
        self.drag, self.feed, self.history = DragView(), FeedView(), HistoryView()
        self.tabs.addTab(self.drag, tr("Drag"))
        self.tabs.addTab(self.feed, tr("Feed"))
        self.tabs.addTab(self.history, tr("History"))
        body.addWidget(self.tabs, 4)
        page.addLayout(body, 1)
        self.status = StatusView()
        page.addWidget(self.status)
        self.toast = Toast(root)
        self._wire()
        self._shortcuts()

    def _header(self) -> QHBoxLayout:
        line = QHBoxLayout()
        logo = plain_label("nosedive", wrap=False)
        logo.setStyleSheet("font-size: 30px; font-weight: 900; font-style: italic; color: #f08aa3;"
                           " letter-spacing: -1px;")
        line.addWidget(logo)
        self.subtitle = plain_label(tr("rate the people around you"), "muted", wrap=False)
        line.addWidget(self.subtitle)
        line.addStretch(1)
        self.waiting = plain_label(tr("Finding the room…"), "muted", wrap=False)
        line.addWidget(self.waiting)
        self.join_code = JoinCodeView()  # the facilitator's: large, for the projector
        line.addWidget(self.join_code)
        return line

    def _wire(self) -> None:
        bridge = self.bridge
        bridge.connect_to(bridge.snapshot, self.show_snapshot)
        bridge.connect_to(bridge.rated_you, self._on_bridge_rated_you)
        bridge.connect_to(bridge.error, self.status.show_error)
        bridge.connect_to(bridge.no_peers, lambda event: None)  # the snapshot carries the warning text
        self.people.rate.connect(bridge.rate)
        self.people.friend.connect(bridge.befriend)
        self.people.let_in.connect(bridge.admit)
        self.people.expel.connect(bridge.expel)
        self.status.add_peer.connect(bridge.add_peer)
        self.status.join_code.connect(bridge.join_with_code)

    def _shortcuts(self) -> None:
        for index in range(3):
            QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self, lambda i=index: self.tabs.setCurrentIndex(i))
        QShortcut(QKeySequence("F11"), self, self.toggle_fullscreen)
        QShortcut(QKeySequence("Ctrl+L"), self, lambda: self.status.peer_field.setFocus())
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: self.people.setFocus())
        QShortcut(QKeySequence.StandardKey.Quit, self, self.close)

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.snapshot = snap
        self.waiting.hide()
        for view in (self.banner, self.me, self.access, self.people, self.drag, self.feed, self.history, self.status,
                     self.join_code):
            view.show_snapshot(snap)

    def _on_bridge_rated_you(self, item: FeedItem) -> None:
        if self.snapshot is None:
            return
        text = describe(item, shown_names(self.snapshot), self.snapshot.me)  # labels: who is who
        if text:
            self.toast.show_message(text)
