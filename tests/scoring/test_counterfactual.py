"""Counterfactual scoring: the same messages under other rules, deterministic, nothing signed."""
from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.errors import UsageError
from nosedive.core.messages import Message
from nosedive.core.policy import load_preset, parse_policy, preset_names
from nosedive.scoring import ScoreEngine, ScoreTable
from nosedive.scoring.comparison import compare
from nosedive.scoring.counterfactual import TOGGLES, counterfactual_table, policy_from, under_policy, without

from .helpers import BASE_TS, Room, people
from .strategies import actions, room_from


def real_table(room: Room, messages: list[Message] | None = None) -> ScoreTable:
    engine = ScoreEngine(room.id)
    engine.apply(room.messages if messages is None else messages)
    return engine.table()


@settings(max_examples=40, deadline=None)
@given(actions)
def test_the_rooms_own_rules_give_the_real_table(plan: list[tuple[Any, ...]]) -> None:
    room = room_from(plan)
    real = real_table(room)
    assert counterfactual_table(room.id, room.messages, real.policy).hash() == real.hash()


@settings(max_examples=30, deadline=None)
@given(actions, st.sampled_from(sorted(preset_names())), st.randoms(use_true_random=False))
def test_any_order_and_batching_gives_the_same_hash(
    plan: list[tuple[Any, ...]], preset: str, rng: random.Random,
) -> None:
    room = room_from(plan)
    policy = parse_policy(load_preset(preset))
    expected = counterfactual_table(room.id, room.messages, policy)
    shuffled = under_policy(room.messages, policy)
    rng.shuffle(shuffled)
    engine = ScoreEngine(room.id)
    while shuffled:
        cut = rng.randint(1, len(shuffled))
        engine.apply(shuffled[:cut])
        shuffled = shuffled[cut:]
    assert engine.table().hash() == expected.hash()
    assert expected.policy.digest == policy.digest


def test_a_policy_compared_with_itself_shows_no_difference() -> None:
    room = Room()
    crowd = people(5)
    rng = random.Random(5)
    for _ in range(40):
        a, b = rng.sample(crowd, 2)
        room.rate(a, b, rng.randint(1, 5))
    room.befriend(crowd[0], crowd[1])
    policy = real_table(room).policy
    result = compare(room.id, room.messages, policy, policy)
    assert result.people and result.changed == ()
    assert result.first.hash() == result.second.hash()
    assert result.rules == "The rules were signed again, unchanged."


def test_without_drag_gives_the_table_of_a_room_without_friendships() -> None:
    crowd = people(5)
    with_friends, alone = Room(facilitator=crowd[0]), Room(facilitator=crowd[0])
    rng = random.Random(9)
    for _ in range(40):
        a, b, stars = *rng.sample(crowd, 2), rng.randint(1, 5)
        with_friends.rate(a, b, stars)
        alone.rate(a, b, stars)
    with_friends.befriend(crowd[1], crowd[2])
    with_friends.befriend(crowd[3], crowd[4])
    own = real_table(with_friends)
    assert any(score.drag for score in own.people.values()), "the friendships pull someone"
    no_drag = counterfactual_table(with_friends.id, with_friends.messages, without(own.policy, ["drag"]))
    assert dict(no_drag.people) == dict(real_table(alone).people)


def test_each_toggle_turns_its_rule_off_and_nothing_else() -> None:
    raw = load_preset("nosedive")
    raw.update(double_damage={"max_stars": 2, "hours": 3}, elite={"roles": ["official"]})
    policy = parse_policy(raw)
    off = {name: without(policy, [name]) for name in TOGGLES}
    assert (off["drag"].drag_down, off["drag"].drag_up) == (0, 0)
    assert off["weights"].weight_min == off["weights"].weight_max
    assert off["prior"].prior_count == 0 and off["prior"].prior_value == policy.prior_value
    assert off["double-damage"].double_damage_max_stars == 0
    assert not off["elite"].records.has_elite and policy.records.has_elite
    assert off["drag"].tiers == policy.tiers and off["drag"].prior_count == policy.prior_count
    assert without(policy, []).digest == policy.digest
    with pytest.raises(UsageError, match="no rule 'luck'"):
        without(policy, ["luck"])
    assert policy_from("sesame").title == parse_policy(load_preset("sesame")).title
    with pytest.raises(UsageError, match="no policy preset or file"):
        policy_from("no-such-rules")


def test_a_door_friends_kept_shut_opens_without_drag_and_the_sentence_names_the_friend() -> None:
    lacie, ryan, *raters = people(8)
    room = Room()
    for minute, rater in enumerate(raters):
        room.rate(rater, lacie, 5, ts=BASE_TS + minute * 60_000)
        room.rate(rater, ryan, 1, ts=BASE_TS + minute * 60_000 + 1)
    room.befriend(lacie, ryan)
    own = real_table(room).policy
    names = {lacie.public_hex: "Lacie", ryan.public_hex: "Ryan"}
    result = compare(room.id, room.messages, own, without(own, ["drag"]), labels=("the episode", "no drag"),
                     name=lambda key: names.get(key, key[:6]))
    change = next(c for c in result.people if c.person == lacie.public_hex)
    assert change.opened and not change.closed
    assert change.second.final > change.first.final and change.diverged_at is not None
    assert any(reason.startswith("friend drag: Ryan pulled you down by") for reason in change.reasons)
    assert "a friend now pulls down 0% of the way" in result.rules


def test_at_an_instant_later_messages_do_not_count() -> None:
    room = Room()
    a, b, c = people(3)
    room.rate(a, b, 5, ts=BASE_TS + 1000)
    late = room.rate(c, b, 1, ts=BASE_TS + 3_600_000)
    policy = real_table(room).policy
    early = counterfactual_table(room.id, room.messages, policy, at=late.ts - 1)
    assert early.hash() == real_table(room, room.messages[:-1]).hash()
    assert counterfactual_table(room.id, room.messages, policy, at=late.ts).hash() == real_table(room).hash()
