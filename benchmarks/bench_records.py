"""Records benchmark: full recompute of a city room with ratings AND records, beside reading them.

    .venv/bin/python benchmarks/bench_records.py [--people 1000] [--ratings 100000] [--records 10000]

Builds a `city` room of real signed messages in a real SQLite ledger (temporary directory):
ratings, collectors' reports, complaints with confirmations, appeals with rulings, penalties.
Prints, from one run: the time to read the room's messages, the full recompute (ratings model
plus the table as of an instant), their ratio, and the table at a second instant.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.scoring import ScoreEngine

MINUTE = 60_000
ACTS = ("jaywalking", "traffic ticket", "rumours online", "unpaid debt", "caring for elders", "heroic act")


def build(ledger: Ledger, people: int, ratings: int, records: int, seed: int) -> tuple[str, int]:
    rng = random.Random(seed)
    host = Identity.generate()
    genesis = ledger.create_room(host, "Benchmark", load_preset("city"))
    room = genesis.room
    ts = genesis.ts - (records // 5 + 1) * 12 * MINUTE - (ratings + 4 * records) * 100  # all signed in the past
    crowd = [Identity.generate() for _ in range(people)]
    heads: dict[str, tuple[int, str | None]] = {host.public_hex: (1, genesis.id)}
    batch: list[bytes] = []

    def post(who: Identity, type_: str, body: dict[str, object]) -> str:
        nonlocal ts
        seq, prev = heads.get(who.public_hex, (0, None))
        ts += 100
        message = msgs.create(who, room=room, seq=seq + 1, prev=prev, type=type_, body=body, ts=ts)
        heads[who.public_hex] = (message.seq, message.id)
        batch.append(message.raw)
        if len(batch) >= 5000:
            ledger.ingest_many(batch)
            batch.clear()
        return message.id

    collectors, court = crowd[:20], crowd[20:25]
    for who in collectors:
        post(host, "role", {"subject": who.public_hex, "role": "collector", "on": True})
    for who in court:
        post(host, "role", {"subject": who.public_hex, "role": "court", "on": True})
    for who in crowd[25:30]:
        post(host, "role", {"subject": who.public_hex, "role": "official", "on": True})
    for _ in range(ratings):
        a, b = rng.sample(crowd, 2)
        post(a, "rate", {"subject": b.public_hex, "stars": rng.choice((1, 2, 3, 3, 4, 4, 5, 5))})
    for i in range(records):
        subject = rng.choice(crowd)
        reporter = rng.choice(collectors if i % 2 else crowd)
        if reporter is subject:
            continue
        record = post(reporter, "report", {"subject": subject.public_hex, "act": rng.choice(ACTS)})
        if i % 4 == 0:
            post(rng.choice(collectors), "confirm", {"record": record})
        if i % 5 == 0:
            post(subject, "appeal", {"record": record})
            ts += 11 * MINUTE
            post(rng.choice(court), "ruling", {"record": record, "verdict": rng.choice(("uphold", "overturn"))})
        if i % 50 == 0:
            post(host, "penalty", {"subject": subject.public_hex, "penalty": "travel blacklist"})
    ledger.ingest_many(batch)
    return room, ts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--ratings", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "ledger.sqlite3") as ledger:
        started = time.perf_counter()
        room, last_ts = build(ledger, args.people, args.ratings, args.records, args.seed)
        print(f"built: {args.people} people, {args.ratings} ratings, {args.records} reports "
              f"({time.perf_counter() - started:.1f} s to sign and store)", file=sys.stderr)
        started = time.perf_counter()
        held = [message for _, message in ledger.messages(room)]
        read = time.perf_counter() - started
        started = time.perf_counter()
        engine = ScoreEngine(room)
        engine.apply(held)
        table = engine.table(at=last_ts)
        full = time.perf_counter() - started
        started = time.perf_counter()
        later = engine.table(at=last_ts + 90 * MINUTE)
        second = time.perf_counter() - started
        book = table.records
        print(f"read {len(held)} messages from SQLite: {read:.2f} s")
        print(f"full recompute (ratings, then {len(book.records)} records and {len(book.penalties)} penalties "
              f"as of an instant): {full:.2f} s  = {full / read:.2f} x the read")
        print(f"the table at another instant (records only): {second * 1000:.0f} ms")
        active = sum(r.state == "active" for r in book.records)
        print(f"records in force: {active}; struck: {sum(r.state == 'struck' for r in book.records)}; "
              f"table hash {table.hash()[:16]} (v2: {table.instant is not None}); later {later.hash()[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
