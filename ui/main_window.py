"""The main window: composes the views, routes snapshots to them, and says what changed for me.

Type and spacing follow the window's size (:func:`theme.scale_for`): a small laptop gets compact
rows, a projector gets type readable from the back of the room.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from nosedive.room.snapshot import FeedItem, RoomSnapshot

from . import theme
from .bridge import NodeBridge
from .staged import SnapshotStages
from .tr import tr
from .views.access import AccessView, DoorChange
from .views.admission import WaitingBanner
from .views.agencies import AgenciesView
from .views.code import JoinCodeView
from .views.common import plain_label
from .views.drag import DragView
from .views.feed import FeedView, Toast, describe, shown_names
from .views.groups import GroupsView
from .views.history import HistoryView
from .views.me import MeView
from .views.notices import NoticeBar
from .views.people import PeopleView
from .views.records import RecordsView
from .views.status import StatusView
from .widgets.elided import ElidedLabel


class MainWindow(QMainWindow):
    def __init__(self, bridge: NodeBridge) -> None:
        super().__init__()
        self.bridge = bridge
        self.snapshot: RoomSnapshot | None = None
        self.scale = 0.0  # not styled yet
        self.underclass = False
        self.setWindowTitle(tr("Nosedive"))
        self.root = root = QWidget()
        root.setObjectName("Root")
        # The window's size is the person's to choose; the type follows it (see _restyle). Without this, the
        # big type of a projector would hold the window at its size when it is made smaller again.
        root.setMinimumSize(800, 500)
        self.setCentralWidget(root)
        page = QVBoxLayout(root)
        page.setContentsMargins(22, 16, 22, 0)
        page.setSpacing(14)
        page.addLayout(self._header())
        self.banner = WaitingBanner()  # "Waiting for the facilitator to let you in"
        page.addWidget(self.banner)
        self.notices = NoticeBar()  # the underclass; rating closed; the newest announcement
        page.addWidget(self.notices)
        body = QHBoxLayout()
        body.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(16)
        self.me, self.access = MeView(), AccessView()
        left.addWidget(self.me, 5)
        left.addWidget(self.access, 4)
        self.agencies = AgenciesView()  # in its place when the room has agencies: the room's doors and theirs
        self.agencies.hide()
        left.addWidget(self.agencies, 4)
        body.addLayout(left, 4)
        self.people = PeopleView()
        body.addWidget(self.people, 7)
        self.tabs = QTabWidget()
        self.tabs.tabBar().setUsesScrollButtons(False)  # a narrow column cuts the tabs' words, never hides a tab
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.drag, self.feed, self.history = DragView(), FeedView(), HistoryView()
        self.tabs.addTab(self.drag, tr("Drag"))
        self.tabs.addTab(self.feed, tr("Feed"))
        self.tabs.addTab(self.history, tr("History"))
        self.records = RecordsView()  # report, my records and appeals, roles; confirm and rule when mine to do
        self.tabs.addTab(self.records, tr("Records"))
        self.groups = GroupsView(root)  # a tab of its own only in a room whose policy has groups
        self.groups.hide()
        body.addWidget(self.tabs, 4)
        self.columns = body  # a room with groups gives the tabs more room, for a fifth tab
        page.addLayout(body, 1)
        self.status = StatusView()
        page.addWidget(self.status)
        self.toast = Toast(root)
        for index in range(self.tabs.count()):  # a tab cut to "His…" in a narrow column says its name
            self.tabs.setTabToolTip(index, self.tabs.tabText(index))
        self._wire()
        self._shortcuts()
        self._restyle(theme.scale_for(1280, 800))

    def _header(self) -> QHBoxLayout:
        line = QHBoxLayout()
        logo = plain_label("nosedive", wrap=False)
        logo.setObjectName("Logo")
        line.addWidget(logo)
        self.subtitle = ElidedLabel(tr("rate the people around you"), "muted")
        line.addWidget(self.subtitle, 1)
        self.waiting = plain_label(tr("Finding the room…"), "muted", wrap=False)
        line.addWidget(self.waiting)
        self.join_code = JoinCodeView()  # the facilitator's: large, for the projector
        line.addWidget(self.join_code)
        return line

    def _wire(self) -> None:
        bridge = self.bridge
        self.stages = SnapshotStages(self)
        bridge.connect_to(bridge.snapshot, self.stages.offer)
        bridge.connect_to(bridge.rated_you, self._on_bridge_rated_you)
        bridge.connect_to(bridge.error, self.status.show_error)
        bridge.connect_to(bridge.no_peers, lambda event: None)  # the snapshot carries the warning text
        self.people.rate.connect(bridge.rate)
        self.people.friend.connect(bridge.befriend)
        self.people.let_in.connect(bridge.admit)
        self.people.expel.connect(bridge.expel)
        self.records.report.connect(bridge.report)
        self.records.appeal.connect(bridge.appeal)
        self.records.confirm.connect(bridge.confirm)
        self.records.rule.connect(bridge.rule)
        self.status.add_peer.connect(bridge.add_peer)
        self.status.join_code.connect(bridge.join_with_code)
        self.access.changed.connect(self._on_access_changed)
        self.agencies.changed.connect(self._on_access_changed)
        self.groups.join.connect(bridge.join_group)
        self.groups.leave.connect(bridge.leave_group)
        self.groups.add.connect(bridge.add_to_group)
        self.groups.new_group.connect(bridge.create_group)
        self.groups.told.connect(self._on_groups_told)
        self.notices.underclass.connect(self._on_notices_underclass)

    def _shortcuts(self) -> None:
        for index in range(3):
            QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self, lambda i=index: self.tabs.setCurrentIndex(i))
        QShortcut(QKeySequence("F11"), self, self.toggle_fullscreen)
        QShortcut(QKeySequence("Ctrl+L"), self, self.focus_peer_field)
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: self.people.setFocus())
        QShortcut(QKeySequence.StandardKey.Quit, self, self.close)

    def focus_peer_field(self) -> None:
        """Ctrl+L: the address field, shown even when peers are connected (it hides again when left empty)."""
        self.status.warning.show()
        self.status.peer_field.setFocus()

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        scale = theme.scale_for(event.size().width(), event.size().height())
        if scale != self.scale:
            self._restyle(scale)
        self._fit_columns()

    def _restyle(self, scale: float) -> None:
        """The whole look again: at another size, or on falling into (or rising out of) the underclass."""
        self.scale = scale
        self.setStyleSheet(theme.stylesheet(scale, theme.UNDERCLASS if self.underclass else None))
        self.root.setProperty("underclass", self.underclass)
        theme.fit_layouts(self.root, scale)

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        """Every view at once; the node's snapshots come through self.stages, a few views a turn (ui/staged.py)."""
        self.stages.apply_now(snap)

    def show_header(self, snap: RoomSnapshot) -> None:
        self.waiting.hide()
        self.subtitle.setText(self._round_line(snap) or tr("rate the people around you"))

    def show_society(self, snap: RoomSnapshot) -> None:
        """Agencies in the Access card's place, and the Groups tab, only in a room whose policy has them."""
        self.agencies.setVisible(bool(snap.agencies))
        self.access.setVisible(not snap.agencies)
        index = self.tabs.indexOf(self.groups)
        if GroupsView.applies(snap) and index < 0:
            index = self.tabs.addTab(self.groups, tr("Groups"))
            self.tabs.setTabToolTip(index, self.tabs.tabText(index))
        elif not GroupsView.applies(snap) and index >= 0:
            self.tabs.removeTab(index)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """A fifth tab (Groups) that would be cut in the tabs' usual share takes a little of People's width:
        the least that fits (4:7:4 is the usual left:People:tabs)."""
        room = self.root.width() - 76  # the page's margins and the columns' spacing
        needed = self.tabs.tabBar().sizeHint().width() if self.tabs.indexOf(self.groups) >= 0 else 0
        people, tabs = next(((p, t) for p, t in ((7, 4), (7, 5), (6, 5)) if room * t / (4 + p + t) >= needed),
                            (5, 6))
        self.columns.setStretch(1, people)
        self.columns.setStretch(2, tabs)

    @staticmethod
    def _round_line(snap: RoomSnapshot) -> str:
        """The round under the logo while one runs: "Round 2: double damage · until 14:05"."""
        current = snap.round
        if current.state != "running" or not current.label:
            return current.label if current.state == "paused" else ""
        if current.ends_at is None:
            return current.label
        until = dt.datetime.fromtimestamp(current.ends_at / 1000).strftime("%H:%M")
        return tr("{round} · until {time}").format(round=current.label, time=until)

    def _on_bridge_rated_you(self, item: FeedItem) -> None:
        if self.snapshot is None:
            return
        text = describe(item, shown_names(self.snapshot), self.snapshot.me)  # labels: who is who
        if text:
            self.toast.show_message(text)

    def _on_access_changed(self, changes: tuple[DoorChange, ...]) -> None:
        sentences = [change.sentence() for change in changes]
        for sentence in sentences:
            self.feed.add_note(sentence)
        self.toast.show_message(" · ".join(sentences), 5.0, "good" if all(c.good for c in changes) else "bad")

    def _on_groups_told(self, sentence: str, kind: str) -> None:
        self.feed.add_note(sentence)
        self.toast.show_message(sentence, 5.0, kind)

    def _on_notices_underclass(self, grade: str) -> None:
        fell = bool(grade)
        if fell == self.underclass:
            return
        self.underclass = fell
        self._restyle(self.scale)
        said = (tr("You fell into {grade}. People will see it.").format(grade=grade) if fell
                else tr("You rose out of the lowest grade."))
        self.feed.add_note(said)
        self.toast.show_message(said, 5.0, "bad" if fell else "good")
