"""Chain penalties, agency scores and joint punishment as of an instant (``docs/scoring.md``).

For each framework F (the room's own scores, and each agency of the policy), at instant T:

- each record of F in force at T on subject s travels through every group g that s was in when
  the record took effect: ``points × kind.group`` to g's own score, then ``× kind.parent`` of each
  group up its parent chain, and ``points × kind.members`` to each fellow member of g at that time;
  with ``"past": "drop"`` a path also needs s (and the fellow member) to still be in g at T;
- what one record does to one target (over all its paths) is cut to ``bound × span of F``; what
  all records do to one target is cut to ``total_bound × span``; the elite take no chain loss;
- an agency's score of p is ``clamp(start + Σ p's records of it in force + p's chain, its scale)``;
  a group's score in F is ``clamp(start of F + its chain)`` (the room's start is its prior);
- p is on a list of agency A (not when protected) while a record of one of the list's acts is in
  force on p, or while p's score with A is below the list's ``below``; each listing closes (or
  opens) the doors of other agencies the policy names, whatever their score says.

Every product is truncated toward zero in fixed point, every sum is over sorted keys: the same
numbers on every node, in any order of arrival.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple

from nosedive.core.policy import Policy
from nosedive.core.policy_society import PPM, JointList
from nosedive.scoring.group_book import Groups
from nosedive.scoring.record_state import Record, RecordsAt
from nosedive.scoring.table import TierStatus

Key = tuple[str, str]  # (framework, target): framework "" is the room's own; a target is a key or a group id


def _share(amount: int, factor: int) -> int:
    """*amount* × *factor* (PPM), truncated toward zero."""
    return (abs(amount) * factor // PPM) * (1 if amount >= 0 else -1)


def _cut(amount: int, bound: int) -> int:
    return max(-bound, min(bound, amount))


class ChainEntry(NamedTuple):
    """What one record does to one other person or group, through one group (the biggest path).

    A named tuple, not a dataclass: a busy room makes hundreds of thousands of them at once."""

    record: str
    subject: str
    act: str
    points: int
    framework: str
    target: str
    is_group: bool
    group: str  # the group the record came through (for a group target: the one it hit first)
    factor: int  # PPM: the product along the path
    amount: int  # after the bound of one record
    capped: bool  # the bound cut it


class Listing(NamedTuple):
    agency: str
    list: str
    title: str
    person: str
    act: str  # the act that put them there, or "" (their score fell below the line)
    below: int | None


@dataclass(frozen=True)
class SocietyAt:
    """Groups, chains, agency scores, lists and doors of a room at one instant (empty: none of it)."""

    instant: int | None = None  # the instant it was worked out for; it holds until a record starts or ends
    groups: Groups | None = None
    entries: tuple[ChainEntry, ...] = ()
    chain: Mapping[Key, int] = field(default_factory=lambda: MappingProxyType({}))  # after the total bound
    raw_chain: Mapping[Key, int] = field(default_factory=lambda: MappingProxyType({}))  # before it
    scores: Mapping[Key, int] = field(default_factory=lambda: MappingProxyType({}))  # (agency, person)
    group_scores: Mapping[Key, int] = field(default_factory=lambda: MappingProxyType({}))  # (framework, group)
    listings: tuple[Listing, ...] = ()
    policy: Policy | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        return self.policy is not None and bool(self.policy.society)

    def into(self, target: str, framework: str | None = None) -> tuple[ChainEntry, ...]:
        return tuple(e for e in self._by_target.get(target, ()) if framework is None or e.framework == framework)

    def caused_by(self, person: str) -> tuple[ChainEntry, ...]:
        return self._by_subject.get(person, ())

    def chain_of(self, target: str, framework: str = "") -> int:
        return self.chain.get((framework, target), 0)

    def score(self, agency: str, person: str) -> int:
        found = self.scores.get((agency, person))
        if found is not None or self.policy is None:
            return found or 0
        return self.policy.society.agencies[agency].start  # someone nobody mentioned stands at the start

    def group_score(self, group: str, framework: str = "") -> int:
        found = self.group_scores.get((framework, group))
        if found is not None or self.policy is None:
            return found or 0
        return self.policy.prior_value if not framework else self.policy.society.agencies[framework].start

    def lists_of(self, person: str, agency: str | None = None) -> tuple[Listing, ...]:
        return tuple(x for x in self._listed.get(person, ()) if agency is None or x.agency == agency)

    def doors(self, agency: str, person: str) -> tuple[TierStatus, ...]:
        """The agency's doors for *person*: by their score, then every listing that closes or opens one."""
        from nosedive.scoring.society_text import door_sentence
        assert self.policy is not None
        body = self.policy.society.agencies[agency]
        score = self.score(agency, person)
        lists = {(x.agency, x.list): x for x in self.lists_of(person)}
        result = []
        for tier in body.tiers:
            state, locked_by, opened_by = ("open" if score >= tier.min else "locked"), "", ""
            for rule in self.policy.society.lists:
                listing = lists.get((rule.agency, rule.list))
                if listing is None:
                    continue
                if any(d.agency == agency and d.door == tier.name for d in rule.closes) and not locked_by:
                    state, locked_by = "locked", door_sentence(self.policy, listing, tier.name, closes=True)
                elif any(d.agency == agency and d.door == tier.name for d in rule.opens) and not opened_by:
                    opened_by = door_sentence(self.policy, listing, tier.name, closes=False)
            if opened_by and not locked_by:
                state = "open"
            result.append(TierStatus(tier.name, tier.min, state, score - tier.min, tier.description,
                                     locked_by=locked_by, opened_by="" if locked_by else opened_by))
        return tuple(result)

    def digest_lines(self) -> list[str]:
        """What the table's hash adds for a room with groups or agencies (sorted: the same everywhere)."""
        lines = [f"chain {f} {t} {v}" for (f, t), v in sorted(self.chain.items()) if v]
        lines += [f"agency {a} {p} {v}" for (a, p), v in sorted(self.scores.items())]
        lines += [f"group {f} {g} {v}" for (f, g), v in sorted(self.group_scores.items())]
        lines += sorted(f"list {x.agency} {x.list} {x.person} {x.act}" for x in self.listings)
        return lines

    def digest(self) -> str:
        return hashlib.sha256("\n".join(self.digest_lines()).encode()).hexdigest()

    @cached_property
    def _by_target(self) -> dict[str, tuple[ChainEntry, ...]]:
        found: dict[str, list[ChainEntry]] = {}
        for entry in self.entries:
            found.setdefault(entry.target, []).append(entry)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _by_subject(self) -> dict[str, tuple[ChainEntry, ...]]:
        found: dict[str, list[ChainEntry]] = {}
        for entry in self.entries:
            found.setdefault(entry.subject, []).append(entry)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def _listed(self) -> dict[str, tuple[Listing, ...]]:
        found: dict[str, list[Listing]] = {}
        for listing in self.listings:
            found.setdefault(listing.person, []).append(listing)
        return {k: tuple(v) for k, v in found.items()}


