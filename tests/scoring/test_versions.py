"""The engine's version: a cache key that grows exactly when something new was taken in."""
from __future__ import annotations

from nosedive.scoring import ScoreEngine, drag_summary, explain

from .helpers import Room, people


def test_the_table_is_reused_until_something_new_arrives() -> None:
    room = Room()
    a, b = people(2)
    room.rate(a, b, 5)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    version, table = engine.version, engine.table()
    engine.apply(room.messages)  # only duplicates
    assert engine.version == version and engine.table() is table
    engine.apply([room.rate(b, a, 2)])
    assert engine.version > version
    fresh = engine.table()
    assert fresh is not table and fresh.hash() != table.hash()
    assert fresh.people[a.public_hex].final < table.people[a.public_hex].final  # the old table stays as it was


def test_a_fork_verdict_moves_the_version_once() -> None:
    room = Room()
    a, b = people(2)
    room.rate(a, b, 5)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    version = engine.version
    engine.set_forks({a.public_hex: 1})
    assert engine.version == version + 1
    assert engine.table().raters(b.public_hex) == {}  # a's rating (seq 1) no longer counts
    engine.set_forks({a.public_hex: 1})  # the same verdict again changes nothing
    assert engine.version == version + 1


def test_drag_summary_lists_the_friend_parts_of_explain() -> None:
    room = Room()
    a, b, c = people(3)
    room.rate(a, b, 5)
    room.rate(a, c, 1)
    room.befriend(b, c)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table()
    summary = drag_summary(table, b.public_hex)
    assert tuple(pull.part for pull in summary.friends) == explain(table, b.public_hex).friends
    (pull,) = summary.friends
    assert pull.friend == c.public_hex and pull.drag < 0 and pull.without.final == table.score(b.public_hex).base
