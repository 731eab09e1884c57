"""The debrief's "what if": the same session under other rules, beside the real one.

:func:`with_comparison` adds a :class:`nosedive.scoring.comparison.Comparison` to a collected
debrief (the real rules first); :func:`comparison_json` is its section of ``debrief.json`` and
the HTML report's table. Nothing is signed or sent: the messages are only re-scored.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from nosedive.debrief.data import DebriefData
from nosedive.ledger.store import Ledger
from nosedive.scoring.comparison import Comparison, compare
from nosedive.scoring.counterfactual import policy_from, without


def with_comparison(data: DebriefData, ledger: Ledger, choice: str | None, rules_off: Sequence[str],
                    *, bucket_ms: int = 60_000) -> DebriefData:
    """*data* with the session compared under *choice* (a preset or file; None: the room's own rules)
    with each of *rules_off* turned off."""
    own = data.scores.policy
    other = without(policy_from(choice) if choice else own, rules_off)
    label = other.title if choice else own.title
    if rules_off:
        label = f"{label or 'the rules'} without {', '.join(rules_off)}"
    held = [message for _, message in ledger.messages(data.room_id)]
    result = compare(data.room_id, held, own, other, labels=(own.title or "the room's rules", label),
                     forks=ledger.forked_authors(data.room_id), name=data.name, bucket_ms=bucket_ms)
    return dataclasses.replace(data, comparison=result)


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
