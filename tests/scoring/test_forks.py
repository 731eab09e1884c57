"""A forked author's messages from the fork on count for nothing, on every node."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core import messages as msgs
from nosedive.core.errors import ForkError
from nosedive.ledger.store import Ledger
from nosedive.scoring import ScoreEngine

from .helpers import Room, people
from .strategies import POOL, actions, room_from


def hash_of(room_id: str, messages: list, forks: dict | None = None, forks_first: bool = True) -> str:
    engine = ScoreEngine(room_id)
    if forks and forks_first:
        engine.set_forks(forks)
    engine.apply(messages)
    if forks and not forks_first:
        engine.set_forks(forks)
    return engine.table().hash()


@settings(max_examples=50, deadline=None)
@given(plan=actions, who=st.integers(0, 5), at=st.integers(1, 12), forks_first=st.booleans())
def test_messages_from_the_fork_on_are_as_if_never_sent(plan: list, who: int, at: int, forks_first: bool) -> None:
    room = room_from(plan)
    author = POOL[who].public_hex
    kept = [m for m in room.messages if not (m.author == author and m.seq >= at)]
    expected = hash_of(room.id, kept)
    assert hash_of(room.id, room.messages, {author: at}, forks_first) == expected


def test_a_fork_seen_through_the_ledger_cancels_the_later_ratings(tmp_path: Path) -> None:
    room = Room()
    liar, target, other, bystander = people(4)
    room.rate(liar, target, 2)  # seq 1: counts
    second = room.rate(liar, target, 5)  # seq 2: the fork point
    room.rate(liar, other, 1)  # seq 3: after the fork
    room.rate(bystander, target, 4)
    twin = msgs.create(liar, room=room.id, seq=2, prev=second.prev, type="rate",
                       body={"subject": bystander.public_hex, "stars": 1}, ts=second.ts)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.ingest_many([m.raw for m in room.messages])
        with pytest.raises(ForkError):
            ledger.ingest(twin.raw)
        forks = ledger.forked_authors(room.id)
        assert forks == {liar.public_hex: 2}
        engine = ScoreEngine(room.id)
        engine.set_forks(forks)
        engine.apply(m for _, m in ledger.messages(room.id))
    table = engine.table()
    assert table.raters(target.public_hex) == {liar.public_hex: 2, bystander.public_hex: 4}
    assert other.public_hex not in table.people  # only a forked message named them
    assert liar.public_hex in table.people


def test_an_engine_that_sees_both_sides_of_a_fork_applies_the_same_rule() -> None:
    room = Room()
    liar, target = people(2)
    room.rate(liar, target, 2)
    second = room.rate(liar, target, 5)
    twin = msgs.create(liar, room=room.id, seq=2, prev=second.prev, type="rate",
                       body={"subject": target.public_hex, "stars": 1}, ts=second.ts)
    seen_both = ScoreEngine(room.id)
    seen_both.apply([*room.messages, twin])
    told = ScoreEngine(room.id)
    told.set_forks({liar.public_hex: 2})
    told.apply(room.messages)
    assert seen_both.table().hash() == told.table().hash()
    assert seen_both.table().raters(target.public_hex) == {liar.public_hex: 2}
