"""Who counts: the facilitator's admit/expel verdicts under the room's admission rule.

The property tests build a room from a random plan and compare it with an oracle: a second
room, under the same rules, holding only the messages the rule says count (written out
here in plain Python), so the engine's incremental bookkeeping is checked against the rule itself.
"""
from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.errors import MalformedError
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset, parse_policy
from nosedive.scoring import ScoreEngine
from nosedive.scoring.text import render_policy

from .helpers import Room
from .strategies import POOL
from .test_determinism import split, table_hash

FACILITATOR = 6  # index of the room's facilitator in a plan (0-5 are POOL)

rate_action = st.tuples(st.just("rate"), st.integers(0, 6), st.integers(0, 6), st.integers(1, 5))
friend_action = st.tuples(st.just("friend"), st.integers(0, 6), st.integers(0, 6), st.booleans())
verdict_action = st.tuples(st.sampled_from(["admit", "expel"]), st.just(FACILITATOR), st.integers(0, 5), st.just(0))
plans = st.lists(st.one_of(rate_action, rate_action, friend_action, verdict_action), min_size=1, max_size=30)
modes = st.sampled_from(["open", "admit"])


def policy(mode: str) -> dict[str, Any]:
    return load_preset("nosedive") | {"admission": mode}


def build(mode: str, plan: list[tuple[str, int, int, int]]) -> tuple[Room, list[Identity]]:
    room = Room(policy(mode))
    everyone = [*POOL, room.facilitator]
    for kind, a, b, arg in plan:
        if a == b:
            continue
        if kind == "rate":
            room.rate(everyone[a], everyone[b], arg)
        elif kind == "friend":
            room.friend(everyone[a], everyone[b], bool(arg))
        else:
            room.post(room.facilitator, kind, {"subject": everyone[b].public_hex})
    return room, everyone


def oracle_counts(mode: str, plan: list[tuple[str, int, int, int]]) -> set[int]:
    """The rule in plain words: the latest verdict per person; the facilitator always counts."""
    verdict: dict[int, bool] = {}
    for kind, _, b, _ in plan:
        if kind in ("admit", "expel"):
            verdict[b] = kind == "admit"
    people = range(FACILITATOR)
    counted = {p for p in people if verdict.get(p, False)} if mode == "admit" else {
        p for p in people if verdict.get(p, True)}
    return counted | {FACILITATOR}


def oracle_people(mode: str, plan: list[tuple[str, int, int, int]], room: Room, everyone: list[Identity]) -> Any:
    """Scores of a room holding only what counts: the same people, stars and timestamps."""
    counts = oracle_counts(mode, plan)
    oracle = Room(policy("open"), facilitator=room.facilitator)  # nothing left out: the filter here does it
    authors = {message.author for message in room.messages[1:]}
    for index in counts - {FACILITATOR}:  # a counted author is a person even if none of their ratings count
        if everyone[index].public_hex in authors:
            oracle.post(everyone[index], "profile", {"name": f"p{index}"}, ts=0)
    index_of = {who.public_hex: i for i, who in enumerate(everyone)}
    for message in room.messages[1:]:
        if message.type not in ("rate", "friend"):
            continue
        a, b = index_of[message.author], index_of[message.body["subject"]]
        if a in counts and b in counts:
            oracle.post(everyone[a], message.type, message.body, ts=message.ts)
    engine = ScoreEngine(oracle.id)
    engine.apply(oracle.messages)
    return engine.table().people


@settings(max_examples=80, deadline=None)
@given(mode=modes, plan=plans)
def test_only_people_who_count_are_scored_and_counted(mode: str, plan: list[tuple[str, int, int, int]]) -> None:
    room, everyone = build(mode, plan)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table()
    assert dict(table.people) == dict(oracle_people(mode, plan, room, everyone))
    counts = oracle_counts(mode, plan)
    for index, who in enumerate(everyone):
        assert table.membership.counts(who.public_hex) == (index in counts)


