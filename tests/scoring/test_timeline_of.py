"""One person's replayed timeline, as an app seeds its history chart with on every start."""
from __future__ import annotations

import random

from nosedive.scoring.history import bucket_for, replay, timeline_of

from .helpers import BASE_TS, Room, people

MINUTE = 60_000


def test_one_timeline_is_the_replay_of_everyone_read_for_one() -> None:
    room, crowd, rng = Room(), people(5), random.Random(5)
    for minute in range(40):
        a, b = rng.sample(crowd, 2)
        room.rate(a, b, rng.randint(1, 5), ts=BASE_TS + minute * MINUTE + rng.randint(0, 59_999))
    for bucket_ms in (MINUTE, 7 * MINUTE):
        everyone = replay(room.id, room.messages, bucket_ms=bucket_ms)
        for person in crowd:
            mine = timeline_of(room.id, list(reversed(room.messages)), person.public_hex, bucket_ms=bucket_ms)
            assert mine == everyone.timeline(person.public_hex)
            assert len(mine) >= 2


def test_a_long_room_is_cut_into_at_most_so_many_whole_minutes() -> None:
    assert bucket_for(BASE_TS, BASE_TS + 30 * MINUTE, most=120) == MINUTE
    assert bucket_for(BASE_TS, BASE_TS, most=120) == MINUTE
    eight_hours = bucket_for(BASE_TS, BASE_TS + 8 * 60 * MINUTE, most=120)
    assert eight_hours == 4 * MINUTE and (8 * 60 * MINUTE) // eight_hours <= 120
