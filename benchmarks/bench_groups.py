"""Groups benchmark: full recompute of a joint-punishment room (groups, three agencies, lists) beside reading it.

    .venv/bin/python benchmarks/bench_groups.py [--people 1000] [--groups 100] [--ratings 100000] [--records 10000]

Builds a `joint-punishment` room of real signed messages in a real SQLite ledger (temporary
directory): collectors, a court, officials; families, employers and their vehicles (about a tenth of
the groups are vehicles inside an employer) assigned by the facilitator; ratings; reports spread over
the room's own table and the three agencies, some appealed and ruled on. Prints, from one run: the
time to read (and decode) the room's messages, the full recompute (ratings model, then records,
chains, agency scores and lists as of an instant), their ratio, and the table at a second instant.
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
ACTS = (("", "jaywalking"), ("", "rumours online"), ("", "caring for elders"), ("bank", "late repayment"),
        ("bank", "model taxpayer"), ("transport", "failed to stop at a crossing"), ("transport", "ran a red light"),
        ("court", "unpaid fine"), ("court", "defied a court order"))


def build(ledger: Ledger, people: int, groups: int, ratings: int, records: int, seed: int) -> tuple[str, int]:
    rng = random.Random(seed)
    host = Identity.generate()
    genesis = ledger.create_room(host, "Benchmark", load_preset("joint-punishment"))
    room = genesis.room
    ts = genesis.ts - 2 * 60 * MINUTE - (ratings + 4 * people) * 100  # ratings and groups before the records
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
    for who, role in [(c, "collector") for c in collectors] + [(c, "court") for c in court] + [
            (c, "official") for c in crowd[25:30]]:
        post(host, "role", {"subject": who.public_hex, "role": role, "on": True})
    vehicles = groups // 10
    employers = (groups - vehicles) // 3
    families = groups - vehicles - employers
    shuffled = list(crowd)
    rng.shuffle(shuffled)
    employer_ids = []
    for i in range(families):  # everyone in one family
        gid = post(host, "group", {"kind": "family", "name": f"family {i}"})
        for who in shuffled[i::families]:
            post(host, "member", {"group": gid, "subject": who.public_hex, "on": True})
    rng.shuffle(shuffled)
    for i in range(employers):  # everyone at one employer
        gid = post(host, "group", {"kind": "employer", "name": f"company {i}"})
        employer_ids.append((gid, shuffled[i::employers]))
        for who in shuffled[i::employers]:
            post(host, "member", {"group": gid, "subject": who.public_hex, "on": True})
    for i in range(vehicles):  # a vehicle of a company, driven by two of its people
        parent, staff = employer_ids[i % len(employer_ids)]
        gid = post(host, "group", {"kind": "vehicle", "name": f"vehicle {i}", "parent": parent})
        for who in staff[:2]:
            post(host, "member", {"group": gid, "subject": who.public_hex, "on": True})
    for _ in range(ratings):
        a, b = rng.sample(crowd, 2)
        post(a, "rate", {"subject": b.public_hex, "stars": rng.choice((1, 2, 3, 3, 4, 4, 5, 5))})
    ts = max(ts, genesis.ts - 60 * MINUTE)  # the session's last hour: every record is signed in it, most in force
    appealed = []
    for i in range(records):
        subject = rng.choice(crowd)
        reporter = rng.choice(collectors if i % 2 else crowd)
        if reporter is subject:
            continue
        agency, act = rng.choice(ACTS)
        body: dict[str, object] = {"subject": subject.public_hex, "act": act} | ({"agency": agency} if agency else {})
        record = post(reporter, "report", body)
        if i % 4 == 0:
            post(rng.choice(collectors), "confirm", {"record": record})
        if i % 5 == 0:
            post(subject, "appeal", {"record": record})
            appealed.append(record)
    instant = ts + MINUTE  # the table is read a minute after the last report ...
    ts += 21 * MINUTE  # ... and the court rules once the appeals' 20 minutes are over (an overturn strikes at once)
    for record in appealed:
        post(rng.choice(court), "ruling", {"record": record, "verdict": rng.choice(("uphold", "overturn"))})
    ledger.ingest_many(batch)
    return room, instant


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--ratings", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "ledger.sqlite3") as ledger:
        started = time.perf_counter()
        room, last_ts = build(ledger, args.people, args.groups, args.ratings, args.records, args.seed)
        print(f"built: {args.people} people in {args.groups} groups, {args.ratings} ratings, {args.records} reports "
              f"({time.perf_counter() - started:.1f} s to sign and store)", file=sys.stderr)
        started = time.perf_counter()
        held = [message for _, message in ledger.messages(room)]
        read = time.perf_counter() - started
        started = time.perf_counter()
        engine = ScoreEngine(room)
        engine.apply(held)
        ratings_only = time.perf_counter() - started
        table = engine.table(at=last_ts)
        full = time.perf_counter() - started
        started = time.perf_counter()
        later = engine.table(at=last_ts + 90 * MINUTE)
        second = time.perf_counter() - started
        society = table.society
        assert society is not None and society.groups is not None
        print(f"read {len(held)} messages from SQLite (decoded): {read:.2f} s")
        print(f"full recompute: {full:.2f} s  = {full / read:.2f} x the read "
              f"(ratings model {ratings_only:.2f} s; records, chains, 3 agencies and lists as of an instant "
              f"{full - ratings_only:.2f} s)")
        print(f"the table at another instant (records, chains, agencies, lists): {second * 1000:.0f} ms")
        listed = len({x.person for x in society.listings if x.list == "blacklist"})
        print(f"groups {len(society.groups.groups)}; chain entries {len(society.entries)}; "
              f"records in force {sum(r.state == 'active' for r in table.records.records)}; on the blacklist "
              f"{listed}; table hash {table.hash()[:16]} (v2: {table.instant is not None}); later {later.hash()[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
