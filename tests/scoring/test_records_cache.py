"""The records settled once per engine version: a table at any instant, asked after any other, is the table
a fresh engine gives for that instant (the cache never outlives a message, a fork or a rule change)."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.messages import Message
from nosedive.scoring import ScoreEngine

from .helpers import BASE_TS
from .test_records_properties import MINUTE, city_room, play, step, table_at


@settings(max_examples=40, deadline=None)
@given(plan=st.lists(step, max_size=25), seed=st.integers(0, 2**32 - 1),
       minutes=st.lists(st.integers(0, 300), min_size=1, max_size=6), cuts=st.lists(st.integers(0, 60), max_size=4))
def test_a_table_at_any_instant_after_any_other_is_a_fresh_engines(
        plan: list[tuple[str, int, int, int, int]], seed: int, minutes: list[int], cuts: list[int]) -> None:
    room = city_room()
    play(room, plan)
    shuffled = list(room.messages)
    random.Random(seed).shuffle(shuffled)
    bounds = [0, *sorted({c % (len(shuffled) + 1) for c in cuts}), len(shuffled)]
    engine = ScoreEngine(room.id)
    held: list[Message] = []
    for x, y in zip(bounds, bounds[1:], strict=False):
        engine.apply(shuffled[x:y])
        held += shuffled[x:y]
        for minute in minutes:  # several instants per version: the settled records are reused
            instant = BASE_TS + minute * MINUTE
            cached, fresh = engine.table(at=instant), table_at(room.id, [held], instant)
            assert cached.hash() == fresh.hash()
            assert cached.records == fresh.records
            assert all(cached.records.adjustment(p) == fresh.records.adjustment(p) for p in fresh.people)


def test_the_same_version_at_two_instants_differs_only_where_dates_do() -> None:
    room = city_room()
    play(room, [("report", 0, 4, 1, 0)])  # the collector reports someone: a traffic ticket, 60 minutes, at BASE_TS
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    during, after = engine.table(at=BASE_TS + 30 * MINUTE), engine.table(at=BASE_TS + 90 * MINUTE)
    assert [r.state for r in during.records.records] == ["active"]
    assert [r.state for r in after.records.records] == ["expired"]
    assert during.records.records[0].id == after.records.records[0].id
    assert during.instant is not None and after.instant is None  # repaired: no trace, the v1 hash
