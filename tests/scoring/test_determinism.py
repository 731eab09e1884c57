"""Two nodes holding the same messages show exactly the same numbers."""
from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.ledger.store import Ledger
from nosedive.scoring import ScoreEngine

from .helpers import Room, people
from .strategies import actions, room_from


def table_hash(room_id: str, batches: list[list]) -> str:
    engine = ScoreEngine(room_id)
    for batch in batches:
        engine.apply(batch)
    return engine.table().hash()


def split(messages: list, cuts: list[int]) -> list[list]:
    points = sorted({c % (len(messages) + 1) for c in cuts})
    bounds = [0, *points, len(messages)]
    return [messages[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@settings(max_examples=60, deadline=None)
@given(plan=actions, seed=st.integers(0, 2**32 - 1), cuts=st.lists(st.integers(0, 100), max_size=6))
def test_any_order_and_any_batches_give_the_same_hash(plan: list, seed: int, cuts: list[int]) -> None:
    room = room_from(plan)
    reference = table_hash(room.id, [room.messages])
    shuffled = list(room.messages)
    random.Random(seed).shuffle(shuffled)
    assert table_hash(room.id, split(shuffled, cuts)) == reference
    one_by_one = [[m] for m in shuffled] + [[m] for m in room.messages[:3]]  # duplicates too
    assert table_hash(room.id, one_by_one) == reference


@settings(max_examples=30, deadline=None)
@given(plan=actions, seed=st.integers(0, 2**32 - 1))
def test_incremental_tables_equal_a_fresh_engine_at_every_step(plan: list, seed: int) -> None:
    room = room_from(plan)
    order = list(room.messages)
    random.Random(seed).shuffle(order)
    engine = ScoreEngine(room.id)
    for i, message in enumerate(order):
        changed = engine.apply([message])
        fresh = ScoreEngine(room.id)
        fresh.apply(order[: i + 1])
        assert engine.table().hash() == fresh.table().hash()
        assert engine.table().people == fresh.table().people
        for person in changed:
            assert engine.history(person)[-1][1] == engine.table().people[person].final


def test_two_ledgers_fed_in_different_orders_agree(tmp_path: Path) -> None:
    room = Room()
    crowd = people(8)
    rng = random.Random(7)
    for _ in range(120):
        a, b = rng.sample(crowd, 2)
        room.rate(a, b, rng.randint(1, 5))
    for a, b in [(crowd[0], crowd[1]), (crowd[2], crowd[3]), (crowd[0], crowd[4])]:
        room.befriend(a, b)
    hashes = []
    for name, seed in (("a", 1), ("b", 2)):
        raws = [m.raw for m in room.messages]
        random.Random(seed).shuffle(raws)
        with Ledger(tmp_path / f"{name}.sqlite3") as ledger:
            for i in range(0, len(raws), 17):
                ledger.ingest_many(raws[i : i + 17])
            engine = ScoreEngine(room.id)
            engine.set_forks(ledger.forked_authors(room.id))
            engine.apply(m for _, m in ledger.messages(room.id))
            hashes.append(engine.table().hash())
    assert hashes[0] == hashes[1]
    assert hashes[0] == table_hash(room.id, [room.messages])


def test_messages_of_other_rooms_and_unknown_types_change_nothing() -> None:
    room, other = Room(), Room()
    a, b = people(2)
    room.rate(a, b, 4)
    other.rate(b, a, 1)
    room.post(a, "petition", {"subject": b.public_hex, "what": "jaywalking"})
    engine = ScoreEngine(room.id)
    engine.apply(room.messages[:-1])
    before = engine.table().hash()
    assert engine.apply(other.messages) == frozenset()
    assert engine.apply(room.messages[-1:]) == frozenset()
    assert engine.table().hash() == before


def test_the_hash_changes_when_a_score_does() -> None:
    room = Room()
    a, b = people(2)
    room.rate(a, b, 4)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    before = engine.table()
    engine.apply([room.rate(a, b, 1)])
    assert engine.table().hash() != before.hash()
    assert before.people[b.public_hex].final > engine.table().people[b.public_hex].final  # old table untouched
