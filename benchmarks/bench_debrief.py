"""How long a debrief export takes: 30 people, 3,000 ratings over a 45-minute session.

Times gathering (replay, moments, explanations: on the node's thread in the app) and writing
(CSV, JSON, two PNG charts, the HTML report) separately, best of a few runs.

    python benchmarks/bench_debrief.py [--people 30] [--ratings 3000] [--runs 3]
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.debrief import collect, export
from nosedive.ledger.store import Ledger

BASE_TS = 1_700_000_000_000
SESSION_MS = 45 * 60_000


def session(people: int, ratings: int, seed: int = 1) -> tuple[str, list[msgs.Message]]:
    rng = random.Random(seed)
    host = Identity.generate()
    genesis = msgs.create_room(host, "Bench class", load_preset("nosedive"), ts=BASE_TS)
    crowd = [host] + [Identity.generate() for _ in range(people - 1)]
    heads: dict[str, tuple[int, str | None]] = {host.public_hex: (1, genesis.id)}
    stream = [genesis]

    def post(who: Identity, type: str, body: dict[str, object], ts: int) -> None:
        seq, prev = heads.get(who.public_hex, (0, None))
        message = msgs.create(who, room=genesis.room, seq=seq + 1, prev=prev, type=type, body=body, ts=ts)
        heads[who.public_hex] = (message.seq, message.id)
        stream.append(message)

    for index, who in enumerate(crowd):
        post(who, "profile", {"name": f"Person {index:02d}"}, BASE_TS + 1000 + index)
    for a, b in zip(crowd[1::2], crowd[2::2], strict=False):
        post(a, "friend", {"subject": b.public_hex, "on": True}, BASE_TS + 60_000)
        post(b, "friend", {"subject": a.public_hex, "on": True}, BASE_TS + 60_001)
    for index in range(ratings):
        rater, subject = rng.sample(crowd, 2)
        post(rater, "rate", {"subject": subject.public_hex, "stars": rng.randint(1, 5)},
             BASE_TS + 120_000 + index * (SESSION_MS - 120_000) // ratings)
    return genesis.room, stream


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--ratings", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    room, stream = session(args.people, args.ratings)
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "ledger.sqlite3") as ledger:
        ledger.ingest_many(m.raw for m in stream)
        gathered, written = [], []
        for run in range(args.runs):
            started = time.perf_counter()
            data = collect(ledger, room)
            middle = time.perf_counter()
            export(data, Path(tmp) / f"out{run}")
            gathered.append(middle - started)
            written.append(time.perf_counter() - middle)
    print(f"{args.people} people, {args.ratings} ratings, {len(stream)} messages")
    print(f"gather (replay, moments, explanations): {min(gathered):.2f} s")
    print(f"write (4 CSV, JSON, 2 PNG, HTML):       {min(written):.2f} s")
    print(f"total:                                  {min(gathered) + min(written):.2f} s (best of {args.runs})")


if __name__ == "__main__":
    main()
