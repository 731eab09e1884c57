"""Agencies: the room's own score and every agency's (bank, transport, court…), each on its own scale, with
its grade, the lists of it I am on, and its doors — a door a joint punishment closed says who closed it.

It takes the Access card's place in a room whose policy has agencies (the room's own doors come last), and
like Access it says what changed since the last snapshot, so a blacklisting is felt at once. Everything
comes settled in the snapshot (``snap.agencies``): this view only lays it out.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from nosedive.core.policy_society import Agency
from nosedive.room.snapshot import AgencyStanding, RoomSnapshot
from nosedive.scoring import TierStatus

from ..tr import tr
from ..widgets.elided import ElidedLabel
from ..widgets.mini_ring import MiniRing
from .access import DoorChange, DoorRow
from .common import CardView, clear_layout, plain_label


@dataclass(frozen=True)
class Standing:
    """One card's worth: the room's own score, or one agency's, in words ready to show."""

    name: str
    title: str
    score: str
    share: float | None  # where the score sits on its scale, for the ring; None: no score (or scale) known
    grade: str
    lists: tuple[str, ...]
    doors: tuple[TierStatus, ...]
    lines: tuple[str, ...]
    detail: Callable[[TierStatus], str]  # "from 600 pts · 112 to go", on this standing's scale

    def key(self) -> tuple[object, ...]:
        return (self.title, self.score, self.share, self.grade, self.lists, self.doors, self.lines,
                tuple(self.detail(door) for door in self.doors))


def room_standing(snap: RoomSnapshot) -> Standing:
    """The room's own score and doors, as the first card."""
    table, me = snap.scores, snap.me
    known = me in table.people
    score = table.score(me)
    policy = table.policy
    share = (score.final - policy.low) / ((policy.high - policy.low) or 1) if known else None

    def detail(tier: TierStatus) -> str:
        words = tr("from {threshold} · {distance} to spare") if tier.distance >= 0 \
            else tr("from {threshold} · {distance} to go")
        return words.format(threshold=table.format(tier.threshold), distance=table.format(abs(tier.distance)))
    return Standing("", policy.title or snap.room_name, table.format(score.final) if known else "—", share,
                    table.grade(me) or "", (), tuple(table.tiers(me)), (), detail)


def agency_standing(agency: AgencyStanding, rules: Agency | None) -> Standing:
    """One agency's card; *rules* (the policy's agency) give its scale, for the ring and the doors' distances."""
    share = None
    if rules is not None and agency.value is not None:
        share = (agency.value - rules.low) / ((rules.high - rules.low) or 1)

    def detail(tier: TierStatus) -> str:
        if rules is None:
            return ""
        words = tr("from {threshold} · {distance} to spare") if tier.distance >= 0 \
            else tr("from {threshold} · {distance} to go")
        return words.format(threshold=rules.format(tier.threshold), distance=rules.format(abs(tier.distance)))
    return Standing(agency.name, agency.title or agency.name, agency.score, share, agency.grade, agency.lists,
                    agency.doors, agency.lines, detail)