NO_SOCIETY_AT = SocietyAt()


Paths = dict[tuple[str, bool], list[tuple[int, str]]]


def _paths(record: Record, groups: Groups, policy: Policy, instant: int) -> Paths:
    """(target, is a group) -> [(factor along the path, the group it came through)] for one record."""
    kinds, drop = policy.society.kinds, policy.society.past == "drop"
    since = record.effective_from if record.effective_from is not None else record.ts
    found: dict[tuple[str, bool], list[tuple[int, str]]] = {}
    for gid in groups.of_person.get(record.subject, ()):
        if not groups.member_at(gid, record.subject, since) or (drop and not groups.member_at(gid, record.subject,
                                                                                                instant)):
            continue
        kind = kinds[groups.groups[gid].kind]
        factor = kind.to_group
        for link in groups.chain(gid):
            if factor:
                found.setdefault((link.id, True), []).append((factor, gid))
            factor = factor * kinds[link.kind].to_parent // PPM
        for other in groups.members_at(gid, since):
            if other != record.subject and kind.to_members and (not drop or groups.member_at(gid, other, instant)):
                found.setdefault((other, False), []).append((kind.to_members, gid))
    return found


def _entries(record: Record, groups: Groups, policy: Policy, elite: frozenset[str], bound: int,
             instant: int) -> tuple[ChainEntry, ...]:
    """What one record in force does to everyone else, target by target (sorted)."""
    made = []
    for (target, is_group), paths in sorted(_paths(record, groups, policy, instant).items()):
        if not is_group and target in elite and record.points < 0:
            continue
        if len(paths) == 1:  # the usual case: one group in common
            factor, via = paths[0]
            whole = _share(record.points, factor)
        else:
            whole = sum(_share(record.points, factor) for factor, _ in paths)
            factor, via = max(paths)
        amount = _cut(whole, bound)
        made.append(ChainEntry(record.id, record.subject, record.act, record.points, record.agency, target,
                               is_group, via, factor, amount, amount != whole))
    return tuple(made)


