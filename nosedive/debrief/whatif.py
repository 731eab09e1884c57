"""The debrief's "what if": the same session under other rules, beside the real one.

:func:`with_comparison` adds a :class:`nosedive.scoring.comparison.Comparison` to a collected
debrief (the real rules first); :func:`comparison_json` is its section of ``debrief.json`` and
the HTML report's table. :func:`what_if` is what the projector asks for: the comparison plus
the other side as a :class:`DebriefData` of its own (leaderboard, timelines, doors), so both
sides draw with the same widgets. Nothing is signed or sent: the messages are only re-scored.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nosedive.core.i18n import N_, _
from nosedive.core.messages import Message
from nosedive.core.policy import Policy
from nosedive.debrief.collect import _doors, _leaderboard
from nosedive.debrief.data import DebriefData
from nosedive.ledger.store import Ledger
from nosedive.scoring.comparison import Clock, Comparison, compare, utc_clock
from nosedive.scoring.counterfactual import TOGGLES, policy_from, without
from nosedive.scoring.history import bucket_for

# how a label names each rule turned off (the names are the engine's TOGGLES)
RULE_WORDS: Mapping[str, str] = {
    "drag": N_("friend drag"), "weights": N_("rater weights"), "prior": N_("the prior"),
    "double-damage": N_("double damage"), "elite": N_("the elite's protection"),
}
assert RULE_WORDS.keys() == TOGGLES.keys(), "every toggle has its words"
POINTS = 120  # buckets of a replayed what-if timeline at most: a 2-hour session still has one a minute
RECOUNTS = 12_000  # people × buckets a replay may cost (a bucket where everyone moved is a recount of the room)


def points(people: int) -> int:
    """How many buckets a what-if replays for a room of *people*: :data:`POINTS` for a class; fewer, down to
    24, for a crowd (1,000 people: 24), so a day-long installation is compared in seconds, not minutes."""
    return max(24, min(POINTS, RECOUNTS // max(people, 1)))


def local_clock(ts: int) -> str:
    """A signed time as the room's clock on the wall says it (the facilitator's machine)."""
    return dt.datetime.fromtimestamp(ts / 1000).strftime("%H:%M")


def other_rules(own: Policy, choice: str | None, rules_off: Sequence[str]) -> tuple[Policy, str]:
    """The rules to compare with (*choice*, a preset or file; None: *own*) with *rules_off* turned off,
    and how a reader is told their name; a bad choice is one clear UsageError."""
    other = without(policy_from(choice) if choice else own, rules_off)
    label = (other.title if choice else own.title) or _("the rules")
    if rules_off:
        words = ", ".join(_(RULE_WORDS.get(rule, rule)) for rule in rules_off)
        label = _("{rules} without {what}").format(rules=label, what=words)
    return other, label


def with_comparison(data: DebriefData, ledger: Ledger, choice: str | None, rules_off: Sequence[str],
                    *, bucket_ms: int = 60_000) -> DebriefData:
    """*data* with the session compared under *choice* (a preset or file; None: the room's own rules)
    with each of *rules_off* turned off; times in the sentences are UTC, as in the rest of the export."""
    held = [message for _row, message in ledger.messages(data.room_id)]
    result = _compare(data, held, ledger.forked_authors(data.room_id), choice, rules_off, bucket_ms, utc_clock)
    return dataclasses.replace(data, comparison=result)


def _compare(data: DebriefData, held: Sequence[Message], forks: Mapping[str, int], choice: str | None,
             rules_off: Sequence[str], bucket_ms: int, clock: Clock, brief: bool = False) -> Comparison:
    own = data.scores.policy
    other, label = other_rules(own, choice, rules_off)
    labels = (_("this session's rules"), _("the other rules")) if brief else (own.title or _("the room's rules"), label)
    return compare(data.room_id, held, own, other, labels=labels, forks=forks, name=data.name, bucket_ms=bucket_ms,
                   clock=clock)


@dataclass(frozen=True)
class WhatIf:
    """The session under the room's rules (``real``, carrying the comparison) and under the other rules
    (``other``: its own leaderboard, timelines and doors), for the choice that asked for it."""

    choice: str | None  # the preset or file asked for (None: the room's own rules)
    rules_off: tuple[str, ...]
    real: DebriefData
    other: DebriefData

    @property
    def comparison(self) -> Comparison:
        assert self.real.comparison is not None
        return self.real.comparison

    @property
    def shared_doors(self) -> frozenset[str]:
        """The doors both rule sets have (by name): those a row can show open on one side and shut on the other."""
        first, second = self.comparison.first.policy, self.comparison.second.policy
        return frozenset(t.name for t in first.tiers) & frozenset(t.name for t in second.tiers)

    def doors_differ(self, person: str) -> frozenset[str]:
        """The doors open under one side only, for *person*."""
        change = next((c for c in self.comparison.people if c.person == person), None)
        return frozenset(change.opened + change.closed) if change else frozenset()


def what_if(real: DebriefData, held: Sequence[Message], forks: Mapping[str, int], choice: str | None,
            rules_off: Sequence[str], *, bucket_ms: int | None = None, clock: Clock = local_clock,
            brief: bool = False) -> WhatIf:
    """Both sides of the session (*held*: the room's stored messages; *real*: its collected debrief); *brief*
    sentences say "this session's rules" and "the other rules" (for the projector, whose columns carry the
    names) instead of both titles. Pure: it reads nothing but a policy file, so it may run off the ledger's thread.
    Both sides are replayed in one-minute buckets, or longer ones for a long session (at most :func:`points`:
    each bucket costs a recount of the room)."""
    if bucket_ms is None:
        bucket_ms = bucket_for(real.first_ts, real.last_ts, most=points(len(real.people)))
    result = _compare(real, held, forks, choice, rules_off, bucket_ms, clock, brief)
    label = other_rules(real.scores.policy, choice, rules_off)[1]
    return WhatIf(choice, tuple(rules_off), dataclasses.replace(real, comparison=result),
                  other_side(real, result, label))


def other_side(real: DebriefData, result: Comparison, label: str | None = None) -> DebriefData:
    """The debrief as the other rules (named *label*; default the comparison's) would have drawn it:
    leaderboard, timelines, doors. The facilitator's rule changes are not among its markers (the other
    rules held from start to end)."""
    table = result.second
    label_of = {row.key: row.label for row in real.people}
    return dataclasses.replace(
        real, rules=label or result.second_label, table_hash=table.hash(), scores=table,
        people=_leaderboard(table, label_of, real.facilitator), timelines=dict(result.paths[1]),
        doors=_doors(table), markers=tuple(m for m in real.markers if m.kind != "policy"),
        moments=(), explanations={}, comparison=None)


def comparison_json(result: Comparison, name: Callable[[str], str]) -> dict[str, Any]:
    """The "whatif" section of debrief.json: both sides' hashes, and every person under both rules."""
    a, b = result.first, result.second
    return {
        "first": {"label": result.first_label, "policy_digest": a.policy.digest, "table_hash": a.hash()},
        "second": {"label": result.second_label, "policy_digest": b.policy.digest, "table_hash": b.hash()},
        "rules": result.rules,
        "people": [{"key": c.person, "label": name(c.person), "differs": c.differs,
                    "first": {"score": a.format(c.first.final), "final": c.first.final, "grade": c.first_grade},
                    "second": {"score": b.format(c.second.final), "final": c.second.final, "grade": c.second_grade},
                    "opened": list(c.opened), "closed": list(c.closed), "diverged_ts": c.diverged_at,
                    "reasons": list(c.reasons)} for c in result.people],
    }