class AgencyCard(QFrame):
    """A ring, the agency's name, its score and grade, the lists I am on, its doors; "Why?" shows its lines."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agency = name
        self.setProperty("agency", True)  # a section of the card, a line above it: no frame in a frame
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 10, 0, 4)
        column.setSpacing(6)
        head = QGridLayout()
        head.setHorizontalSpacing(10)
        head.setVerticalSpacing(0)
        self.ring = MiniRing()
        head.addWidget(self.ring, 0, 0, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        self.title = plain_label("", "name")  # the room's words; wrapped, never cut
        self.score = ElidedLabel("", "agency-score")
        head.addWidget(self.title, 0, 1)
        head.addWidget(self.score, 1, 1)
        head.setColumnStretch(1, 1)
        self.why = QPushButton(tr("Why this score?"))
        self.why.setProperty("kind", "toggle")
        self.why.setCheckable(True)
        self.why.setAccessibleName(tr("Why this score"))
        self.why.toggled.connect(self._on_why_toggled)
        column.addLayout(head)
        self.lists = plain_label("", "listed")  # "On its lists: blacklist" — the agency's words, plain
        self.lists.hide()
        column.addWidget(self.lists)
        self.doors = QVBoxLayout()
        self.doors.setSpacing(5)
        column.addLayout(self.doors)
        column.addWidget(self.why, 0, Qt.AlignmentFlag.AlignLeft)
        self.lines = plain_label("", "muted")
        self.lines.hide()
        column.addWidget(self.lines)
        self.rows: list[DoorRow] = []
        self._shown: object = None

    def show_standing(self, standing: Standing) -> None:
        key = standing.key()
        if key == self._shown:
            return
        self._shown = key
        self.title.setText(standing.title)
        self.score.setText(tr("{score} · {grade}").format(score=standing.score, grade=standing.grade)
                           if standing.grade else standing.score)
        listed = any(door.locked_by for door in standing.doors) or bool(standing.lists)
        self.ring.set_share(standing.share, "bad" if listed else "accent")
        self.lists.setText(tr("On its lists: {lists}").format(lists=", ".join(standing.lists)))
        self.lists.setVisible(bool(standing.lists))
        doors = sorted(standing.doors, key=lambda door: door.threshold)
        if [row.door for row in self.rows] != [door.name for door in doors]:
            clear_layout(self.doors)
            self.rows = [DoorRow(door.name) for door in doors]
            for row in self.rows:
                row.grid.setContentsMargins(10, 4, 8, 4)  # before its first fit, which keeps these as its sizes
                self.doors.addWidget(row)
        for row, door in zip(self.rows, doors, strict=True):
            row.show_tier(door, standing.detail(door))
        self.lines.setText("\n".join(standing.lines) or tr("No explanation yet: no score."))
        self.why.setVisible(bool(standing.lines))
        self.lines.setVisible(self.why.isChecked() and bool(standing.lines))

    def _on_why_toggled(self, on: bool) -> None:
        self.lines.setVisible(on)

    def explanation(self) -> str:
        return self.lines.text()


class AgenciesView(CardView):
    """Signals: ``changed(tuple[DoorChange, ...])`` when a door of an agency moved (never on the first
    snapshot), with the joint punishment's sentence when a list closed it."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("AGENCIES"), spacing=8, parent=parent)
        self.body.setContentsMargins(14, 14, 8, 14)  # the doors get the width: the left column is narrow
        scroll = QScrollArea()  # several agencies and their doors: they scroll, never squeeze
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(0, 0, 0, 0)
        # Every agency at a glance, first in the scroll (a wrapped label beside the scroll area would make the
        # whole card ask for its height, and squeeze the big dial above it).
        self.summary = plain_label("", "muted")
        outer.addWidget(self.summary)
        self.list = QVBoxLayout()
        self.list.setSpacing(8)
        outer.addLayout(self.list)
        outer.addStretch(1)
        scroll.setWidget(inner)
        self.body.addWidget(scroll, 1)
        self.cards: list[AgencyCard] = []
        self.states: dict[tuple[str, str], str] | None = None  # (agency, door) → state; None before the first

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        rules = snap.scores.policy.society.agencies
        standings = ([*(agency_standing(a, rules.get(a.name)) for a in snap.agencies), room_standing(snap)]
                     if snap.agencies else [])  # the room's own doors last: its score is the big dial already
        if [card.agency for card in self.cards] != [s.name for s in standings]:
            clear_layout(self.list)
            self.cards = [AgencyCard(s.name) for s in standings]
            for card in self.cards:
                self.list.addWidget(card)
        for card, standing in zip(self.cards, standings, strict=True):
            card.show_standing(standing)
        self.summary.setText(" · ".join(
            tr("{agency} {score}").format(agency=a.title or a.name, score=a.score)
            + (tr(" (on its {lists})").format(lists=", ".join(a.lists)) if a.lists else "") for a in snap.agencies))
        self._tell_changes(standings)

    def card(self, name: str) -> AgencyCard | None:
        return next((card for card in self.cards if card.agency == name), None)

    def _tell_changes(self, standings: list[Standing]) -> None:
        now = {(s.name, door.name): (door.state, door.locked_by, s.title)
               for s in standings if s.name for door in s.doors}
        before, self.states = self.states, {key: state for key, (state, _, _) in now.items()}
        if before is None:
            return
        changes = tuple(
            DoorChange(tr("{door} ({agency})").format(door=door, agency=title), before[(name, door)], state, reason)
            for (name, door), (state, reason, title) in now.items()
            if (name, door) in before and before[(name, door)] != state)
        if changes:
            self.changed.emit(changes)
