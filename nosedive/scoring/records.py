"""The social-credit machinery: reports, roles, confirmations, appeals, rulings and timed penalties.

:class:`RecordBook` files every such message of a room (any order, duplicates ignored) and answers
"what stands at instant T" as frozen values (:mod:`nosedive.scoring.record_state`). The rules,
the same on every node (``docs/scoring.md``, "Records, appeals and penalties"):

- roles: per (person, role) the facilitator's latest (highest seq) ``role`` message;
- a report of an act in the policy's table takes effect at its signed ts when filed by the
  facilitator or a collector, or by anyone when complaints count ``at_once``; otherwise it waits
  for the earliest confirmation by a collector or the facilitator (from max(report ts, confirm ts));
- it lasts the act's duration from then; at instant T it counts when ``from ≤ T < from + duration``;
- the subject may appeal; the earliest ruling by a judge signed no earlier than
  appeal ts + the policy's delay decides: ``overturn`` strikes the record at every instant;
- a penalty lasts from its signed ts for its duration; a multiplier penalty makes the subject's
  low ratings signed inside that window count double (that is in the ratings, not the instant);
- the elite (people named by the policy or holding an elite role) lose nothing by records or
  penalties; their ratings are read in :mod:`nosedive.scoring.counted`.

Only messages that count (authors admitted, below their fork) are read.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from nosedive.core.messages import Message
from nosedive.core.policy import Policy
from nosedive.core.policy_acts import Act, Penalty
from nosedive.scoring.record_edges import EdgeRules
from nosedive.scoring.record_state import FiledBy, PenaltyRecord, PenaltyState, Record, RecordsAt, RecordState

RECORD_TYPES = frozenset({"report", "role", "confirm", "appeal", "ruling", "penalty"})
EDGE_TYPES = frozenset({"role", "penalty"})  # may change whose ratings count how (elite, double damage)


@dataclass(frozen=True, slots=True)
class _Said:
    """One filed message: who, where in their chain, when, and what it names."""

    id: str
    author: str
    seq: int
    ts: int
    target: str  # the subject (report, role, penalty) or the record (confirm, appeal, ruling)
    what: str = ""  # the act, role, verdict or penalty
    note: str = ""
    on: bool = True
    agency: str = ""  # a report's: the agency whose act table it uses ("": the room's own)


def acts_of(policy: Policy, agency: str) -> Mapping[str, Act]:
    """The act table a report naming *agency* uses: the room's own, or that agency's (none if unknown)."""
    if not agency:
        return policy.records.acts
    found = policy.society.agencies.get(agency)
    return found.acts if found is not None else MappingProxyType({})


class Context:
    """Who counts in the room, as the book needs it (given by the counted messages)."""

    def __init__(self, facilitator: str | None, counts: Callable[[str], bool], limit: Callable[[str], int]) -> None:
        self.facilitator, self._counts, self._limit = facilitator, counts, limit

    def valid(self, said: _Said) -> bool:
        return self.allows(said.author, said.seq)

    def allows(self, author: str, seq: int) -> bool:
        """Whether *author*'s message at *seq* counts (they count, and it is below their fork)."""
        return seq < self._limit(author) and self._counts(author)

    def counts(self, person: str) -> bool:
        return self._counts(person)


