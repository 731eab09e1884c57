"""What it costs a node to open its room: RoomView on a stored ledger, with and without my history.

Before: the stored ledger went into the engine as one batch (one history point).
After: the view also replays my timeline from signed timestamps (nosedive.scoring.history), a point
a minute, or coarser so that there are at most START_HISTORY_BUCKETS, so my chart survives restarts.
Each room is N ratings by 50 people spread over H hours.

    python benchmarks/bench_view_start.py [--messages 10000] [--hours 8 20]
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.core.encoding import canonical
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.room import view as view_module
from nosedive.room.view import START_HISTORY_BUCKETS, RoomView


def build_room(ledger: Ledger, count: int, hours: float, authors: int = 50) -> tuple[str, str]:
    """A room of *count* signed ratings over the last *hours*; returns (room id, one rater's key)."""
    rng = random.Random(7)
    host = Identity.generate()
    room = ledger.create_room(host, "Big room", load_preset("nosedive")).room
    people = [Identity.generate() for _ in range(authors)]
    heads: dict[str, tuple[int, str | None]] = {p.public_hex: (0, None) for p in people}
    span = int(hours * 3_600_000)
    start = int(time.time() * 1000) - span
    raws = []
    for index in range(count):
        person = rng.choice(people)
        subject = rng.choice([p for p in people if p is not person]).public_hex
        seq, prev = heads[person.public_hex]
        payload = canonical({"v": 1, "room": room, "author": person.public_hex, "seq": seq + 1, "prev": prev,
                             "ts": start + index * span // count, "type": "rate",
                             "body": {"subject": subject, "stars": rng.randint(1, 5)}})
        raws.append(person.sign(msgs.SIGN_DOMAIN + payload) + payload)
        heads[person.public_hex] = (seq + 1, msgs.message_id(payload))
    for first in range(0, len(raws), 5000):
        assert not ledger.ingest_many(raws[first:first + 5000]).errors
    return room, people[0].public_hex


def median_ms(action: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(count: int, hours: float) -> None:
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "ledger.sqlite3") as ledger:
        room, me = build_room(ledger, count, hours)
        replayed = view_module.timeline_of
        view_module.timeline_of = lambda *_, **__: ()  # as before: the one batch's point alone
        before = median_ms(lambda: RoomView(ledger, room, me))
        view_module.timeline_of = replayed
        after = median_ms(lambda: RoomView(ledger, room, me))
        points = len(RoomView(ledger, room, me).snapshot().my_history)
        print(f"{ledger.count(room):,} messages over {hours:g} h: RoomView before {before:.0f} ms (1 point), "
              f"after {after:.0f} ms ({points} points of my history)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--hours", type=float, nargs="+", default=[8.0, 20.0])
    args = parser.parse_args()
    print(f"history replayed at start: at most {START_HISTORY_BUCKETS} buckets (a minute each or more)")
    for hours in args.hours:
        measure(args.messages, hours)

if __name__ == "__main__":
    main()