@settings(max_examples=60, deadline=None)
@given(mode=modes, plan=plans, seed=st.integers(0, 2**32 - 1), cuts=st.lists(st.integers(0, 100), max_size=6))
def test_verdicts_in_any_order_and_batches_give_the_same_hash(
    mode: str, plan: list[tuple[str, int, int, int]], seed: int, cuts: list[int],
) -> None:
    room, _ = build(mode, plan)
    reference = table_hash(room.id, [room.messages])
    shuffled = list(room.messages)
    random.Random(seed).shuffle(shuffled)
    assert table_hash(room.id, split(shuffled, cuts)) == reference
    assert table_hash(room.id, [[m] for m in shuffled]) == reference


@settings(max_examples=30, deadline=None)
@given(mode=modes, plan=plans, seed=st.integers(0, 2**32 - 1))
def test_incremental_with_verdicts_equals_a_fresh_engine_at_every_step(
    mode: str, plan: list[tuple[str, int, int, int]], seed: int,
) -> None:
    room, _ = build(mode, plan)
    order = list(room.messages)
    random.Random(seed).shuffle(order)
    engine = ScoreEngine(room.id)
    for i, message in enumerate(order):
        engine.apply([message])
        fresh = ScoreEngine(room.id)
        fresh.apply(order[: i + 1])
        assert engine.table().hash() == fresh.table().hash()
        assert engine.membership == fresh.membership


def test_statuses_follow_the_latest_verdict_and_the_facilitator_is_always_in() -> None:
    room = Room(policy("admit"))
    lacie, naomi = POOL[0], POOL[1]
    room.rate(lacie, naomi, 5)
    room.rate(naomi, lacie, 1)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table()
    assert table.status(lacie.public_hex) == table.status(naomi.public_hex) == "waiting"
    assert table.status(room.facilitator.public_hex) == "member"
    assert set(table.people) == {room.facilitator.public_hex}  # nobody else counts yet
    engine.apply([room.post(room.facilitator, "admit", {"subject": lacie.public_hex}),
                  room.post(room.facilitator, "admit", {"subject": naomi.public_hex})])
    table = engine.table()
    assert table.people[naomi.public_hex].base > table.people[lacie.public_hex].base  # both ratings count now
    engine.apply([room.post(room.facilitator, "expel", {"subject": naomi.public_hex})])
    table = engine.table()
    assert table.status(naomi.public_hex) == "expelled"
    assert naomi.public_hex not in table.people
    assert table.people[lacie.public_hex].base == table.policy.prior_value  # naomi's 1 star no longer counts
    engine.apply([room.post(room.facilitator, "admit", {"subject": naomi.public_hex})])
    assert engine.table().status(naomi.public_hex) == "member"  # the latest verdict wins


def test_an_open_room_counts_everyone_but_the_expelled() -> None:
    room = Room()
    lacie, naomi = POOL[0], POOL[1]
    room.post(lacie, "profile", {"name": "Lacie"})
    room.rate(naomi, lacie, 1)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    before = engine.table().people[lacie.public_hex].base
    assert engine.table().status(naomi.public_hex) == "member"
    engine.apply([room.post(room.facilitator, "expel", {"subject": naomi.public_hex})])
    assert engine.table().people[lacie.public_hex].base > before
    assert engine.table().status(naomi.public_hex) == "expelled"


def test_verdicts_from_anyone_but_the_facilitator_mean_nothing() -> None:
    room = Room()
    lacie, naomi = POOL[0], POOL[1]
    room.rate(naomi, lacie, 1)
    room.post(lacie, "expel", {"subject": naomi.public_hex})  # the ledger refuses it; the engine ignores it too
    engine = ScoreEngine(room.id)
    engine.apply(reversed(room.messages))  # even when it arrives before the genesis
    assert engine.table().status(naomi.public_hex) == "member"
    assert engine.table().people[lacie.public_hex].base < engine.table().policy.prior_value


def test_the_admission_rule_is_validated_said_in_a_sentence_and_keeps_old_digests() -> None:
    preset = load_preset("nosedive")
    assert parse_policy(preset).admission == "open"
    assert "admission" not in parse_policy(preset).raw  # rooms made before the rule keep their score hash
    assert parse_policy(policy("admit")).admission == "admit"
    with pytest.raises(MalformedError, match="admission"):
        parse_policy(preset | {"admission": "closed"})
    room = Room(policy("admit"))
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    assert any("facilitator lets each person in" in line for line in render_policy(engine.table()))
