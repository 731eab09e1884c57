"""Frozen values of the social-credit machinery as of one instant: records, penalties, roles.

Built by :func:`nosedive.scoring.records.RecordBook.at`; carried by a score table made for an
instant (``ScoreEngine.table(at=...)``) and by the room's snapshot. Everything is immutable.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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

    @property
    def applied(self) -> int:
        """The points this record adds to its subject's score at the instant."""
        return self.points if self.state == "active" else 0

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
        return tuple(r for r in self.records if r.subject == person)

    def penalties_of(self, person: str) -> tuple[PenaltyRecord, ...]:
        return tuple(p for p in self.penalties if p.subject == person)

    def record(self, record_id: str) -> Record | None:
        return next((r for r in self.records if r.id == record_id), None)

    def adjustment(self, person: str) -> int:
        """The points records and flat penalties add to *person*'s score at the instant."""
        return (sum(r.applied for r in self.records if r.subject == person)
                + sum(p.applied for p in self.penalties if p.subject == person))

    def holders(self, role: str) -> tuple[str, ...]:
        return tuple(sorted(p for p, roles in self.roles.items() if role in roles))


NO_RECORDS_AT = RecordsAt()
