"""My groups: families, employers, vehicles — who is in each, its score, what its chain costs me and why;
invitations to accept, groups to leave, a new group of a kind the room allows, and someone to add.

Nothing is decided here: ``snap.my_groups`` comes settled from the engine (states, scores, costs and
sentences at the snapshot's instant), and every button sends one node command through the signals —
the node refuses, with the reason, what the rules do not allow (not the owner, a kind only the
facilitator makes…). Names are labels typed by participants and group names too: plain text only.
"""
from __future__ import annotations

from collections.abc import Hashable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nosedive.room.snapshot import GroupStanding, RoomSnapshot
from nosedive.scoring import group_kinds

from ..tr import tr
from ..widgets.elided import ElidedLabel
from . import record_words as words
from .common import CardView, narrow, plain_label
from .new_group import NewGroupForm, creatable_kinds


def members_line(snap: RoomSnapshot, group: GroupStanding) -> str:
    """"Ana, Ben, you": labels (a shared name with its fingerprint), me last as "you"."""
    names = [words.name_of(snap, key) for key in group.members if key != snap.me]
    if snap.me in group.members:
        names.append(tr("you"))
    return ", ".join(names) if names else tr("nobody yet")


def state_line(snap: RoomSnapshot, group: GroupStanding) -> str:
    """What my place in the group is, and what it costs me, in a line."""
    cost = snap.scores.format_signed(group.costs_me)
    if group.state == "invited":
        return tr("You were added: join to accept (its members' records will reach you)")
    if group.state == "asked":
        return tr("You asked to join: waiting for its owner to add you")
    if group.state == "left":
        return (tr("You are no longer in it · it still costs you {cost}").format(cost=cost) if group.costs_me
                else tr("You are no longer in it"))  # left, or taken out: either way, the past may still count
    if group.costs_me == 0:
        return tr("costs you nothing now")
    return tr("costs you {cost}").format(cost=cost) if group.costs_me < 0 else tr("lifts you {cost}").format(cost=cost)


FEW_LINES = 3  # a group's reasons shown before "All N reasons"


def held_by(snap: RoomSnapshot, group: str) -> tuple[str, bool]:
    """(its owner, whether the facilitator assigned it), as the engine settled them; ("", False) if unknown."""
    society = snap.scores.society
    held = society.groups.groups.get(group) if society is not None and society.groups is not None else None
    return (held.owner, held.by_facilitator) if held is not None else ("", False)


class GroupCard(QFrame):
    """One group: name and kind, its score, members, what it costs me and why; Join/Leave and Add someone.
    Signals: ``join(group)``, ``leave(group)``, ``add(group, person)``."""

    join = Signal(str)
    leave = Signal(str)
    add = Signal(str, str)

    def __init__(self, group: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.setProperty("row", True)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 10)
        column.setSpacing(4)
        head = QGridLayout()
        head.setHorizontalSpacing(8)
        head.setVerticalSpacing(0)
        self.name = ElidedLabel("", "name", mode=Qt.TextElideMode.ElideMiddle)
        self.kind = plain_label("", wrap=False)
        self.kind.setProperty("chip", True)
        self.kind.setObjectName("GroupKind")
        head.addWidget(self.name, 0, 0)
        head.addWidget(self.kind, 0, 1, Qt.AlignmentFlag.AlignVCenter)
        head.setColumnStretch(0, 1)
        column.addLayout(head)
        self.state = plain_label("", "cost")
        self.score = plain_label("", "muted")
        column.addWidget(self.score)
        self.members = plain_label("", "muted")
        self.lines = plain_label("", "muted")
        for label in (self.state, self.members, self.lines):
            column.addWidget(label)
        self.more = QPushButton()  # a family in a long session gathers many records: the newest few, then all
        self.more.setProperty("kind", "toggle")
        self.more.setCheckable(True)
        self.more.toggled.connect(self._show_lines)
        column.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.assigned = plain_label(tr("Assigned by the facilitator: you cannot leave it."), "muted")
        column.addWidget(self.assigned)
        self._lines: tuple[str, ...] = ()
        adding = QHBoxLayout()
        adding.setSpacing(6)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.person = narrow(QComboBox())
        self.person.setAccessibleName(tr("Whom to add to the group"))
        self.add_button = QPushButton(tr("Add"))
        self.add_button.setProperty("kind", "ghost")
        self.add_button.setAccessibleName(f"add to {group}")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.join_button = QPushButton(tr("Join"))
        self.join_button.setProperty("kind", "primary")
        self.join_button.setAccessibleName(f"join {group}")
        self.join_button.clicked.connect(partial(self.join.emit, group))
        self.leave_button = QPushButton(tr("Leave"))
        self.leave_button.setProperty("kind", "ghost")
        self.leave_button.setAccessibleName(f"leave {group}")
        self.leave_button.clicked.connect(partial(self.leave.emit, group))
        adding.addWidget(self.person, 1)
        adding.addWidget(self.add_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.join_button)
        self.buttons.addWidget(self.leave_button)
        column.addLayout(adding)
        column.addLayout(self.buttons)
        self._shown: Hashable = None

    def show_group(self, snap: RoomSnapshot, group: GroupStanding, parent_name: str) -> None:
        addable = [(words.name_of(snap, p.key), p.key) for p in words.reportable(snap) if p.key not in group.members]
        key = (group, parent_name, tuple(addable), tuple((p.key, p.label) for p in snap.people),
               snap.scores.format_signed(0))
        if key == self._shown:
            return
        self._shown = key
        if self.property("invited") != (group.state == "invited"):  # the butter colour of an invitation
            self.setProperty("invited", group.state == "invited")
            self.style().unpolish(self)
            self.style().polish(self)
        self.name.setText(group.name)
        self.kind.setText(group.kind)
        self.score.setText(tr("the group's own score: {score}").format(score=group.score))
        self.state.setText(state_line(snap, group))
        self.state.setProperty("tone", "bad" if group.costs_me < 0 else ("good" if group.costs_me > 0 else ""))
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        members = tr("Members: {names}").format(names=members_line(snap, group))
        if parent_name:
            members += "\n" + tr("Belongs to {group}").format(group=parent_name)
        self.members.setText(members)
        self._lines = group.lines
        self._show_lines(self.more.isChecked())
        member = group.state == "member"
        owner, assigned = held_by(snap, group.id)
        mine = owner == snap.me
        chosen = self.person.currentData()
        self.person.clear()
        self.person.addItem(tr("add someone…"), "")
        for text, data in addable:
            self.person.addItem(text, data)  # combo items are plain text
        self.person.setCurrentIndex(max(0, self.person.findData(chosen)))
        self.person.setVisible(member and mine and bool(addable))  # only its owner adds people
        self.add_button.setVisible(member and mine and bool(addable))
        self.join_button.setText(tr("Join") if group.state == "invited" else tr("Ask to join again"))
        stuck = assigned and not mine  # the state assigned it: no leaving (the node would refuse), no asking back
        self.join_button.setVisible(group.state == "invited" or (group.state == "left" and not stuck))
        self.leave_button.setVisible(group.state in ("member", "invited", "asked") and not stuck)
        self.assigned.setVisible(member and stuck)
        self.leave_button.setText(tr("Decline") if group.state == "invited" else tr("Leave"))

    def _show_lines(self, every: bool) -> None:
        lines = self._lines if every else self._lines[:FEW_LINES]
        self.lines.setText("\n".join(lines))
        self.lines.setVisible(bool(lines))
        self.more.setVisible(len(self._lines) > FEW_LINES)
        self.more.setText(tr("Fewer") if every else tr("All {count} reasons").format(count=len(self._lines)))

    def _on_add_clicked(self) -> None:
        person = self.person.currentData()
        if person:
            self.add.emit(self.group, str(person))


