"""The same session under other rules: a room's messages scored under a policy it never signed.

Nothing is signed, sent or stored: the room's own messages are fed to a fresh
:class:`ScoreEngine` with the rules forced — the genesis carries the given policy instead of
its own and the facilitator's later ``policy`` messages are left out, so the engine's one
source of rules is the one asked for. Everything else (forks, admission verdicts, rounds,
records, double damage windows) is read from the messages exactly as for the real table, so
the same messages and policy give the same table hash on every machine, in any order.

The single-rule what-ifs (:data:`TOGGLES`) are policy transformations: each turns one rule
off in a copy of the policy's resolved JSON (``docs/scoring.md``, "What if").
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.core.policy import Policy, parse_policy
from nosedive.core.policy_source import read_rules
from nosedive.scoring.engine import ScoreEngine
from nosedive.scoring.history import Replay, replay
from nosedive.scoring.table import ScoreTable

Raw = dict[str, Any]


def under_policy(messages: Iterable[Message], policy: Policy) -> list[Message]:
    """*messages* with the room's rules replaced by *policy* (ids kept: the engine keys by them)."""
    forced: list[Message] = []
    for message in messages:
        if message.type == "policy":
            continue  # the facilitator's rule changes: the forced rules hold from start to end
        if message.type == "room":
            message = dataclasses.replace(message, body={**message.body, "policy": dict(policy.raw)})
        forced.append(message)
    return forced


def until(messages: Iterable[Message], at: int | None) -> list[Message]:
    """The messages signed at or before *at* (all of them when *at* is None)."""
    return [m for m in messages if at is None or m.ts <= at]


def counterfactual_table(
    room_id: str,
    messages: Iterable[Message],
    policy: Policy,
    *,
    forks: Mapping[str, int] | None = None,
    at: int | None = None,
    instant: int | None = None,
) -> ScoreTable:
    """The room's table had *policy* been its rules, from the messages signed by *at* (unix ms; None:
    all of them), with records and penalties as of *instant* (default *at*), as ``nosedive scores``."""
    engine = ScoreEngine(room_id)
    if forks:
        engine.set_forks(forks)
    engine.apply(under_policy(until(messages, at), policy))
    return engine.table(at=at if instant is None else instant)


def counterfactual_replay(
    room_id: str,
    messages: Iterable[Message],
    policy: Policy,
    *,
    forks: Mapping[str, int] | None = None,
    at: int | None = None,
    bucket_ms: int = 60_000,
) -> Replay:
    """Everyone's timeline under *policy* up to *at* (:func:`nosedive.scoring.history.replay`)."""
    return replay(room_id, under_policy(until(messages, at), policy), forks=forks, bucket_ms=bucket_ms)


# --------------------------------------------------------------------------- which rules

def policy_from(choice: str) -> Policy:
    """A preset's name, or the path of a policy JSON file, parsed."""
    return parse_policy(read_rules(choice))


def _no_drag(raw: Raw) -> None:
    raw["drag"] = {"down": "0", "up": "0"}


def _flat_weights(raw: Raw) -> None:
    raw["weight"] = {"min": "1", "max": "1", "power": 1}


def _no_prior(raw: Raw) -> None:
    raw["prior"] = {**raw.get("prior", {}), "count": 0}


def _no_double_damage(raw: Raw) -> None:
    raw["double_damage"] = {**raw.get("double_damage", {}), "max_stars": 0}


def _no_elite(raw: Raw) -> None:
    raw.pop("elite", None)


# name -> (what it does, in the docs' words; the transformation of the resolved policy)
TOGGLES: Mapping[str, tuple[str, Callable[[Raw], None]]] = {
    "drag": ("friends pull nobody (drag fractions 0)", _no_drag),
    "weights": ("every rating weighs the same (weights 1 to 1)", _flat_weights),
    "prior": ("nobody starts with imaginary ratings (prior count 0)", _no_prior),
    "double-damage": ("no rating counts double (double damage off)", _no_double_damage),
    "elite": ("nobody is protected (no elite)", _no_elite),
}


def without(policy: Policy, rules: Sequence[str]) -> Policy:
    """*policy* with each rule in *rules* (names of :data:`TOGGLES`) turned off."""
    raw: Raw = json.loads(json.dumps(dict(policy.raw)))  # a deep copy: the policy stays frozen
    for rule in rules:
        if rule not in TOGGLES:
            raise UsageError(_("no rule {rule!r} to turn off; choose from {rules}").format(
                rule=rule, rules=", ".join(TOGGLES)))
        TOGGLES[rule][1](raw)
    return parse_policy(raw)
