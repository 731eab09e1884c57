"""``node.groups``: found a group, add or remove members, join or leave (issue 16).

Each command signs one ``group`` or ``member`` message; who is in a group when is the score
engine's rule (:mod:`nosedive.scoring.group_book`). The node refuses here, with a sentence, what
would count on no node: a kind the policy does not list, a facilitator's kind founded by someone
else, an add by someone who does not own the group, leaving a group the facilitator assigned.
"""
from __future__ import annotations

from nosedive.core import keys
from nosedive.core.bodies.groups import MAX_GROUP_NAME_CHARS
from nosedive.core.errors import NosediveError, NotFacilitatorError, UsageError
from nosedive.core.messages import now_ms
from nosedive.core.text import check_text
from nosedive.node.replication import Replication
from nosedive.room.view import RoomView
from nosedive.scoring.group_book import Group, Groups


class GroupCommands:
    """The node's group commands, for one person (the node's identity)."""

    def __init__(self, identity_key: str, room: Replication) -> None:
        self._me, self._room = identity_key, room

    def _view(self) -> RoomView:
        view = self._room.view
        if view is None:
            raise NosediveError("not in a room yet: join or create one first")
        return view

    def _groups(self) -> Groups:
        society = self._view().engine.table(at=now_ms()).society
        if not society or society.groups is None:
            raise UsageError("this room's policy has no groups ('nosedive rules' says what it has)")
        return society.groups

    def _group(self, text: str) -> Group:
        held = self._groups().groups
        found = [g for g in held.values() if g.id == text or (len(text) >= 6 and g.id.startswith(text.lower()))]
        if len(found) != 1:
            raise UsageError(f"no single group {text!r} in this room; 'nosedive groups' lists them with their ids")
        return found[0]

    def _owned(self, text: str, action: str) -> Group:
        group = self._group(text)
        if group.owner != self._me:
            view = self._view()
            error = NotFacilitatorError if group.by_facilitator else UsageError
            raise error(f"only the group's owner ({view.label_of(group.owner)}) may {action}")
        return group

    async def create(self, kind: str, name: str, parent: str = "") -> str:
        """Found a group of *kind* named *name* (inside *parent*); returns its id."""
        view = self._view()
        kinds = view.engine.policy.society.kinds
        if kind not in kinds:
            listed = ", ".join(kinds) or "none: this room's policy has no groups"
            raise UsageError(f"no group kind {kind!r} in this room's policy; the kinds are: {listed}")
        if kinds[kind].by == "facilitator" and view.facilitator != self._me:
            raise NotFacilitatorError(f"only the room's facilitator ({view.label_of(view.facilitator)}) may found "
                                      f"a {kind}: the state assigns them")
        body: dict[str, object] = {"kind": kind, "name": check_text(name, "name", MAX_GROUP_NAME_CHARS)}
        if parent:
            above = self._group(parent)
            if above.owner != self._me and view.facilitator != self._me:
                raise UsageError(f"only the owner of {above.name!r} or the facilitator may put a group inside it")
            body["parent"] = above.id
        return self._room.append("group", body)

    def _member(self, group: Group, person: str, on: bool) -> None:
        keys.public_key(person)
        self._room.append("member", {"group": group.id, "subject": person, "on": on})

    async def add(self, group: str, person: str) -> None:
        """The owner adds *person* (in a person's group they become a member once they join too)."""
        self._member(self._owned(group, "add members"), person, True)

    async def remove(self, group: str, person: str) -> None:
        self._member(self._owned(group, "remove members"), person, False)

    async def join(self, group: str) -> None:
        """Ask to join, or accept the owner's invitation."""
        found = self._group(group)
        if found.by_facilitator:
            raise UsageError("this group was assigned by the facilitator: only they can add you to it")
        self._member(found, self._me, True)

    async def leave(self, group: str) -> None:
        found = self._group(group)
        if found.by_facilitator:
            raise UsageError("this group was assigned by the facilitator: only they can take you out of it")
        self._member(found, self._me, False)
