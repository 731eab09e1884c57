"""Ledger ingest rate (verify + validate + store, batched) next to the raw Ed25519 verify rate.

Both measured in one run on the same messages, on one core; the ratio is the figure
that matters (target: ingest >= 0.8 x raw verify).

    python benchmarks/bench_ingest.py [--messages 20000] [--batch 500]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from nosedive.core import keys
from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger


def make_stream(count: int, authors: int) -> list[msgs.Message]:
    host = Identity.generate()
    genesis = msgs.create_room(host, "Bench", {})
    people = [Identity.generate() for _ in range(authors)]
    heads = {p.public_hex: (0, None) for p in people}
    stream = [genesis]
    for index in range(count - 1):
        person = people[index % authors]
        seq, prev = heads[person.public_hex]
        subject = people[(index * 7 + 1) % authors].public_hex
        if subject == person.public_hex:
            subject = host.public_hex
        message = msgs.create(person, room=genesis.room, seq=seq + 1, prev=prev, type="rate",
                              body={"subject": subject, "stars": 1 + index % 5, "note": "bench"})
        heads[person.public_hex] = (message.seq, message.id)
        stream.append(message)
    return stream


def measure(stream: list[msgs.Message], batch: int, path: Path) -> tuple[float, float]:
    """Seconds for raw verify and for ledger ingest of the same messages.

    The two alternate batch by batch, so both see the same machine load (other
    processes come and go); the raw verify is OpenSSL's, keys already loaded.
    """
    loaded = {m.author: keys.public_key(m.author) for m in stream}
    verify = ingest = 0.0
    with Ledger(path) as ledger:
        for offset in range(0, len(stream), batch):
            chunk = stream[offset:offset + batch]
            raws = [m.raw for m in chunk]
            start = time.perf_counter()
            for m in chunk:
                loaded[m.author].verify(m.signature, msgs.SIGN_DOMAIN + m.payload)
            middle = time.perf_counter()
            report = ledger.ingest_many(raws)
            end = time.perf_counter()
            assert not report.errors, report.errors[0]
            verify += middle - start
            ingest += end - middle
        assert ledger.count() == len(stream)
    return verify, ingest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--authors", type=int, default=50)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    print(f"generating {args.messages} signed messages from {args.authors} authors…", flush=True)
    stream = make_stream(args.messages, args.authors)
    raws = [m.raw for m in stream]
    ratios, verify, ingest = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            v_run, i_run = measure(stream, args.batch, Path(tmp) / f"bench-{run}.sqlite3")
            verify.append(v_run)
            ingest.append(i_run)
            ratios.append(v_run / i_run)
    v, i = statistics.median(verify), statistics.median(ingest)
    print(f"raw Ed25519 verify : {len(raws) / v:10,.0f} msgs/s  ({v * 1e6 / len(raws):.1f} µs each)")
    print(f"ledger ingest      : {len(raws) / i:10,.0f} msgs/s  "
          f"({i * 1e6 / len(raws):.1f} µs each, batches of {args.batch})")
    print(f"ratio ingest/verify: {statistics.median(ratios):.2f}   (target >= 0.80; median of {args.runs} runs"
          f" [{', '.join(f'{r:.2f}' for r in ratios)}], one core)")


if __name__ == "__main__":
    main()
