"""What-if benchmark: re-scoring a whole session under another policy (issue 17).

    .venv/bin/python benchmarks/bench_whatif.py [--people 30] [--ratings 3000] [--policy sesame]

Signs a session in memory (one rating a second, a friendship per three people), then prints, from
one run: the counterfactual table under the other policy (what ``nosedive whatif`` and the debrief
re-score), and the whole comparison (both tables and both replayed timelines, one-minute buckets).
"""
from __future__ import annotations

import argparse
import random
import time

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset, parse_policy
from nosedive.scoring.comparison import compare
from nosedive.scoring.counterfactual import counterfactual_table

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--ratings", type=int, default=3000)
    parser.add_argument("--policy", default="sesame")
    parser.add_argument("--no-comparison", action="store_true", help="time the table only (large sessions)")
    args = parser.parse_args()
    room, signed = session(args.people, args.ratings, seed=1)
    own, other = parse_policy(load_preset("nosedive")), parse_policy(load_preset(args.policy))
    started = time.perf_counter()
    table = counterfactual_table(room, signed, other)
    print(f"{args.people} people, {args.ratings} ratings: table under {args.policy} in "
          f"{time.perf_counter() - started:.2f} s ({len(table.people)} people scored)")
    if not args.no_comparison:
        started = time.perf_counter()
        result = compare(room, signed, own, other)
        print(f"  the whole comparison (2 tables, 2 replays) in {time.perf_counter() - started:.2f} s, "
              f"{len(result.changed)} people differ")


if __name__ == "__main__":
    main()
