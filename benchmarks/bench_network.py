"""Network figures, each beside its physical limit measured in the same run.

(a) Cold join: a new node joins a room that already holds N messages (default
    100,000); time until its ledger and scores are complete, next to the raw
    single-core Ed25519 verify time for the same messages (target: <= 0.65x that
    limit: the joiner verifies in a pool of worker processes, ``--workers``, default
    one per core). The established node runs in its own process (as on another machine);
    the join starts once it has settled (a node re-verifies its stored messages after it starts,
    which on this shared box would take the joiner's cores; ``--busy-source`` does not wait).
    Printed beside the times: CPU per message of the source, the joiner and its workers (read
    from /proc), how idle the joiner's process was, and the best ratio the joiner's CPU allows.
    ``--profile-source`` / ``--profile-joiner`` FILE sample them with py-spy (pip install py-spy).
(b) Propagation: one new rating reaching all of 10 nodes on loopback (p50/p99).

    python benchmarks/bench_network.py [--messages 100000] [--nodes 10] [--ratings 50] [--runs 3]
        [--skip-cold-join] [--skip-propagation] [--busy-source] [--profile-source F] [--profile-joiner F]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from nosedive.core import keys, paths
from nosedive.core import messages as msgs
from nosedive.core.encoding import canonical
from nosedive.core.identity import Identity, load_or_create
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.node.node import Node, NodeConfig

FAST = dict(host="127.0.0.1", port=0, discovery=False, anti_entropy_interval=1.0, redial_interval=0.5,
            watch_interval=0.2, snapshot_interval=0.05, no_peer_warning_after=3600)


def signed_stream(host: Identity, room: str, count: int, authors: int) -> list[bytes]:
    """Ratings from *authors* people, signed directly (fast setup; the ledger verifies them)."""
    people = [Identity.generate() for _ in range(authors)]
    heads: dict[str, tuple[int, str | None]] = {p.public_hex: (0, None) for p in people}
    raws = []
    for index in range(count):
        person = people[index % authors]
        seq, prev = heads[person.public_hex]
        subject = people[(index * 7 + 3) % authors].public_hex
        if subject == person.public_hex:
            subject = host.public_hex
        payload = canonical({"v": 1, "room": room, "author": person.public_hex, "seq": seq + 1, "prev": prev,
                             "ts": 1_767_225_600_000 + index, "type": "rate",
                             "body": {"subject": subject, "stars": 1 + index % 5}})
        raws.append(person.sign(msgs.SIGN_DOMAIN + payload) + payload)
        heads[person.public_hex] = (seq + 1, msgs.message_id(payload))
    return raws


TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def children_cpu(exclude: set[int]) -> dict[int, float]:
    """CPU seconds of this process's live children (the joiner's verifier workers), but *exclude*."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in exclude:
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    return found


def settle(pid: int, timeout: float = 300.0) -> tuple[float, float]:
    """Wait until *pid* is idle (under 10 % of a core for half a second): an established node, done with
    its start (which re-verifies its stored messages in the background). Returns (seconds, its CPU)."""
    start = time.perf_counter()
    used = proc_cpu(pid)
    while time.perf_counter() - start < timeout:
        time.sleep(0.5)
        now = proc_cpu(pid)
        if now - used < 0.05:
            return time.perf_counter() - start, now
        used = now
    return time.perf_counter() - start, used


