"""The prior: one rating never makes a 5.000, and k fresh identities move a person by a bounded amount.

The bound (nosedive.scoring_rules.fresh_identity_bound, docs/scoring.md): k fresh
identities (nobody outside their group rated them) can hold at most
k·w_k / (P + W + k·w_k) of the say over a target's base, where P is the prior's
weight, W the weight of the target's other raters and w_k the weight of the best
score a fresh identity can reach when rated only by the other k−1. The base moves
by at most that share of the distance to the far end of the scale, plus one step.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.identity import Identity
from nosedive.core.policy import ONE, default_policy
from nosedive.scoring import ScoreEngine
from nosedive.scoring.explain import explain
from nosedive.scoring.rules import fresh_identity_bound

from .helpers import Room, people
from .strategies import POOL

POLICY = default_policy()
SYBILS = [Identity.generate() for _ in range(4)]
TARGET = 4  # POOL[4] rates nobody and has no friends in these rooms

community = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from([0, 1, 2, 3, TARGET]), st.integers(1, 5))
    .filter(lambda t: t[0] != t[1]),
    max_size=15,
)
sybil_moves = st.lists(
    st.one_of(
        st.tuples(st.just("rate"), st.integers(0, 3), st.just(-1), st.integers(1, 5)),  # rate the target
        st.tuples(st.just("rate"), st.integers(0, 3), st.integers(0, 3), st.integers(1, 5)),
        st.tuples(st.just("friend"), st.integers(0, 3), st.integers(0, 3), st.just(True)),
    ),
    min_size=1, max_size=20,
)


def scores_of(room: Room) -> ScoreEngine:
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    return engine


@settings(max_examples=80, deadline=None)
@given(plan=community, moves=sybil_moves)
def test_k_fresh_identities_move_a_base_by_at_most_the_bound(plan: list, moves: list) -> None:
    room = Room()
    for rater, subject, stars in plan:
        room.rate(POOL[rater], POOL[subject], stars)
    target = POOL[TARGET].public_hex
    room.post(POOL[TARGET], "profile", {"name": "Target"})
    before = scores_of(room).table()
    other_weight = sum(part.weight for part in explain(before, target).raters)
    used = set()
    for kind, a, b, arg in moves:
        if a == b:
            continue
        used.add(a)
        if kind == "rate":
            room.rate(SYBILS[a], POOL[TARGET] if b < 0 else SYBILS[b], arg)
        else:
            room.befriend(SYBILS[a], SYBILS[b])
    after = scores_of(room).table()
    moved = abs(after.people[target].base - before.people[target].base)
    bound = fresh_identity_bound(POLICY, len(used), other_weight, before.people[target].base)
    assert moved <= bound
    for person in before.people:  # the premise: nobody else was touched
        if person != target:
            assert after.people[person] == before.people[person]


def test_the_bound_for_a_newcomer_in_the_episode_preset() -> None:
    newcomer = 3 * ONE
    assert [fresh_identity_bound(POLICY, k, 0, newcomer) for k in (1, 2, 3, 5)] == [
        223_334, 482_061, 708_320, 1_034_604]


def test_three_fresh_identities_move_a_newcomer_no_further_than_the_bound() -> None:
    room = Room()
    target, *sybils = people(4)
    room.post(target, "profile", {"name": "Newcomer"})
    for s in sybils:
        for other in sybils:
            if other is not s:
                room.rate(s, other, 5)  # boost each other first
        room.rate(s, target, 1)
    table = scores_of(room).table()
    final = table.people[target.public_hex].final
    assert 3 * ONE - final <= fresh_identity_bound(POLICY, 3, 0, 3 * ONE)
    assert table.format(final) == "2.355"  # a clique of three can still push a newcomer into the underclass


def test_one_five_star_rating_from_the_best_rater_is_far_from_a_five() -> None:
    room = Room()
    star, newcomer, *fans = people(8)
    for fan in fans:
        room.rate(fan, star, 5)
    room.rate(star, newcomer, 5)
    table = scores_of(room).table()
    assert table.people[newcomer.public_hex].final < 4 * ONE
