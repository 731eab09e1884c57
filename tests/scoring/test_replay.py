"""The replayed timeline: the same on every node, ending at the table's scores."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.scoring import ScoreEngine
from nosedive.scoring.history import replay

from .helpers import BASE_TS, Room, people

MINUTE = 60_000


def session() -> tuple[Room, list]:
    room = Room()
    crowd = people(5)
    rng = random.Random(11)
    for minute in range(30):
        a, b = rng.sample(crowd, 2)
        room.rate(a, b, rng.randint(1, 5), ts=BASE_TS + minute * MINUTE + rng.randint(0, 59_999))
    return room, crowd


def test_replay_is_independent_of_order_and_ends_at_the_scores() -> None:
    room, crowd = session()
    shuffled = list(room.messages)
    random.Random(3).shuffle(shuffled)
    first, second = replay(room.id, room.messages), replay(room.id, shuffled)
    assert first.timelines == second.timelines
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    assert first.table.hash() == engine.table().hash()
    for person in crowd:
        timeline = first.timeline(person.public_hex)
        assert timeline, "everyone was rated at least once"
        assert timeline[-1][1] == engine.table().people[person.public_hex].final
        stamps = [stamp for stamp, _ in timeline]
        assert stamps == sorted(set(stamps)) and all(stamp % MINUTE == 0 for stamp in stamps)


def test_coarser_buckets_give_fewer_points_and_the_same_end() -> None:
    room, crowd = session()
    fine, coarse = replay(room.id, room.messages), replay(room.id, room.messages, bucket_ms=10 * MINUTE)
    for person in crowd:
        assert len(coarse.timeline(person.public_hex)) <= len(fine.timeline(person.public_hex))
        assert coarse.timeline(person.public_hex)[-1][1] == fine.timeline(person.public_hex)[-1][1]
    with pytest.raises(ValueError):
        replay(room.id, room.messages, bucket_ms=0)


def test_history_command_prints_a_readable_timeline(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(classroom), "history", "Bob"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Bob: 3.") and out[0].endswith(" now")
    assert len(out) >= 2 and "(+" in out[1]  # the first change is Carol's five stars
    assert out[-1].split()[1] == out[0].split()[1]  # the last point is the score now