def machine_idle() -> tuple[float, float]:
    """(idle, total) clock ticks of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return values[3] + values[4], sum(values[:8])


def raw_verify_seconds(raws: list[bytes]) -> tuple[float, float]:
    """(wall, CPU) seconds of verifying every signature on one core: the CPU figure does not grow
    with the machine's load, so the joiner's CPU is compared with it too."""
    decoded = [msgs.decode_trusted(raw) for raw in raws]
    loaded = {m.author: keys.public_key(m.author) for m in decoded}
    start, cpu = time.perf_counter(), time.process_time()
    for m in decoded:
        loaded[m.author].verify(m.signature, msgs.SIGN_DOMAIN + m.payload)
    return time.perf_counter() - start, time.process_time() - cpu


def start_profiler(pid: int, out: Path, *, idle: bool = False) -> subprocess.Popen[bytes]:
    """py-spy (``pip install py-spy``) sampling *pid* into *out*.raw (collapsed stacks) until stopped;
    *idle*: waits too (where the joiner's loop sits while it is not computing)."""
    beside = Path(sys.executable).with_name("py-spy")
    command = [str(beside) if beside.exists() else "py-spy", "record", "--pid", str(pid), "--format", "raw",
               "--rate", "200", "--nonblocking", *(["--idle"] if idle else []), "--output",
               str(out.with_suffix(".raw"))]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profiler(profiler: subprocess.Popen[bytes], out: Path) -> None:
    """Stop sampling; write the functions holding most samples (self and inclusive) to *out*."""
    profiler.send_signal(signal.SIGINT)
    profiler.wait(60)
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in out.with_suffix(".raw").read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        total += int(count)
        own[frames[-1]] = own.get(frames[-1], 0) + int(count)
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    lines = [f"{total} samples"]
    for title, table in (("self", own), ("inclusive", inclusive)):
        lines.append(f"-- {title}")
        lines += [f"{n / max(1, total):6.1%}  {frame}" for frame, n in sorted(table.items(), key=lambda x: -x[1])[:40]]
    out.write_text("\n".join(lines) + "\n")
    print(f"    source profile: {out}")


async def cold_join(base: Path, count: int, authors: int, workers: int | None, profile: Path | None,
                    settle_source: bool, profile_joiner: Path | None = None, runs: int = 1) -> None:
    source_dir = base / "source"
    source_dir.mkdir()
    host = load_or_create(paths.key_path(source_dir))
    with Ledger(paths.ledger_path(source_dir)) as ledger:
        room = ledger.create_room(host, "Big room", load_preset("nosedive")).room
        print(f"(a) building a room of {count:,} messages from {authors} people…", flush=True)
        raws = signed_stream(host, room, count, authors)
        for start in range(0, len(raws), 5000):
            assert not ledger.ingest_many(raws[start:start + 5000]).errors
        total = ledger.count(room)
        from nosedive.room.view import RoomView
        expected = RoomView(ledger, room, host.public_hex).scores_hash()
    for run in range(runs):  # the machine is shared: each run beside its own verify limit
        (verify, verify_cpu) = raw_verify_seconds(raws)
        figures = await one_join(base / f"joiner{run}", source_dir, room, total, workers, profile, settle_source,
                                 profile_joiner)
        after, after_cpu = raw_verify_seconds(raws)  # again after the join: the machine's load changes, take the mean
        print(f"    run {run + 1}/{runs}: raw verify before the join {verify:.2f} s ({verify_cpu:.2f} s CPU), "
              f"after {after:.2f} s ({after_cpu:.2f} s CPU)")
        report(figures, (verify + after) / 2, (verify_cpu + after_cpu) / 2, total, expected)


async def one_join(joiner_dir: Path, source_dir: Path, room: str, total: int, workers: int | None,
                   profile: Path | None, settle_source: bool, profile_joiner: Path | None) -> dict[str, object]:
    """Start the source node, join it with a fresh node, return the figures of the join."""
    source = subprocess.Popen(
        [sys.executable, "-m", "nosedive.cli", "--data", str(source_dir), "node", "--room", room,
         "--no-discovery", "--host", "127.0.0.1", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert source.stdout is not None
        line = source.stdout.readline()  # "node XXXX listening on port N"
        port = int(line.rsplit(" ", 1)[1])
        code = source.stdout.readline().split()[-1]  # "join code 7-guitar-harbor": the facilitator's node made one
        settled, source_ready = settle(source.pid) if settle_source else (0.0, proc_cpu(source.pid))
        profiler = start_profiler(source.pid, profile) if profile else None
        options = dict(FAST, snapshot_interval=NodeConfig.snapshot_interval)  # the product's snapshot rate
        joiner = Node.open(NodeConfig(data_dir=joiner_dir, code=code, peers=(("127.0.0.1", port),),
                                      verify_workers=workers, **options))
        pool = joiner.ledger.verifier
        done = asyncio.Event()
        # the view's count first: a count(*) of the ledger at every snapshot took 12 % of the joiner's CPU
        joiner.subscribe(lambda e: done.set() if joiner.view is not None and joiner.view.message_count == total
                         and joiner.ledger.count(room) == total else None)
        sampler = start_profiler(os.getpid(), profile_joiner, idle=True) if profile_joiner else None
        idle_before, ticks_before = machine_idle()
        source_before, joiner_before = proc_cpu(source.pid), time.process_time()
        start = time.perf_counter()
        await joiner.start()
        await asyncio.wait_for(done.wait(), 3600)
        elapsed = time.perf_counter() - start
        source_cpu, joiner_cpu = proc_cpu(source.pid) - source_before, time.process_time() - joiner_before
        workers_cpu = sum(children_cpu(exclude={source.pid, *(p.pid for p in (profiler, sampler) if p)}).values())
        idle_after, ticks_after = machine_idle()
        if profiler is not None and profile is not None:
            stop_profiler(profiler, profile)
        if sampler is not None and profile_joiner is not None:
            stop_profiler(sampler, profile_joiner)
        assert joiner.view is not None
        score_hash = joiner.view.scores_hash()
        await joiner.stop()
    finally:
        source.terminate()
        source.wait(30)
    return dict(elapsed=elapsed, source_cpu=source_cpu, joiner_cpu=joiner_cpu, workers_cpu=workers_cpu,
                machine=1 - (idle_after - idle_before) / max(1, ticks_after - ticks_before), settled=settled,
                source_ready=source_ready, workers=getattr(pool, "workers", 0), score_hash=score_hash)


def report(f: dict[str, Any], verify: float, verify_cpu: float, total: int, expected: str) -> None:
    elapsed, source_cpu, joiner_cpu, workers_cpu = f["elapsed"], f["source_cpu"], f["joiner_cpu"], f["workers_cpu"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"    machine: {os.cpu_count()} cores, load average {load} (shared: absolute times are noisy)")
    print(f"    raw Ed25519 verify of {total:,} messages : {verify:7.2f} s  (one core)")
    print(f"    cold join (ledger + scores complete)  : {elapsed:7.2f} s  = {elapsed / verify:.2f}x the single-core "
          f"verify limit (target <= 0.65x; {f['workers']} verifying workers)")
    print(f"    joiner's score hash equals the source's: {f['score_hash'] == expected}")
    per = 1e6 / total
    busy = joiner_cpu / elapsed
    cores = len(os.sched_getaffinity(0))
    floor = (joiner_cpu + workers_cpu) / cores  # the join if the joiner's CPU work were spread over every core
    print(f"    CPU during the join, per message: source {source_cpu * per:.1f} us ({source_cpu:.2f} s; it had used "
          f"{f['source_ready']:.2f} s to start and settled in {f['settled']:.1f} s); joiner {joiner_cpu * per:.1f} us "
          f"({joiner_cpu:.2f} s) + its workers {workers_cpu * per:.1f} us ({workers_cpu:.2f} s); "
          f"raw verify {verify * per:.1f} us ({verify_cpu * per:.1f} us CPU)")
    print(f"    joiner's process busy {busy:.0%} of the join (idle {1 - busy:.0%}); the machine's cores busy "
          f"{f['machine']:.0%}")
    print(f"    the joiner's CPU over {cores} cores = {floor:.2f} s = {floor / verify_cpu:.2f}x the single-core verify "
          f"CPU (the best this joiner can do on an idle machine, whatever the pipelining; load-independent)",
          flush=True)


async def propagation(base: Path, nodes: int, ratings: int) -> None:
    cluster: list[Node] = []
    first = Node.open(NodeConfig(data_dir=base / "p0", create_room="Relay", name="p0", **FAST))
    await first.start()
    cluster.append(first)
    snapshot = first.snapshot()
    assert snapshot is not None
    for index in range(1, nodes):  # each knows two earlier nodes (a sparse mesh) and joins with the code
        peers = tuple(("127.0.0.1", n.port) for n in cluster[-2:])
        config = NodeConfig(data_dir=base / f"p{index}", code=snapshot.join_code, name=f"p{index}", peers=peers,
                            **FAST)
        node = Node.open(config)
        await node.start()
        await node.ready(60)  # let in: it can let the next ones in
        cluster.append(node)
    changed = asyncio.Event()
    for node in cluster:
        node.subscribe(lambda e: changed.set())

    async def until(condition, timeout=60.0) -> None:
        deadline = time.perf_counter() + timeout
        while not condition():
            changed.clear()
            if time.perf_counter() > deadline:
                raise TimeoutError("propagation stalled")
            try:
                await asyncio.wait_for(changed.wait(), 0.05)
            except TimeoutError:
                pass

    await until(lambda: all(n.snapshot() and len(n.snapshot().people) == nodes for n in cluster))
    latencies = []
    for index in range(ratings):
        rater = cluster[index % nodes]
        subject = cluster[(index + 3) % nodes].identity.public_hex
        start = time.perf_counter()
        await rater.rate(subject, 1 + index % 5)
        seq = rater.ledger.head(rater.room_id, rater.identity.public_hex)[0]
        await until(lambda rater=rater, seq=seq: all(
            n.ledger.have(n.room_id).get(rater.identity.public_hex, (0,))[0] >= seq for n in cluster))
        latencies.append(time.perf_counter() - start)
    await asyncio.gather(*(n.stop() for n in cluster))
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"(b) one rating reaching all {nodes} nodes ({ratings} ratings, one process, loopback): "
          f"p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
          f"max {latencies[-1] * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--authors", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=10)
    parser.add_argument("--ratings", type=int, default=50)
    parser.add_argument("--skip-cold-join", action="store_true")
    parser.add_argument("--workers", type=int, default=None, help="the joiner's verifiers (default: per core)")
    parser.add_argument("--profile-source", type=Path, default=None,
                        help="sample the source node with py-spy during the join; write its hottest lines here")
    parser.add_argument("--profile-joiner", type=Path, default=None,
                        help="sample the joiner's process (waits included) with py-spy; hottest lines here")
    parser.add_argument("--runs", type=int, default=1, help="cold joins of the one room built (the machine is shared)")
    parser.add_argument("--skip-propagation", action="store_true")
    parser.add_argument("--busy-source", action="store_true",
                        help="start the join while the source still re-verifies its ledger (the default waits)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        if not args.skip_cold_join:
            asyncio.run(cold_join(base, args.messages, args.authors, args.workers, args.profile_source,
                                  not args.busy_source, args.profile_joiner, args.runs))
        if not args.skip_propagation:
            asyncio.run(propagation(base, args.nodes, args.ratings))


if __name__ == "__main__":
    main()