def society_at(policy: Policy, records: RecordsAt, groups: Groups, people: Iterable[str],
               known: dict[str, tuple[ChainEntry, ...]] | None = None) -> SocietyAt:
    """Chains, agency scores and lists at ``records.instant`` (``docs/scoring.md``).

    *known*: each record's entries already made for the same messages (the engine keeps them per version):
    with ``"past": "keep"`` they do not depend on the instant, so another instant only adds them up."""
    society, instant = policy.society, records.instant or 0
    spans = {"": policy.high - policy.low} | {a.name: a.high - a.low for a in society.agencies.values()}
    keep = society.past == "keep" and known is not None
    entries: list[ChainEntry] = []
    raw: dict[Key, int] = {}
    for record in records.records:
        if record.state != "active" or not groups or (record.agency and record.agency not in society.agencies):
            continue
        made = known.get(record.id) if keep and known is not None else None
        if made is None:
            made = _entries(record, groups, policy, records.elite, spans[record.agency] * society.bound // PPM,
                            instant)
            if keep and known is not None:
                known[record.id] = made
        entries.extend(made)
        for entry in made:
            key = (entry.framework, entry.target)
            raw[key] = raw.get(key, 0) + entry.amount
    chain = {key: _cut(value, spans[key[0]] * society.total_bound // PPM) for key, value in sorted(raw.items())}
    everyone = set(people) | {r.subject for r in records.records}
    if groups:
        everyone |= {p for members in groups.members_ever.values() for p in members}
    scores: dict[Key, int] = {}
    for agency in society.agencies.values():
        own: dict[str, int] = {}
        for record in records.records:
            if record.agency == agency.name and record.state == "active":
                own[record.subject] = own.get(record.subject, 0) + record.points
        for person in sorted(everyone):
            value = agency.start + own.get(person, 0) + chain.get((agency.name, person), 0)
            scores[(agency.name, person)] = min(max(value, agency.low), agency.high)
    group_scores: dict[Key, int] = {}
    for gid in sorted(groups.groups if groups else ()):
        for framework in ("", *society.agencies):
            start, low, high = ((policy.prior_value, policy.low, policy.high) if not framework else
                                (society.agencies[framework].start, society.agencies[framework].low,
                                 society.agencies[framework].high))
            group_scores[(framework, gid)] = min(max(start + chain.get((framework, gid), 0), low), high)
    listings = _listings(society.lists, records, scores, everyone)
    return SocietyAt(instant, groups, tuple(entries), MappingProxyType(chain), MappingProxyType(raw),
                     MappingProxyType(scores), MappingProxyType(group_scores), listings, policy)


def _listings(rules: tuple[JointList, ...], records: RecordsAt, scores: Mapping[Key, int],
              everyone: set[str]) -> tuple[Listing, ...]:
    found: list[Listing] = []
    for rule in rules:
        for person in sorted(everyone - records.elite):
            act = next((r.act for r in records.of(person) if r.agency == rule.agency and r.state == "active"
                        and r.act in rule.acts), None)
            low = rule.below is not None and scores[(rule.agency, person)] < rule.below
            if act is not None or low:
                found.append(Listing(rule.agency, rule.list, rule.title, person, act or "", rule.below))
    return tuple(found)
