"""Who counts in a room: the facilitator's admit and expel messages, read under the room's admission rule.

A person's status is the facilitator's latest (highest seq) ``admit`` or ``expel`` message about
them; the facilitator is always admitted. In an ``open`` room everyone counts except the
expelled; in an ``admit`` room only the admitted count. Someone who does not count has none
of their messages counted and no score of their own (``docs/scoring.md``, "Who counts").
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Status = Literal["member", "waiting", "expelled"]
VERDICT_TYPES = {"admit": True, "expel": False}  # message type -> "let in"


@dataclass(frozen=True)
class Membership:
    """The verdicts that stand, under one admission mode. Equal values mean the same people count."""

    admission: str = "open"  # "open" | "admit" (the policy's)
    facilitator: str | None = None
    admitted: frozenset[str] = frozenset()  # by their latest verdict (the facilitator always)
    expelled: frozenset[str] = frozenset()  # by their latest verdict

    @property
    def everyone_counts(self) -> bool:
        """True when nobody is left out (the common case: an open room without expulsions)."""
        return self.admission == "open" and not self.expelled

    def counts(self, person: str) -> bool:
        if self.admission == "admit":
            return person in self.admitted
        return person not in self.expelled

    def counts_the_same_as(self, other: Membership) -> bool:
        """Whether *other* lets exactly the same people count (then no recount is needed)."""
        if self.admission != other.admission:
            return False
        return self.admitted == other.admitted if self.admission == "admit" else self.expelled == other.expelled

    def status(self, person: str) -> Status:
        if person in self.expelled:
            return "expelled"
        return "member" if self.counts(person) else "waiting"


def membership(admission: str, facilitator: str | None, verdicts: Mapping[str, Mapping[int, bool]],
               limit: int) -> Membership:
    """The standing verdicts: per subject, the facilitator's highest seq below *limit* (their fork) wins."""
    admitted: set[str] = set()
    expelled: set[str] = set()
    if facilitator is not None:
        for subject, by_seq in verdicts.items():
            counted = [seq for seq in by_seq if seq < limit]
            if counted and subject != facilitator:
                (admitted if by_seq[max(counted)] else expelled).add(subject)
        admitted.add(facilitator)
    return Membership(admission, facilitator, frozenset(admitted), frozenset(expelled))
