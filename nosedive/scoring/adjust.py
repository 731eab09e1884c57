"""The score table as of an instant: the ratings' table, then records, penalties and the elite's shield.

    records(p, T) = Σ points of p's records in force at T + Σ points of p's flat penalties in force at T
    drag'(p)      = max(drag(p), 0) if p is protected, else drag(p)
    final(p, T)   = clamp(base(p) + drag'(p) + records(p, T), scale min, scale max)

Records move the number people see (and so the doors and grades); a rater's weight still comes
from their ratings and friends, so a record is never counted twice. When nothing moves anyone at
T, the ratings' table is returned unchanged (the same hash as a room without records).
"""
from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from nosedive.scoring.record_state import RecordsAt
from nosedive.scoring.society import SocietyAt
from nosedive.scoring.table import PersonScore, ScoreTable


def table_at(plain: ScoreTable, records: RecordsAt, society: SocietyAt | None = None) -> ScoreTable:
    """*plain* (scores from ratings) as of ``records.instant``; carries *records* (and the chains, agencies
    and lists of a policy with groups or agencies: *society*) for explanations."""
    policy = plain.policy
    people = dict(plain.people)
    moved = bool(society)  # a room with groups or agencies: the table is always of its instant
    named = {r.subject for r in records.records if r.applied} | {p.subject for p in records.penalties if p.applied}
    chained = {t for (f, t), v in society.chain.items() if v and not f} if society else set()
    for person in sorted(plain.people.keys() | named | (chained - set(society.groups.groups if society and
                                                                       society.groups else ()))):
        score = plain.score(person)  # someone reported before they said anything stands at the prior
        added = records.adjustment(person) + (society.chain_of(person) if society else 0)
        drag = max(score.drag, 0) if person in records.elite else score.drag
        if added or drag != score.drag:
            final = min(max(score.base + drag + added, policy.low), policy.high)
            people[person] = PersonScore(score.base, drag, final, final - score.base - drag)
            moved = True
    if not moved:
        return replace(plain, records=records)
    return replace(plain, people=MappingProxyType(people), instant=records.instant, records=records,
                   society=society)