class GroupsView(QScrollArea):
    """Signals: ``join(group)``, ``leave(group)``, ``add(group, person)``, ``new_group(kind, name, parent)``;
    ``told(sentence, kind)`` (the toast's tint: "", "bad", "good") when I was just added to a group (an
    invitation, or the facilitator's assignment) or taken out of one — never on the first snapshot."""

    join = Signal(str)
    told = Signal(str, str)
    leave = Signal(str)
    add = Signal(str, str)
    new_group = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(12)
        self.invitations = CardView(tr("INVITATIONS"))
        self.invited = QVBoxLayout()
        self.invitations.body.addLayout(self.invited)
        self.mine = CardView(tr("MY GROUPS"))
        self.empty = plain_label(tr("You are in no group."), "muted")
        self.mine.body.addWidget(self.empty)
        self.listed = QVBoxLayout()
        self.listed.setSpacing(8)
        self.mine.body.addLayout(self.listed)
        self.form = NewGroupForm()
        self.form.new_group.connect(self.new_group)
        for widget in (self.invitations, self.mine, self.form):
            column.addWidget(widget)
        column.addStretch(1)
        self.setWidget(inner)
        self.cards: dict[str, GroupCard] = {}
        self._order: tuple[tuple[str, bool], ...] = ()
        self._states: dict[str, str] | None = None  # group → my state in it, as last shown

    @staticmethod
    def applies(snap: RoomSnapshot) -> bool:
        """Whether this room has groups at all: nothing of this view shows in a room without."""
        return bool(snap.my_groups or group_kinds(snap.scores.policy))

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self._tell(snap)
        self.form.show_snapshot(snap)
        self.form.setVisible(bool(creatable_kinds(snap)))
        ordered = sorted(snap.my_groups, key=lambda g: (g.state != "invited", g.state == "left", g.name, g.id))
        order = tuple((g.id, g.state == "invited") for g in ordered)
        if order != self._order:  # other groups, or one moved between the two cards: the same cards, moved
            self._order = order
            for gid in set(self.cards) - {g.id for g in ordered}:
                self.cards.pop(gid).deleteLater()
            for layout in (self.invited, self.listed):
                while layout.count():
                    layout.takeAt(0)
            for group in ordered:
                card = self.cards.get(group.id)
                if card is None:
                    card = self.cards[group.id] = GroupCard(group.id)
                    card.join.connect(self.join)
                    card.leave.connect(self.leave)
                    card.add.connect(self.add)
                (self.invited if group.state == "invited" else self.listed).addWidget(card)
        names = {g.id: g.name for g in snap.my_groups}
        for group in ordered:
            self.cards[group.id].show_group(snap, group, names.get(group.parent, ""))
        self.invitations.setVisible(any(g.state == "invited" for g in ordered))
        self.empty.setVisible(not any(g.state != "invited" for g in ordered))

    def _tell(self, snap: RoomSnapshot) -> None:
        before, self._states = self._states, {g.id: g.state for g in snap.my_groups}
        if before is None:
            return
        for group in snap.my_groups:
            was = before.get(group.id, "")
            if group.state == was:
                continue
            if group.state == "invited":
                self.told.emit(tr("You were added to {group}: join or decline it in Groups").format(group=group.name),
                               "")
            elif group.state == "member" and was in ("", "asked"):  # the facilitator assigned me, or I was let in
                self.told.emit(tr("You are in {group} now: its members' records reach you").format(group=group.name),
                               "bad")
            elif group.state == "left" and was == "member":
                self.told.emit(tr("You are out of {group}").format(group=group.name), "good")
