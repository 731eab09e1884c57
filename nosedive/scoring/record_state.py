"""Frozen values of the social-credit machinery as of one instant: records, penalties, roles.

Built by :func:`nosedive.scoring.records.RecordBook.at`; carried by a score table made for an
instant (``ScoreEngine.table(at=...)``) and by the room's snapshot. Everything is immutable.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Literal

RecordState = Literal["pending", "scheduled", "active", "expired", "struck", "protected"]
PenaltyState = Literal["scheduled", "active", "ended", "protected"]
FiledBy = Literal["facilitator", "collector", "complaint"]


@dataclass(frozen=True)
class Record:
    """One report and what became of it, as of the table's instant."""

    id: str  # the report message's id
    author: str
    subject: str
    act: str
    points: int  # the act's points (fixed-point), whatever its state
    ts: int  # the report's signed timestamp
    filed_by: FiledBy
    state: RecordState
    note: str = ""
    confirmed_by: str | None = None
    effective_from: int | None = None  # None: a complaint still waiting for confirmation
    expires_at: int | None = None
    appeal_ts: int | None = None
    decided_after: int | None = None  # appeal ts + the policy's delay: no ruling counts before it
    ruling: Literal["upheld", "overturned"] | None = None
    ruled_by: str | None = None
    ruling_ts: int | None = None
    agency: str = ""  # the agency whose act it is: it counts in that agency's score ("": the room's own)

    @property
    def applied(self) -> int:
        """The points this record adds to its subject's score in the room at the instant."""
        return self.points if self.state == "active" and not self.agency else 0

    @property
    def appeal_pending(self) -> bool:
        return self.appeal_ts is not None and self.ruling is None


@dataclass(frozen=True)
class PenaltyRecord:
    """One timed penalty the facilitator imposed, as of the table's instant."""

    id: str
    subject: str
    name: str
    points: int  # fixed-point, ≤ 0
    multiplier: int
    max_stars: int
    starts: int
    ends: int
    state: PenaltyState

    @property
    def applied(self) -> int:
        return self.points if self.state == "active" else 0


@dataclass(frozen=True)
class RecordsAt:
    """The room's records, penalties and roles at one instant (``instant`` None: no instant asked)."""

    instant: int | None = None
    records: tuple[Record, ...] = ()
    penalties: tuple[PenaltyRecord, ...] = ()
    roles: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    elite: frozenset[str] = frozenset()

    def of(self, person: str) -> tuple[Record, ...]:
        return self._by_subject[0].get(person, ())

    def penalties_of(self, person: str) -> tuple[PenaltyRecord, ...]:
        return self._by_subject[1].get(person, ())

    def record(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def adjustment(self, person: str) -> int:
        """The points records and flat penalties add to *person*'s score at the instant."""
        return sum(r.applied for r in self.of(person)) + sum(p.applied for p in self.penalties_of(person))

    @cached_property
    def _by_subject(self) -> tuple[dict[str, tuple[Record, ...]], dict[str, tuple[PenaltyRecord, ...]]]:
        """Records and penalties per subject, in their order: a table asks for everyone's (once each)."""
        records: dict[str, list[Record]] = {}
        penalties: dict[str, list[PenaltyRecord]] = {}
        for record in self.records:
            records.setdefault(record.subject, []).append(record)
        for penalty in self.penalties:
            penalties.setdefault(penalty.subject, []).append(penalty)
        return ({p: tuple(r) for p, r in records.items()}, {p: tuple(r) for p, r in penalties.items()})

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        found: dict[str, Record] = {}
        for record in self.records:
            found.setdefault(record.id, record)
        return found

    def next_change(self) -> int | None:
        """The first instant after this one at which a record or penalty starts or ends, or an appeal may
        be decided (None: nothing is due; or no instant was asked): when the table would read otherwise."""
        if self.instant is None:
            return None
        now = self.instant
        dates = [d for r in self.records if r.state != "struck"
                 for d in (r.effective_from, r.expires_at, r.decided_after if r.ruling is None else None)
                 if d is not None and d > now]
        dates += [d for p in self.penalties for d in (p.starts, p.ends) if d > now]
        return min(dates, default=None)

    def holders(self, role: str) -> tuple[str, ...]:
        return tuple(sorted(p for p, roles in self.roles.items() if role in roles))


NO_RECORDS_AT = RecordsAt()
