"""People: everyone in the room — face, name, number, online or not, friendship, quick stars."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from nosedive.room.snapshot import Person, RoomSnapshot
from nosedive.scoring import ScoreTable

from ..tr import tr
from ..widgets.avatar import avatar
from ..widgets.stars import StarRating
from .admission import AdmissionControls
from .common import CardView, facilitator_badge, plain_label


class PersonRow(QFrame):
    """One person. Signals: ``rate(key, stars)``, ``friend(key, on)``."""

    rate = Signal(str, int)
    friend = Signal(str, bool)

    def __init__(self, person: Person, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = person.key
        self.setProperty("row", True)
        self.setProperty("me", person.is_me)
        line = QHBoxLayout(self)
        line.setContentsMargins(10, 6, 10, 6)
        line.setSpacing(10)
        self.picture = plain_label(wrap=False)
        self.picture.setFixedSize(40, 40)
        line.addWidget(self.picture)
        names = QVBoxLayout()
        names.setSpacing(0)
        self.name = plain_label(wrap=False)
        self.name.setStyleSheet("font-size: 15px; font-weight: 800;")
        self.badge = facilitator_badge()
        self.badge.setVisible(person.is_facilitator)
        self.detail = plain_label("", "muted", wrap=False)
        for text in (self.name, self.detail):  # long names and states may be cut, never widen the row
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            text.setMinimumWidth(60)
        heading = QHBoxLayout()
        heading.setSpacing(6)
        heading.addWidget(self.name, 1)
        heading.addWidget(self.badge)
        names.addLayout(heading)
        names.addWidget(self.detail)
        line.addLayout(names, 1)
        self.score = plain_label(wrap=False)
        self.score.setStyleSheet("font-size: 20px; font-weight: 800;")
        self.score.setMinimumWidth(64)
        self.score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        line.addWidget(self.score)
        self.stars = StarRating(18)
        self.stars.rated.connect(lambda stars: self.rate.emit(self.key, stars))
        self.friend_button = QPushButton()
        self.friend_button.setProperty("kind", "friend")
        self.friend_button.setCheckable(True)
        self.friend_button.clicked.connect(lambda checked: self.friend.emit(self.key, checked))
        if not person.is_me:
            line.addWidget(self.stars)
            line.addWidget(self.friend_button)
        self._state: tuple[Person, str, int] | None = None  # what is on screen
        self.update_person(person)

    def update_person(self, person: Person, score: str = "", my_stars: int = 0) -> None:
        """Refresh what changed only: a busy room sends many snapshots."""
        state = (person, score, my_stars)
        if state == self._state:
            return
        previous = self._state[0] if self._state is not None else None
        self._state = state
        if previous is None or (previous.name, previous.label, previous.avatar, previous.is_facilitator) != (
                person.name, person.label, person.avatar, person.is_facilitator):
            label = person.label or person.name  # a shared name carries its fingerprint: who is who
            self.picture.setPixmap(avatar(person.key, person.name, person.avatar, 40))
            self.name.setText(tr("{name} (you)").format(name=label) if person.is_me else label)
            self.badge.setVisible(person.is_facilitator)
            role = tr(", facilitator") if person.is_facilitator else ""
            self.name.setAccessibleName(label + role)
            self.friend_button.setAccessibleName(tr("Friendship with {name}").format(name=label + role))
        dot = "●" if person.online else "○"
        status = tr("online") if person.online else tr("offline")
        relation = ""
        if person.is_friend:
            relation = tr(" · friend")
        elif person.i_befriended:
            relation = tr(" · waiting for them to add you")
        elif person.befriended_me:
            relation = tr(" · wants to be your friend")
        self.detail.setText(f"{dot} {status}{relation}")
        self.friend_button.setChecked(person.i_befriended)
        self.friend_button.setText(tr("Friend ✓") if person.i_befriended else tr("+ Friend"))
        self.friend_button.setMinimumWidth(86)
        self.score.setText(score)
        if my_stars and not self.stars.hasFocus():
            self.stars.set_chosen(my_stars)


class PeopleView(CardView):
    """Signals: ``rate(key, stars)``, ``friend(key, on)``, ``let_in(key)``, ``expel(key)``."""

    rate = Signal(str, int)
    friend = Signal(str, bool)
    let_in = Signal(str)
    expel = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("PEOPLE"), parent=parent)
        layout = self.body
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.list = QVBoxLayout(inner)
        self.list.setContentsMargins(0, 0, 6, 0)
        self.list.setSpacing(8)
        self.list.addStretch(1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        self.rows: dict[str, PersonRow] = {}
        self._pending: dict[str, tuple[Person, str, int]] = {}
        self._order: list[str] = []
        self._placed: list[str] = []
        self._reordered = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_refresh)
        self.admission = AdmissionControls(self)  # the facilitator's buttons; rating off while I wait
        self.admission.let_in.connect(self.let_in)
        self.admission.expel.connect(self.expel)

    ROWS_PER_TURN = 12  # rows refreshed per event-loop turn: no long stall in a busy room
    REORDER_SECONDS = 0.5

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        """Queue the rows' new state; they are refreshed a few at a time."""
        table: ScoreTable = snap.scores
        self.admission.show_snapshot(snap)
        ordered = sorted(snap.people, key=lambda p: (p.status != "waiting", not p.is_me, -table.score(p.key).final,
                                                     (p.label or p.name).casefold()))  # who waits comes first
        self.set_title(tr("PEOPLE · {count} IN THE ROOM").format(count=len(ordered)))
        my_stars = {item.subject: item.stars for item in snap.feed  # latest wins: the feed is in order
                    if item.type == "rate" and item.author == snap.me and item.subject and item.stars}
        for person in ordered:
            self._pending[person.key] = (person, table.format(table.score(person.key).final),
                                         my_stars.get(person.key, 0))
        self._order = [person.key for person in ordered]
        self._timer.start(0)

    def _on_timer_refresh(self) -> None:
        for _ in range(min(self.ROWS_PER_TURN, len(self._pending))):
            key, (person, score, stars) = self._pending.popitem()
            row = self.rows.get(key)
            if row is None:
                row = self.rows[key] = PersonRow(person)
                row.rate.connect(self.rate)
                row.friend.connect(self.friend)
                self.list.insertWidget(self.list.count() - 1, row)
            row.update_person(person, score, stars)
            self.admission.update_row(row, person, row.stars, row.friend_button)
        if self._pending:
            return
        now = time.monotonic()
        wait = self.REORDER_SECONDS - (now - self._reordered)
        if self._placed != self._order and wait > 0:
            self._timer.start(int(wait * 1000) + 1)  # sleep until re-sorting is due; no spinning
            return
        if self._placed != self._order:
            for index, key in enumerate(self._order):  # keep the list in score order
                if self.list.indexOf(self.rows[key]) != index:
                    self.list.insertWidget(index, self.rows[key])
            self._placed, self._reordered = list(self._order), now
        self._timer.stop()
