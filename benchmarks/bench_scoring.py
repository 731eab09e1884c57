"""Scoring benchmark: full recompute, one incremental rating, and reading the ledger.

    /work/venv/bin/python benchmarks/bench_scoring.py [--people 1000] [--ratings 100000]

Builds a room of real signed messages in a real SQLite ledger (a temporary
directory), then prints, from one run:
- the time to merely read the room's ratings out of SQLite (rows, and decoded messages);
- the full recompute from those messages, and its ratio to the read;
- one new rating applied incrementally (median and worst of several);
- the immutable table snapshot, an explanation and a what-if.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.scoring import ScoreEngine
from nosedive.scoring.explain import explain, what_if_rating


def build(ledger: Ledger, people: int, ratings: int, friendships: int, seed: int) -> tuple[str, list[Identity]]:
    rng = random.Random(seed)
    host = Identity.generate()
    genesis = ledger.create_room(host, "Benchmark", load_preset("nosedive"))
    room = genesis.room
    crowd = [Identity.generate() for _ in range(people)]
    heads: dict[str, tuple[int, str | None]] = {}
    ts = genesis.ts
    batch: list[bytes] = []

    def post(who: Identity, type_: str, body: dict) -> None:
        nonlocal ts
        seq, prev = heads.get(who.public_hex, (0, None))
        ts += 1
        message = msgs.create(who, room=room, seq=seq + 1, prev=prev, type=type_, body=body, ts=ts)
        heads[who.public_hex] = (message.seq, message.id)
        batch.append(message.raw)
        if len(batch) >= 5000:
            ledger.ingest_many(batch)
            batch.clear()

    started = time.perf_counter()
    for i in range(ratings):
        a, b = rng.sample(crowd, 2)
        post(a, "rate", {"subject": b.public_hex, "stars": rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, 5))})
        if i and i % 20000 == 0:
            print(f"  … {i} ratings signed and stored ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    for _ in range(friendships):
        a, b = rng.sample(crowd, 2)
        post(a, "friend", {"subject": b.public_hex, "on": True})
        post(b, "friend", {"subject": a.public_hex, "on": True})
    ledger.ingest_many(batch)
    return room, crowd


def timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--ratings", type=int, default=100_000)
    parser.add_argument("--friendships", type=int, default=2000, help="mutual pairs (two messages each)")
    parser.add_argument("--updates", type=int, default=25, help="incremental ratings to time")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "bench.sqlite3") as ledger:
        print(f"building {args.people} people, {args.ratings} ratings, {args.friendships} friendships…",
              file=sys.stderr)
        build_s, (room, crowd) = timed(lambda: build(ledger, args.people, args.ratings, args.friendships, args.seed))
        print(f"built and stored in {build_s:.1f} s ({ledger.count(room)} messages)")

        conn = ledger._conn  # the benchmark's own look at the raw rows
        rows_s, rows = timed(lambda: conn.execute(
            "SELECT rowid, id, raw FROM messages WHERE room=? AND type='rate'", (room,)).fetchall())
        read_s, rated = timed(lambda: [m for _, m in ledger.messages(room, types=("rate",))])
        every_s, everything = timed(lambda: [m for _, m in ledger.messages(room)])
        print(f"read {len(rows)} rating rows from SQLite (no decoding): {rows_s * 1000:8.1f} ms")
        print(f"read {len(rated)} ratings as messages:                  {read_s * 1000:8.1f} ms")
        print(f"read all {len(everything)} messages of the room:         {every_s * 1000:8.1f} ms")

        engine = ScoreEngine(room)
        full_s, _ = timed(lambda: engine.apply(everything))
        print(f"full recompute ({engine.policy.iterations} rounds):                  {full_s * 1000:8.1f} ms"
              f"   = {full_s / read_s:.1f} × reading the ratings as messages"
              f" ({full_s / rows_s:.1f} × the raw rows)")

        rng = random.Random(args.seed + 1)
        apply_times, table_times, changed_counts = [], [], []
        for _ in range(args.updates):
            a, b = rng.sample(crowd, 2)
            message = ledger.append(a, room, "rate", {"subject": b.public_hex, "stars": rng.randint(1, 5)})
            seconds, changed = timed(lambda message=message: engine.apply([message]))
            apply_times.append(seconds)
            changed_counts.append(len(changed))
            seconds, table = timed(engine.table)
            table_times.append(seconds)
        print(f"incremental: one new rating, median {statistics.median(apply_times) * 1000:.2f} ms, "
              f"worst {max(apply_times) * 1000:.2f} ms (of {args.updates}); "
              f"median {statistics.median(changed_counts):.0f} final scores changed")
        print(f"   = 1 / {full_s / statistics.median(apply_times):.0f} of a full recompute")
        print(f"table snapshot: median {statistics.median(table_times) * 1000:.2f} ms")

        check = ScoreEngine(room)
        check.apply(m for _, m in ledger.messages(room))
        same = check.table().hash() == table.hash()
        print(f"incremental table hash equals a fresh full recompute: {same}")

        person = table.ranking()[len(table.people) // 2]
        explain_s, ex = timed(lambda: explain(table, person))
        rater = next(iter(table.raters(person)))
        what_s, _ = timed(lambda: what_if_rating(table, person, rater, 1))
        print(f"explain one person ({len(ex.raters)} raters, {len(ex.friends)} friends): {explain_s * 1000:.2f} ms; "
              f"what-if rating: {what_s * 1000:.2f} ms")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
