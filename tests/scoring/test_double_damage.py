"""Double damage: after a low rating, further low ratings count double for a while."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.policy import load_preset, parse_policy
from nosedive.scoring import ScoreEngine
from nosedive.scoring.explain import explain
from nosedive.scoring.rules import HOUR_MS, fresh_identity_bound

from .helpers import BASE_TS, Room, people
from .strategies import POOL

HARSH = dict(load_preset("nosedive"), double_damage={"max_stars": 2, "hours": 24})


def doubled(room: Room, subject: str) -> dict[str, bool]:
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    return {part.rater: part.doubled for part in explain(engine.table(), subject).raters}


def test_low_ratings_inside_the_window_count_double() -> None:
    room = Room(policy=HARSH)
    target, a, b, c, d, e = people(6)
    t0 = BASE_TS + 10 * HOUR_MS
    room.rate(a, target, 1, ts=t0)  # opens a 24 h window, counts once
    room.rate(b, target, 1, ts=t0 + HOUR_MS)  # inside: double
    room.rate(e, target, 5, ts=t0 + 2 * HOUR_MS)  # not low: once
    room.rate(c, target, 2, ts=t0 + 25 * HOUR_MS)  # window over: opens a new one
    room.rate(d, target, 1, ts=t0 + 26 * HOUR_MS)  # inside the new one: double
    flags = doubled(room, target.public_hex)
    assert flags == {a.public_hex: False, b.public_hex: True, e.public_hex: False,
                     c.public_hex: False, d.public_hex: True}
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    parts = {p.rater: p for p in explain(engine.table(), target.public_hex).raters}
    assert parts[b.public_hex].weight == 2 * parts[a.public_hex].weight  # same standing, twice the say
    room.rate(a, target, 5, ts=t0 + 27 * HOUR_MS)  # a relents: b now opens the first window
    assert doubled(room, target.public_hex)[b.public_hex] is False


@settings(max_examples=40, deadline=None)
@given(plan=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(1, 5), st.integers(0, 60)),
                     min_size=1, max_size=25),
       seed=st.integers(0, 2**32 - 1))
def test_double_damage_is_independent_of_arrival_order(plan: list, seed: int) -> None:
    room = Room(policy=HARSH)
    for rater, subject, stars, hour in plan:
        if rater != subject:
            room.rate(POOL[rater], POOL[subject], stars, ts=BASE_TS + hour * HOUR_MS)
    reference = ScoreEngine(room.id)
    reference.apply(room.messages)
    shuffled = list(room.messages)
    random.Random(seed).shuffle(shuffled)
    engine = ScoreEngine(room.id)
    for message in shuffled:
        engine.apply([message])
    assert engine.table().hash() == reference.table().hash()


def test_the_fresh_identity_bound_accounts_for_double_damage() -> None:
    plain, harsh = parse_policy(load_preset("nosedive")), parse_policy(HARSH)
    assert fresh_identity_bound(harsh, 3) > fresh_identity_bound(plain, 3)
