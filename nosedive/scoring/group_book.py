"""Groups of a room and who is in them when: the rules read from ``group`` and ``member`` messages.

The same on every node (``docs/scoring.md``, "Groups, agencies and joint punishment"):

- a ``group`` message founds a group of a kind the policy lists; a kind ``"by": "facilitator"`` only
  the facilitator may found. Its author owns it; its id is the message's id;
- it belongs to the ``parent`` it names when that group is held and has the same owner, or when the
  facilitator founded the child (the state says which company owns a vehicle);
- in a group the facilitator founded, the facilitator's ``member`` messages alone decide (families
  and employers are assigned); in a group a person founded, someone is a member while both the
  owner's latest message about them and their own latest one say ``on`` (consent both ways, in
  either order). The owner of a person-made group is a member from its founding until they leave;
- "latest" at instant T: the last by (signed ts, seq) among those signed at or before T, so
  membership has a history: a record's chain runs through the groups its subject was in when it
  took effect.

Only messages that count (authors admitted, below their fork) about people who count are read.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from nosedive.core.messages import Message
from nosedive.core.policy import Policy
from nosedive.scoring.records import Context

GROUP_TYPES = frozenset({"group", "member"})
MAX_DEPTH = 6  # parent links followed at most (ids are hashes: a cycle cannot be signed anyway)


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    kind: str
    name: str
    owner: str
    ts: int
    by_facilitator: bool
    parent: str = ""  # "" when none, or the link does not count


@dataclass(frozen=True, slots=True)
class _Said:
    id: str
    author: str
    seq: int
    ts: int
    group: str
    subject: str = ""
    on: bool = True
    kind: str = ""
    name: str = ""
    parent: str = ""


class Groups:
    """A room's groups and each membership's history, settled for one engine version."""

    def __init__(self, groups: Mapping[str, Group], timelines: Mapping[tuple[str, str], tuple[list[int], list[int]]],
                 said: Mapping[tuple[str, str], tuple[bool, bool]]) -> None:
        self.groups = groups
        self._timelines = timelines  # (group, person) -> (change instants, 1 member / 0 not after each)
        self._said = said  # (group, person) -> (the owner's latest says on, their own latest says on), now
        self.members_ever: dict[str, tuple[str, ...]] = {}
        self.of_person: dict[str, tuple[str, ...]] = {}
        for group, person in sorted(timelines):
            self.members_ever[group] = (*self.members_ever.get(group, ()), person)
            self.of_person[person] = (*self.of_person.get(person, ()), group)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def member_at(self, group: str, person: str, instant: int) -> bool:
        found = self._timelines.get((group, person))
        if found is None:
            return False
        at = bisect_right(found[0], instant)
        return bool(at and found[1][at - 1])

    def members_at(self, group: str, instant: int) -> tuple[str, ...]:
        found = []
        for person in self.members_ever.get(group, ()):
            instants, states = self._timelines[(group, person)]
            at = bisect_right(instants, instant)
            if at and states[at - 1]:
                found.append(person)
        return tuple(found)

    def state(self, group: str, person: str, instant: int) -> str:
        """"member", "invited", "asked", "left" or "" (never had anything to do with it)."""
        if self.member_at(group, person, instant):
            return "member"
        if (group, person) in self._timelines and self._timelines[(group, person)][1].count(1):
            return "left"  # once in, out again is leaving: the owner's old add is not a new invitation
        owner_on, own_on = self._said.get((group, person), (False, False))
        if owner_on and not own_on and not self.groups[group].by_facilitator:
            return "invited"
        if own_on and not owner_on:
            return "asked"
        return ""

    def chain(self, group: str) -> tuple[Group, ...]:
        """The group, then its parent, its parent's parent… (at most MAX_DEPTH)."""
        result = [self.groups[group]]
        while result[-1].parent and len(result) < MAX_DEPTH:
            result.append(self.groups[result[-1].parent])
        return tuple(result)


class GroupBook:
    """Every ``group`` and ``member`` message of one room."""

    def __init__(self) -> None:
        self._founded: dict[str, _Said] = {}
        self._member: dict[str, _Said] = {}
        self._settled: tuple[tuple[int, str], Groups] | None = None

    def add(self, message: Message) -> bool:
        """File *message*; False: a group never changes whose ratings count how."""
        body = message.body
        if message.type == "group":
            self._founded[message.id] = _Said(message.id, message.author, message.seq, message.ts, message.id,
                                              kind=body["kind"], name=body["name"], parent=body.get("parent", ""))
        else:
            self._member[message.id] = _Said(message.id, message.author, message.seq, message.ts, body["group"],
                                             body["subject"], bool(body["on"]))
        self._settled = None
        return False

    def __bool__(self) -> bool:
        return bool(self._founded)

    def settled(self, policy: Policy, ctx: Context, version: int | None = None) -> Groups:
        key = None if version is None else (version, policy.digest)
        if key is not None and self._settled is not None and self._settled[0] == key:
            return self._settled[1]
        groups = self._settle(policy, ctx)
        if key is not None:
            self._settled = (key, groups)
        return groups

    def _settle(self, policy: Policy, ctx: Context) -> Groups:
        kinds = policy.society.kinds
        founded: dict[str, Group] = {}
        for said in sorted(self._founded.values(), key=lambda s: (s.ts, s.id)):
            kind = kinds.get(said.kind)
            if kind is None or not ctx.allows(said.author, said.seq) or (
                    kind.by == "facilitator" and said.author != ctx.facilitator):
                continue
            founded[said.id] = Group(said.id, said.kind, said.name, said.author, said.ts,
                                     said.author == ctx.facilitator, said.parent)
        groups: dict[str, Group] = {}
        for group in founded.values():  # a parent link counts for the same owner, or when the state made it
            parent = founded.get(group.parent)
            links = parent is not None and (parent.owner == group.owner or group.by_facilitator)
            groups[group.id] = group if links else Group(group.id, group.kind, group.name, group.owner, group.ts,
                                                         group.by_facilitator)
        events: dict[tuple[str, str], list[_Said]] = {}
        for group in groups.values():
            if not group.by_facilitator:  # the founder is in from the start, by both their consents
                events[(group.id, group.owner)] = [_Said(group.id, group.owner, -1, group.ts, group.id,
                                                         group.owner, True)]
        for said in self._member.values():
            held = groups.get(said.group)
            if held is None or not (ctx.allows(said.author, said.seq) and ctx.counts(said.subject)) \
                    or said.ts < held.ts:
                continue
            if said.author == held.owner or (said.author == said.subject and not held.by_facilitator):
                events.setdefault((said.group, said.subject), []).append(said)
        timelines: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        now: dict[tuple[str, str], tuple[bool, bool]] = {}
        for (gid, person), said_list in events.items():
            group = groups[gid]
            owner_on = own_on = False
            instants: list[int] = []
            states: list[int] = []
            for said in sorted(said_list, key=lambda s: (s.ts, s.seq, s.id)):
                if said.author == group.owner:
                    owner_on = said.on
                if said.author == person:
                    own_on = said.on
                member = owner_on and (own_on or group.by_facilitator)
                if instants and instants[-1] == said.ts:
                    states[-1] = int(member)
                else:
                    instants.append(said.ts)
                    states.append(int(member))
            timelines[(gid, person)] = (instants, states)
            now[(gid, person)] = (owner_on, own_on)
        return Groups(MappingProxyType(groups), MappingProxyType(timelines), MappingProxyType(now))