class RecordBook:
    """Every record-related message of one room, filed by type."""

    def __init__(self) -> None:
        self._by_type: dict[str, dict[str, _Said]] = {kind: {} for kind in RECORD_TYPES}
        self._settled: tuple[tuple[int, str], _Settled] | None = None  # ((engine version, policy digest), …)

    def add(self, message: Message) -> bool:
        """File *message*; True when it may change whose ratings count how (a role or a penalty)."""
        body, kind = message.body, message.type
        target = body.get("subject", body.get("record", ""))
        what = body.get("act") or body.get("role") or body.get("verdict") or body.get("penalty") or ""
        self._by_type[kind][message.id] = _Said(message.id, message.author, message.seq, message.ts, target,
                                                what, body.get("note", ""), bool(body.get("on", True)),
                                                body.get("agency", "") if kind == "report" else "")
        self._settled = None
        return kind in EDGE_TYPES

    def __bool__(self) -> bool:
        return any(self._by_type.values())

    def _valid(self, kind: str, ctx: Context) -> list[_Said]:
        return sorted((s for s in self._by_type[kind].values() if ctx.valid(s)), key=lambda s: (s.ts, s.id))

    # ------------------------------------------------------------------ roles and the elite
    def roles(self, ctx: Context) -> dict[str, frozenset[str]]:
        latest: dict[tuple[str, str], _Said] = {}
        for said in self._valid("role", ctx):
            if said.author == ctx.facilitator:
                key = (said.target, said.what)
                if key not in latest or said.seq > latest[key].seq:
                    latest[key] = said
        held: dict[str, set[str]] = {}
        for (person, role), said in latest.items():
            if said.on and ctx.counts(person):
                held.setdefault(person, set()).add(role)
        return {person: frozenset(roles) for person, roles in held.items()}

    def elite(self, policy: Policy, ctx: Context) -> frozenset[str]:
        rules = policy.records
        if not rules.has_elite:
            return frozenset()
        roles = self.roles(ctx) if rules.elite_roles else {}
        return frozenset(rules.elite_people | {p for p, held in roles.items() if held & rules.elite_roles})

    def double_windows(self, policy: Policy, ctx: Context) -> dict[str, list[tuple[int, int, int]]]:
        """Subject -> (start, end, max stars) of each multiplier penalty imposed on them."""
        windows: dict[str, list[tuple[int, int, int]]] = {}
        for said in self._valid("penalty", ctx):
            penalty = policy.records.penalties.get(said.what)
            if said.author == ctx.facilitator and penalty is not None and penalty.multiplier > 1:
                windows.setdefault(said.target, []).append((said.ts, said.ts + penalty.duration_ms,
                                                            penalty.max_stars))
        return windows

    def edge_rules(self, policy: Policy, ctx: Context) -> EdgeRules:
        """Who is protected and each subject's double-damage windows, for the rating model."""
        return EdgeRules(self.elite(policy, ctx), self.double_windows(policy, ctx))

    # ------------------------------------------------------------------ the instant
    def at(self, policy: Policy, ctx: Context, instant: int, version: int | None = None) -> RecordsAt:
        """What stands at *instant* (unix ms, compared with signed timestamps only).

        With *version* (the engine's, which grows with every message taken in): what does not depend
        on the instant — roles, the elite, each record's filer, confirmation, appeal, ruling and dates
        — is worked out once per version and policy; another instant only compares dates."""
        key = None if version is None else (version, policy.digest)
        if key is None or self._settled is None or self._settled[0] != key:
            settled = self._settle(policy, ctx)
            if key is None:
                return settled.at(instant)
            self._settled = (key, settled)
        return self._settled[1].at(instant)

    def _settle(self, policy: Policy, ctx: Context) -> _Settled:
        roles = self.roles(ctx)
        elite = self.elite(policy, ctx)
        index = {kind: self._by_target(kind, ctx) for kind in ("confirm", "appeal", "ruling")}
        records = tuple(_Timed(self._record(said, policy, ctx, roles, elite, index))
                        for said in self._valid("report", ctx)
                        if said.what in acts_of(policy, said.agency) and ctx.counts(said.target))
        penalties = []
        for said in self._valid("penalty", ctx):
            penalty = policy.records.penalties.get(said.what)
            if said.author == ctx.facilitator and penalty is not None and ctx.counts(said.target):
                penalties.append(_TimedPenalty(said, penalty, said.target in elite))
        return _Settled(records, tuple(penalties), MappingProxyType(roles), elite)

    def _by_target(self, kind: str, ctx: Context) -> dict[str, list[_Said]]:
        """The valid messages of *kind* per record they name, earliest (ts, id) first."""
        index: dict[str, list[_Said]] = {}
        for said in self._valid(kind, ctx):
            index.setdefault(said.target, []).append(said)
        return index

    def _record(self, report: _Said, policy: Policy, ctx: Context, roles: dict[str, frozenset[str]],
                elite: frozenset[str], index: dict[str, dict[str, list[_Said]]]) -> Record:
        """The record as filed, its state left at what holds at every instant ("struck", "pending")
        or at "active" (:class:`_Timed` says which it is at an instant)."""
        rules, facilitator = policy.records, ctx.facilitator
        act = acts_of(policy, report.agency)[report.what]

        def collects(person: str) -> bool:
            return person == facilitator or rules.collector_role in roles.get(person, frozenset())

        filed_by: FiledBy = ("facilitator" if report.author == facilitator
                             else "collector" if collects(report.author) else "complaint")
        confirm = next((c for c in index["confirm"].get(report.id, ()) if collects(c.author)
                        and c.author not in (report.author, report.target)), None) \
            if filed_by == "complaint" else None
        start: int | None = report.ts
        if filed_by == "complaint" and rules.complaints == "confirm":
            start = None if confirm is None else max(report.ts, confirm.ts)
        appeal = next((a for a in index["appeal"].get(report.id, ()) if a.author == report.target), None)
        decided_after = None if appeal is None else appeal.ts + rules.appeal_delay_ms
        ruling = None
        if decided_after is not None:
            ruling = next((r for r in index["ruling"].get(report.id, ()) if r.ts >= decided_after and (
                r.author == facilitator or rules.judge in roles.get(r.author, frozenset()))), None)
        ends = None if start is None else start + act.duration_ms
        state: RecordState = ("struck" if ruling is not None and ruling.what == "overturn"
                              else "pending" if start is None
                              else "protected" if report.target in elite and act.points < 0 else "active")
        return Record(
            id=report.id, author=report.author, subject=report.target, act=act.name, points=act.points,
            agency=report.agency,
            ts=report.ts, filed_by=filed_by, state=state, note=report.note,
            confirmed_by=None if confirm is None else confirm.author, effective_from=start, expires_at=ends,
            appeal_ts=None if appeal is None else appeal.ts, decided_after=decided_after,
            ruling=None if ruling is None else ("overturned" if ruling.what == "overturn" else "upheld"),
            ruled_by=None if ruling is None else ruling.author, ruling_ts=None if ruling is None else ruling.ts,
        )


