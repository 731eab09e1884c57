"""What-if benchmark: re-scoring a whole session under another policy (issue 17).

    .venv/bin/python benchmarks/bench_whatif.py [--people 30] [--ratings 3000] [--policy sesame]

Signs a session in memory (one rating a second, a friendship per three people), then prints, from
one run: the counterfactual table under the other policy (what ``nosedive whatif`` and the debrief
re-score), and the whole comparison (both tables and both replayed timelines, one-minute buckets).
With ``--app`` it also times what the projector's "what if" page asks of the node (in its executor):
the debrief gathered from a real ledger, then both sides computed.

The machine is shared and loaded, so each figure is printed beside two measured in the same run:
scoring the room's own table from scratch (the floor any re-scoring pays) and the raw Ed25519
verify rate (how fast this machine is right now).
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset, parse_policy
from nosedive.debrief.whatif import points
from nosedive.scoring.comparison import compare
from nosedive.scoring.counterfactual import counterfactual_table
from nosedive.scoring.engine import ScoreEngine
from nosedive.scoring.history import bucket_for

START = 1_700_000_000_000


def session(people: int, ratings: int, seed: int) -> tuple[str, list[msgs.Message]]:
    rng = random.Random(seed)
    host = Identity.generate()
    crowd = [Identity.generate() for _ in range(people)]
    genesis = msgs.create_room(host, "Bench", load_preset("nosedive"), ts=START)
    signed = [genesis]
    heads: dict[str, tuple[int, str | None]] = {key.public_hex: (0, None) for key in crowd}

    def post(who: Identity, type: str, body: dict[str, object]) -> None:
        seq, prev = heads[who.public_hex]
        message = msgs.create(who, room=genesis.room, seq=seq + 1, prev=prev, type=type, body=body,
                              ts=START + 1000 * len(signed))
        heads[who.public_hex] = (message.seq, message.id)
        signed.append(message)

    for _ in range(ratings):
        rater, subject = rng.sample(crowd, 2)
        post(rater, "rate", {"subject": subject.public_hex, "stars": rng.randint(1, 5)})
    for _ in range(people // 3):
        a, b = rng.sample(crowd, 2)
        post(a, "friend", {"subject": b.public_hex, "on": True})
        post(b, "friend", {"subject": a.public_hex, "on": True})
    return genesis.room, signed


def verify_rate(seconds: float = 0.5) -> float:
    """Raw Ed25519 verifications a second on this machine, now."""
    key = Identity.generate()
    signature = key.sign(b"x" * 200)
    public = key.private_key.public_key()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        public.verify(signature, b"x" * 200)
        count += 1
    return count / (time.perf_counter() - started)


def timed(action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def app_path(room: str, signed: list[msgs.Message], choice: str) -> tuple[float, float]:
    """(gather on the loop, both sides in the executor) for the projector's what-if, from a real ledger."""
    from nosedive.debrief import collect
    from nosedive.debrief.whatif import what_if
    from nosedive.ledger.store import Ledger

    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "ledger.sqlite3") as ledger:
        ledger.ingest_many(m.raw for m in signed)
        (real, held, forks), gathered = timed(lambda: (collect(ledger, room),
                                                       [m for _row, m in ledger.messages(room)],
                                                       ledger.forked_authors(room)))
        _, scored = timed(lambda: what_if(real, held, forks, choice, (), brief=True))
        return gathered, scored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--ratings", type=int, default=3000)
    parser.add_argument("--policy", default="sesame")
    parser.add_argument("--no-comparison", action="store_true", help="time the table only (large sessions)")
    parser.add_argument("--minute-buckets", action="store_true", help="also the comparison in one-minute buckets")
    parser.add_argument("--app", action="store_true", help="also time the projector's what-if from a real ledger")
    args = parser.parse_args()
    room, signed = session(args.people, args.ratings, seed=1)
    own, other = parse_policy(load_preset("nosedive")), parse_policy(load_preset(args.policy))
    rate = verify_rate()

    def own_table() -> object:
        engine = ScoreEngine(room)
        engine.apply(signed)
        return engine.table()

    _, floor = timed(own_table)
    print(f"machine now: {rate:,.0f} Ed25519 verifies/s; the room's own table from scratch: {floor:.2f} s")
    table, took = timed(lambda: counterfactual_table(room, signed, other))
    print(f"{args.people} people, {args.ratings} ratings: table under {args.policy} in {took:.2f} s "
          f"({took / floor:.1f}x a from-scratch recompute; {len(table.people)} people scored)")
    bucket = bucket_for(signed[0].ts, signed[-1].ts, most=points(args.people))  # what the projector replays
    if not args.no_comparison:
        result, took = timed(lambda: compare(room, signed, own, other, bucket_ms=bucket))
        print(f"  the whole comparison (2 tables, 2 replays in {bucket // 60_000}-minute buckets, as the projector "
              f"asks) in {took:.2f} s ({took / floor:.1f}x), {len(result.changed)} people differ")
    if args.minute_buckets and bucket != 60_000:
        _, took = timed(lambda: compare(room, signed, own, other))
        print(f"  … in one-minute buckets: {took:.2f} s ({took / floor:.1f}x)")
    if args.app:
        gathered, scored = app_path(room, signed, args.policy)
        print(f"  the projector's what-if (in the node's executor): debrief gathered in {gathered:.2f} s, both sides "
              f"in {scored:.2f} s = {gathered + scored:.2f} s to the screen ({(gathered + scored) / floor:.1f}x)")


if __name__ == "__main__":
    main()
