"""The immutable score table of a room, and the tier rule.

Built by :class:`nosedive.scoring.ScoreEngine`; read by the node, the UI and
:mod:`nosedive.explain`. Everything here is frozen or never mutated after
construction, so a table can be handed to another thread.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from nosedive.core.policy import ONE, Policy
from nosedive.scoring.membership import Membership, Status
from nosedive.scoring.model import Model
from nosedive.scoring.record_state import NO_RECORDS_AT, RecordsAt

if TYPE_CHECKING:
    from nosedive.scoring.society import SocietyAt


@dataclass(frozen=True, slots=True)
class PersonScore:
    base: int  # from ratings (and the prior), fixed-point
    drag: int  # the friends' total pull, fixed-point, signed
    final: int  # base + drag (+ records): the number people see
    records: int = 0  # what records and timed penalties add at the table's instant (fixed-point, signed)


@dataclass(frozen=True, slots=True)
class TierStatus:
    name: str
    threshold: int  # fixed-point
    state: str  # "open" | "locked" | "locked_by_friends"
    distance: int  # final − threshold: ≥ 0 when open
    description: str = ""
    opened_by_friends: bool = False  # open only thanks to the friends' pull
    locked_by: str = ""  # closed by joint punishment: the sentence naming the agency and list ("" otherwise)
    opened_by: str = ""  # opened by a list (a red list): the sentence naming it ("" otherwise)


@dataclass(frozen=True)
class ScoreTable:
    """An immutable score table of one room; safe to hand to another thread."""

    room_id: str
    policy: Policy
    people: Mapping[str, PersonScore]
    model: Model = field(repr=False, compare=False)
    membership: Membership = field(default=Membership(), compare=False)  # who counts (status of each person)
    instant: int | None = None  # set when records, penalties or the elite moved a score: the table is of then
    records: RecordsAt = field(default=NO_RECORDS_AT, compare=False)  # what stands at the instant asked for
    society: SocietyAt | None = field(default=None, compare=False)  # groups, agencies, lists (a policy with them)

    def hash(self) -> str:
        return self._digest

    @cached_property
    def _digest(self) -> str:
        if self.instant is not None:  # scores of an instant: the hash names it (docs/scoring.md)
            return _instant_digest(self)
        digest = hashlib.sha256(b"nosedive/scores/v1\n" + self.policy.digest.encode() + b"\n")
        for person in sorted(self.people):
            score = self.people[person]
            digest.update(f"{person} {score.base} {score.drag} {score.final}\n".encode())
        return digest.hexdigest()

    def status(self, person: str) -> Status:
        """"member", "waiting" (for the facilitator to let them in) or "expelled"."""
        return self.membership.status(person)

    def score(self, person: str) -> PersonScore:
        """The person's score; someone the room has never heard of stands at the prior."""
        found = self.people.get(person)
        if found is None:
            prior = self.policy.prior_value
            return PersonScore(prior, 0, prior)
        return found

    def format(self, value: int) -> str:
        """*value* as the room shows it: "4.237" (truncated, so it never rounds up past a tier)."""
        decimals = self.policy.decimals
        step = ONE // 10**decimals
        sign = "-" if value < 0 else ""
        units = abs(value) // step
        if decimals == 0:
            return f"{sign}{units}"
        return f"{sign}{units // 10**decimals}.{units % 10**decimals:0{decimals}d}"

    def format_signed(self, value: int) -> str:
        """A change: "+0.120", "−0.045", "±0.000"."""
        if value == 0:
            return "±" + self.format(0)
        return ("+" if value > 0 else "−") + self.format(abs(value))

    def tiers(self, person: str) -> tuple[TierStatus, ...]:
        return tier_statuses(self.policy, self.score(person))

    def grade(self, person: str) -> str:
        return self.policy.grade(self.score(person).final)

    def raters(self, person: str) -> Mapping[str, int]:
        """Rater -> the stars of their rating of *person* that counts."""
        return MappingProxyType({r: code & 7 for r, code in self.model.inn.get(person, {}).items()})

    def friends(self, person: str) -> frozenset[str]:
        return self.model.friends.get(person, frozenset())

    @cached_property
    def influencer(self) -> str | None:
        """The top scorer with enough raters (None when nobody qualifies, or on a tie)."""
        minimum = self.policy.influencer_min_raters
        ranked = sorted(
            ((score.final, len(self.model.inn.get(p, ()))), p)
            for p, score in self.people.items()
            if len(self.model.inn.get(p, ())) >= minimum
        )
        if not self.policy.influencer_label or not ranked:
            return None
        if len(ranked) > 1 and ranked[-1][0] == ranked[-2][0]:
            return None
        return ranked[-1][1]

    def labels(self, person: str) -> tuple[str, ...]:
        """The person's grade, plus the influencer label if they hold it."""
        result = [self.grade(person)] if self.grade(person) else []
        if self.influencer == person:
            result.append(self.policy.influencer_label)
        return tuple(result)

    def ranking(self) -> list[str]:
        """People from the highest final score down (ties by key)."""
        return sorted(self.people, key=lambda p: (-self.people[p].final, p))


def _instant_digest(table: ScoreTable) -> str:
    digest = hashlib.sha256(f"nosedive/scores/v2\n{table.policy.digest}\nat {table.instant}\n".encode())
    for person in sorted(table.people):
        score = table.people[person]
        digest.update(f"{person} {score.base} {score.drag} {score.records} {score.final}\n".encode())
    if table.society:  # groups, agencies and lists: only in rooms whose policy has them
        digest.update(f"society {table.society.digest()}\n".encode())
    return digest.hexdigest()


def tier_statuses(policy: Policy, score: PersonScore) -> tuple[TierStatus, ...]:
    result = []
    for tier in policy.tiers:
        is_open = score.final >= tier.min
        base_open = score.base >= tier.min
        state = "open" if is_open else ("locked_by_friends" if base_open else "locked")
        result.append(TierStatus(tier.name, tier.min, state, score.final - tier.min,
                                 tier.description, is_open and not base_open))
    return tuple(result)