class _Timed:
    """One record with everything but its dates' verdict settled; each state's value is made once."""

    __slots__ = ("_settled", "_shown")

    def __init__(self, settled: Record) -> None:
        self._settled = settled  # its state: "struck" or "pending" at every instant, else the in-force one
        self._shown: dict[RecordState, Record] = {settled.state: settled}

    def at(self, instant: int) -> Record:
        record = self._settled
        state = record.state
        if state not in ("struck", "pending") and record.effective_from is not None:
            if instant < record.effective_from:
                state = "scheduled"
            elif record.expires_at is not None and instant >= record.expires_at:
                state = "expired"
        shown = self._shown.get(state)
        if shown is None:
            shown = self._shown[state] = replace(record, state=state)
        return shown


@dataclass(frozen=True, slots=True)
class _TimedPenalty:
    said: _Said
    penalty: Penalty
    protected: bool

    def at(self, instant: int) -> PenaltyRecord:
        said, penalty = self.said, self.penalty
        ends = said.ts + penalty.duration_ms
        state: PenaltyState = ("scheduled" if instant < said.ts else "ended" if instant >= ends
                               else "protected" if self.protected else "active")
        return PenaltyRecord(said.id, said.target, penalty.name, penalty.points, penalty.multiplier,
                             penalty.max_stars, said.ts, ends, state)


@dataclass(frozen=True, slots=True)
class _Settled:
    """A room's records, penalties and roles, settled for one engine version: only dates left to compare."""

    records: tuple[_Timed, ...]
    penalties: tuple[_TimedPenalty, ...]
    roles: Mapping[str, frozenset[str]]
    elite: frozenset[str]

    def at(self, instant: int) -> RecordsAt:
        return RecordsAt(instant, tuple(r.at(instant) for r in self.records),
                         tuple(p.at(instant) for p in self.penalties), self.roles, self.elite)
