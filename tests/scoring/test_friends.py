"""Friend drag: mutual only, attributable to each friend, and what-ifs that tell the truth."""
from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nosedive.scoring import ScoreEngine
from nosedive.scoring.explain import explain, what_if_befriend, what_if_rating, what_if_unfriend

from .helpers import Room, people
from .strategies import POOL, actions, friendly_actions, room_from


def engine_for(room: Room) -> ScoreEngine:
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    return engine


def test_a_one_sided_friend_declaration_does_not_drag() -> None:
    room = Room()
    low, me, rater = people(3)
    room.rate(rater, low, 1)
    room.friend(me, low)
    table = engine_for(room).table()
    assert table.people[me.public_hex].drag == 0
    room.friend(low, me)
    table = engine_for(room).table()
    assert table.people[me.public_hex].drag < 0  # a low friend drags me down
    assert table.people[low.public_hex].drag > 0  # and I lift them a little


def test_a_low_friend_drags_harder_than_a_high_friend_lifts() -> None:
    room = Room()
    me, low, high, r1, r2 = people(5)
    room.rate(r1, low, 1)
    room.rate(r2, low, 1)
    room.rate(r1, high, 5)
    room.rate(r2, high, 5)
    room.befriend(me, low)
    room.befriend(me, high)
    ex = explain(engine_for(room).table(), me.public_hex)
    pulls = {part.friend: part.drag for part in ex.friends}
    assert pulls[low.public_hex] < 0 < pulls[high.public_hex]
    assert -pulls[low.public_hex] > pulls[high.public_hex]


@settings(max_examples=60, deadline=None)
@given(plan=actions)
def test_friend_drags_sum_to_the_total_drag(plan: list) -> None:
    table = engine_for(room_from(plan)).table()
    for person, score in table.people.items():
        ex = explain(table, person)
        assert sum(part.drag for part in ex.friends) == score.drag
        assert score.base + score.drag == score.final
        assert {part.friend for part in ex.friends} == table.friends(person)


@settings(max_examples=40, deadline=None)
@given(plan=friendly_actions(), pick=st.integers(0, 1000))
def test_unfriending_in_a_what_if_equals_really_unfriending(plan: list, pick: int) -> None:
    room = room_from(plan)
    table = engine_for(room).table()
    pairs = sorted({tuple(sorted((p, f))) for p in table.people for f in table.friends(p)})
    a, b = pairs[pick % len(pairs)]
    what = what_if_unfriend(table, a, b)
    by_key = {i.public_hex: i for i in POOL}
    room.friend(by_key[b], by_key[a], on=False)
    actual = engine_for(room).table()
    assert what.table.hash() == actual.hash()
    assert what.after == actual.people[a]
    assert what.tiers == actual.tiers(a)


@settings(max_examples=40, deadline=None)
@given(plan=actions, rater=st.integers(0, 5), subject=st.integers(0, 5), stars=st.integers(1, 5))
def test_a_rating_what_if_equals_really_rating(plan: list, rater: int, subject: int, stars: int) -> None:
    assume(rater != subject)
    room = room_from(plan)
    table = engine_for(room).table()
    what = what_if_rating(table, POOL[subject].public_hex, POOL[rater].public_hex, stars)
    room.rate(POOL[rater], POOL[subject], stars)
    actual = engine_for(room).table()
    assert what.table.hash() == actual.hash()
    assert what.after == actual.people[POOL[subject].public_hex]


@settings(max_examples=30, deadline=None)
@given(plan=actions, a=st.integers(0, 5), b=st.integers(0, 5))
def test_befriending_in_a_what_if_equals_really_befriending(plan: list, a: int, b: int) -> None:
    assume(a != b)
    room = room_from(plan)
    table = engine_for(room).table()
    assume(POOL[b].public_hex not in table.friends(POOL[a].public_hex))
    what = what_if_befriend(table, POOL[a].public_hex, POOL[b].public_hex)
    room.befriend(POOL[a], POOL[b])
    actual = engine_for(room).table()
    assert what.table.hash() == actual.hash()
    assert what.after == actual.people[POOL[a].public_hex]
