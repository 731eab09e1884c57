"""Tiers open exactly at their thresholds; friends can lock (and open) doors."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.policy import ONE, default_policy
from nosedive.scoring import PersonScore, ScoreEngine, tier_statuses
from nosedive.scoring.explain import what_if_unfriend

from .helpers import Room, people

POLICY = default_policy()


def test_each_tier_flips_at_its_threshold_and_not_a_unit_before() -> None:
    for tier in POLICY.tiers:
        below = {t.name: t for t in tier_statuses(POLICY, PersonScore(tier.min - 1, 0, tier.min - 1))}
        at = {t.name: t for t in tier_statuses(POLICY, PersonScore(tier.min, 0, tier.min))}
        assert below[tier.name].state == "locked" and below[tier.name].distance == -1
        assert at[tier.name].state == "open" and at[tier.name].distance == 0


@settings(max_examples=200, deadline=None)
@given(base=st.integers(POLICY.low, POLICY.high), final=st.integers(POLICY.low, POLICY.high))
def test_tier_states_follow_base_and_final(base: int, final: int) -> None:
    for tier, status in zip(POLICY.tiers, tier_statuses(POLICY, PersonScore(base, final - base, final)), strict=True):
        assert (status.state == "open") == (final >= tier.min)
        assert (status.state == "locked_by_friends") == (base >= tier.min > final)
        assert status.opened_by_friends == (final >= tier.min > base)
        assert status.distance == final - tier.min


def test_the_display_never_rounds_up_into_a_tier() -> None:
    engine = ScoreEngine("00" * 32)
    table = engine.table()
    assert table.format(3 * ONE - 1) == "2.999"
    assert table.format(3 * ONE) == "3.000"
    assert table.format_signed(-184_000) == "−0.184"


def test_a_low_friend_locks_a_door_the_ratings_would_open() -> None:
    room = Room()
    me, friend, *raters = people(7)
    room.rate(raters[0], me, 5)  # base (8 × 2.0 × 3 + 2.0 × 5) / (16 + 2) = 3.222
    for rater in raters:
        room.rate(rater, friend, 1)  # friend's base (48 + 5 × 2.0 × 1) / (16 + 10) = 2.230
    room.befriend(me, friend)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table()
    score = table.people[me.public_hex]
    assert table.format(score.base) == "3.222"
    assert table.format(score.final) == "2.974"  # 3.222 − 0.25 × (3.222 − 2.230)
    rail = table.tiers(me.public_hex)[0]
    assert (rail.name, rail.state) == ("High-speed rail", "locked_by_friends")
    what = what_if_unfriend(table, me.public_hex, friend.public_hex)
    assert what.flipped == ("High-speed rail",)
    assert what.tiers[0].state == "open"
    assert table.format(table.people[friend.public_hex].final) == "2.329"  # 2.230 + 0.1 × 0.992
    assert table.grade(friend.public_hex) == "Underclass"
    assert table.grade(me.public_hex) == "Citizen"
