"""``node.groups``: found a group, add or remove members, join or leave (issue 16).

Each command signs one ``group`` or ``member`` message; who is in a group when is the score
engine's rule (:mod:`nosedive.scoring.group_book`). The node refuses, with a sentence, what would
count on no node (:mod:`nosedive.room.group_checks`): a kind the policy does not list, a
facilitator's kind founded by someone else, an add by someone who does not own the group,
leaving a group the facilitator assigned.
"""
from __future__ import annotations

from nosedive.core.messages import now_ms
from nosedive.node.replication import Replication, entered_view
from nosedive.room.group_checks import create_body, groups_of, member_body
from nosedive.room.view import RoomView
from nosedive.scoring.group_book import Groups


class GroupCommands:
    """The node's group commands, for one person (the node's identity)."""

    def __init__(self, identity_key: str, room: Replication) -> None:
        self._me, self._room = identity_key, room

    def _view(self) -> RoomView:
        return entered_view(self._room)

    def _groups(self) -> Groups:
        return groups_of(self._view().engine.table(at=now_ms()))

    async def create(self, kind: str, name: str, parent: str = "") -> str:
        """Found a group of *kind* named *name* (inside *parent*); returns its id."""
        view = self._view()
        society = view.engine.table(at=now_ms()).society
        groups = society.groups if society else None
        body = create_body(view.engine.policy, groups, self._me, view.facilitator, view.label_of, kind, name, parent)
        return self._room.append("group", body)

    def _member(self, group: str, person: str, on: bool) -> None:
        self._room.append("member", member_body(self._groups(), self._me, self._view().label_of, group, person, on))

    async def add(self, group: str, person: str) -> None:
        """The owner adds *person* (in a person's group they become a member once they join too)."""
        self._member(group, person, True)

    async def remove(self, group: str, person: str) -> None:
        self._member(group, person, False)

    async def join(self, group: str) -> None:
        """Ask to join, or accept the owner's invitation."""
        self._member(group, self._me, True)

    async def leave(self, group: str) -> None:
        self._member(group, self._me, False)
