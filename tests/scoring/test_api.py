"""The public API others code against: engine, table, explain, what-ifs."""
from __future__ import annotations

from nosedive.core.policy import ONE
from nosedive.scoring import ScoreEngine, explain, what_if_rating, what_if_unfriend

from .helpers import Room, people


def test_one_five_star_rating_does_not_make_a_five() -> None:
    room = Room()
    a, b = people(2)
    room.rate(a, b, 5)
    engine = ScoreEngine(room.id)
    changed = engine.apply(room.messages)
    table = engine.table()
    assert b.public_hex in changed
    assert 3 * ONE < table.people[b.public_hex].final < 4 * ONE
    assert table.people[a.public_hex].final == 3 * ONE  # nobody rated a: the prior


def test_latest_rating_by_seq_replaces_earlier_ones_and_self_ratings_never_count() -> None:
    room = Room()
    a, b = people(2)
    room.rate(a, b, 1)
    room.rate(a, b, 5)
    engine = ScoreEngine(room.id)
    engine.apply(reversed(room.messages))
    assert engine.table().raters(b.public_hex) == {a.public_hex: 5}


def test_explain_and_what_ifs_are_consistent() -> None:
    room = Room()
    a, b, c = people(3)
    room.rate(a, b, 5)
    room.rate(c, b, 4)
    room.rate(a, c, 1)
    room.befriend(b, c)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table()
    ex = explain(table, b.public_hex)
    assert sum(part.drag for part in ex.friends) == table.people[b.public_hex].drag < 0
    assert {part.rater for part in ex.raters} == {a.public_hex, c.public_hex}
    lonely = what_if_unfriend(table, b.public_hex, c.public_hex)
    assert lonely.after.drag == 0 and lonely.after.final == lonely.after.base
    harsher = what_if_rating(table, b.public_hex, a.public_hex, 1)
    assert harsher.after.final < table.people[b.public_hex].final
    assert table.format(4_237_000) == "4.237"
    assert len(table.hash()) == 64
