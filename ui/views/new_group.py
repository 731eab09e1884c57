"""A new group: a kind the room lets me found, its name, and what it belongs to (a vehicle's company).

The kinds come from the policy (``group_kinds``); a kind the facilitator assigns (a family, an employer)
is offered to the facilitator only. The node refuses, with the reason, anything else.
"""
from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QPushButton, QWidget

from nosedive.core.bodies.groups import MAX_GROUP_NAME_CHARS
from nosedive.room.snapshot import RoomSnapshot
from nosedive.scoring import group_kinds

from ..tr import tr
from .common import CardView, narrow, plain_label


def creatable_kinds(snap: RoomSnapshot) -> tuple[str, ...]:
    """The kinds I may found: all of them for the facilitator, else those the policy lets anyone make."""
    society = snap.scores.policy.society
    mine = snap.me == snap.facilitator
    return tuple(kind for kind in group_kinds(snap.scores.policy)
                 if mine or kind not in society.kinds or society.kinds[kind].by != "facilitator")


class NewGroupForm(CardView):
    """A kind the room allows, a name, what it belongs to (optional). Signal: ``new_group(kind, name, parent)``."""

    new_group = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("NEW GROUP"), parent=parent)
        self.hint = plain_label(tr("You own the groups you create; whoever you add is in it once they join."),
                                "muted")
        self.body.addWidget(self.hint)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.kind, self.parent_group = narrow(QComboBox()), narrow(QComboBox())
        self.kind.setAccessibleName(tr("The kind of group"))
        self.parent_group.setAccessibleName(tr("The group it belongs to"))
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_GROUP_NAME_CHARS)
        self.name.setPlaceholderText(tr("its name"))
        self.name.returnPressed.connect(self._on_send_clicked)
        self.send = QPushButton(tr("Create"))
        self.send.setProperty("kind", "primary")
        self.send.clicked.connect(self._on_send_clicked)
        grid.addWidget(self.kind, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.parent_group, 1, 0)
        grid.addWidget(self.send, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        self.body.addLayout(grid)
        self._shown: Hashable = None

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        kinds = creatable_kinds(snap)
        parents = tuple((g.name, g.id) for g in snap.my_groups if g.state == "member")
        key = (kinds, parents, snap.my_status)
        if key == self._shown:
            return
        self._shown = key
        chosen = self.kind.currentData()
        self.kind.clear()
        for kind in kinds:
            self.kind.addItem(kind, kind)  # the policy's own words
        self.kind.setCurrentIndex(max(0, self.kind.findData(chosen)))
        chosen = self.parent_group.currentData()
        self.parent_group.clear()
        self.parent_group.addItem(tr("belongs to no group"), "")
        for name, group in parents:
            self.parent_group.addItem(tr("belongs to {group}").format(group=name), group)
        self.parent_group.setCurrentIndex(max(0, self.parent_group.findData(chosen)))
        self.parent_group.setVisible(bool(parents))
        self.send.setEnabled(snap.my_status == "member")

    def _on_send_clicked(self) -> None:
        kind, name = self.kind.currentData(), self.name.text().strip()
        if kind and name:
            self.new_group.emit(str(kind), name, str(self.parent_group.currentData() or ""))
            self.name.clear()
