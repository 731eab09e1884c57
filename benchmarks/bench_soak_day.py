"""A day at the installation, compressed: do the long-lived processes stay flat?

Three kiosk-like nodes and a wall-like watcher run as real ``nosedive node``
processes on loopback (the first kiosk creates the room; the others join with
its code). Visitors arrive through the day and leave again: each is a fresh
identity, a node of its own opened through the node API in this process, that
joins with the room's code at one kiosk, rates the people it sees now and then,
and stops. Every minute the script prints each long-lived process's RSS and
open files; at the end, their slopes after the warm-up in MB per *simulated*
hour (target: under 1 MB), the ledger's size and the crashes (target: none).

    python benchmarks/bench_soak_day.py [--minutes 10|20] [--visitors 200] [--hours 8]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from nosedive.core import paths
from nosedive.ledger.store import Ledger
from nosedive.node.node import Node, NodeConfig

VISITOR_NODE = dict(host="127.0.0.1", port=0, discovery=False, anti_entropy_interval=2.0, redial_interval=1.0,
                    watch_interval=0.5, snapshot_interval=0.2, no_peer_warning_after=3600)
SAMPLE_EVERY = 10.0  # seconds between measurements (printed once a minute)
WARM_UP = 0.2  # the share of the run left out of the slopes (caches and the first visitors settle)


@dataclass
class Process:
    name: str
    pid: int
    data: Path
    popen: subprocess.Popen[str] | None = None  # None: this process (the visitors' nodes)
    port: int = 0
    samples: list[tuple[float, float, int]] = field(default_factory=list)  # (seconds, RSS MB, open files)


@dataclass
class Day:
    real_seconds: float
    hours: float
    visitors: int
    joined: int = 0
    left: int = 0
    ratings: int = 0
    failures: list[str] = field(default_factory=list)

    def sim_hours(self, seconds: float) -> float:
        return seconds / self.real_seconds * self.hours


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def start_node(name: str, data: Path, *extra: str) -> Process:
    command = [sys.executable, "-m", "nosedive.cli", "--data", str(data), "node", "--no-discovery",
               "--host", "127.0.0.1", "--port", "0", "--quiet", *extra]
    popen = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=open(data.parent / f"{name}.log", "w"),
                             text=True)
    process = Process(name, popen.pid, data, popen)
    assert popen.stdout is not None
    line = popen.stdout.readline()  # "node XXXX listening on port N"
    if "listening on port" not in line:
        raise SystemExit(f"{name} did not start: {line!r}; see {data.parent / (name + '.log')}")
    process.port = int(line.rsplit(" ", 1)[1])
    return process


def read_code(process: Process) -> str:
    assert process.popen is not None and process.popen.stdout is not None
    line = process.popen.stdout.readline()
    if not line.startswith("join code "):
        raise SystemExit(f"{process.name} printed no join code: {line!r}")
    return line.split()[-1]


async def visit(day: Day, number: int, base: Path, code: str, kiosk: Process, stay: float, rng: random.Random,
                rate_every: float) -> None:
    config = NodeConfig(data_dir=base / f"visitor-{number:03d}", code=code, name=f"Visitor {number}",
                        peers=(("127.0.0.1", kiosk.port),), **VISITOR_NODE)  # type: ignore[arg-type]
    node = Node.open(config)
    try:
        await node.start()
        await node.ready(timeout=30)
        day.joined += 1
        leave_at = time.monotonic() + stay
        while time.monotonic() < leave_at:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * rate_every)
            snapshot = node.snapshot()
            others = [p.key for p in snapshot.people if not p.is_me and p.online] if snapshot else []
            if others:
                await node.rate(rng.choice(others), rng.randint(1, 5))
                day.ratings += 1
    except Exception as error:  # a visitor's failure is a figure of the run, not the end of it
        day.failures.append(f"visitor {number} at {kiosk.name}: {type(error).__name__}: {error}")
    finally:
        await node.stop()
        day.left += 1


def measure(processes: list[Process], started: float) -> None:
    now = time.monotonic() - started
    for process in processes:
        if process.popen is None or process.popen.poll() is None:
            process.samples.append((now, rss_mb(process.pid), open_files(process.pid)))


def print_minute(day: Day, processes: list[Process], started: float, ledger: Path) -> None:
    elapsed = time.monotonic() - started
    cells = [f"{p.name} {p.samples[-1][1]:6.1f} MB {p.samples[-1][2]:3d} fds" if p.samples else f"{p.name} DOWN"
             for p in processes]
    print(f"[{elapsed / 60:4.1f} min = {day.sim_hours(elapsed):4.1f} h] visitors in {day.joined - day.left:+3d} "
          f"(joined {day.joined}, left {day.left}), ratings {day.ratings}, ledger {ledger_bytes(ledger) / 1e6:.2f} MB"
          f" | " + " | ".join(cells), flush=True)


def ledger_bytes(ledger: Path) -> int:
    return sum(f.stat().st_size for f in ledger.parent.glob(ledger.name + "*") if f.is_file())


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0


async def run_day(day: Day, base: Path, kiosks: list[Process], processes: list[Process], code: str,
                  seed: int) -> None:
    rng = random.Random(seed)
    started = time.monotonic()
    per_sim_minute = day.real_seconds / (day.hours * 60)
    arrivals = sorted(rng.uniform(0, day.real_seconds * 0.95) for _ in range(day.visitors))
    visits: list[asyncio.Task[None]] = []
    next_sample, next_print = 0.0, 60.0
    index = 0
    while True:
        elapsed = time.monotonic() - started
        while index < len(arrivals) and arrivals[index] <= elapsed:
            remaining = day.real_seconds - elapsed
            stay = min(rng.uniform(10, 40) * per_sim_minute, max(remaining - 2, 1))  # 10–40 simulated minutes
            visits.append(asyncio.create_task(visit(day, index + 1, base / "visitors", code, kiosks[index % 3],
                                                    stay, rng, rate_every=2 * per_sim_minute)))
            index += 1
        if elapsed >= next_sample:
            measure(processes, started)
            next_sample += SAMPLE_EVERY
        if elapsed >= next_print:
            print_minute(day, processes, started, paths.ledger_path(kiosks[0].data))
            next_print += 60.0
        if elapsed >= day.real_seconds:
            break
        await asyncio.sleep(0.2)
    await asyncio.gather(*visits)
    measure(processes, started)
    print_minute(day, processes, started, paths.ledger_path(kiosks[0].data))


def report(day: Day, processes: list[Process], nodes: list[Process]) -> None:
    print(f"\nslopes after the warm-up (the first {WARM_UP:.0%} left out), per simulated hour:")
    for process in processes:
        kept = [s for s in process.samples if s[0] >= day.real_seconds * WARM_UP]
        rss = slope([(day.sim_hours(t), mb) for t, mb, _ in kept])
        fds = slope([(day.sim_hours(t), float(n)) for t, _, n in kept])
        first, last = process.samples[0], process.samples[-1]
        print(f"  {process.name:10s} RSS {rss:+6.2f} MB/h  open files {fds:+5.2f}/h   "
              f"(RSS {first[1]:.1f} -> {last[1]:.1f} MB, files {first[2]} -> {last[2]})")
    for node in nodes:  # each node's own copy: replication kept up when the counts agree
        ledger = paths.ledger_path(node.data)
        with Ledger(ledger) as store:
            count = store.count(store.rooms()[0].id)
        print(f"ledger at {node.name}: {count:,} messages, {ledger_bytes(ledger) / 1e6:.2f} MB on disk (with its WAL)")
    print(f"visitors: {day.joined} joined of {day.visitors}, {day.left} left, {day.ratings} ratings")
    crashed = [f"{p.name} exited {p.popen.returncode}" for p in processes
               if p.popen is not None and p.popen.returncode != 0]
    print(f"crashes: {len(crashed) + len(day.failures)}")
    for line in crashed + day.failures:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="real length of the run (10 or 20)")
    parser.add_argument("--hours", type=float, default=8.0, help="the simulated day's length")
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    day = Day(real_seconds=args.minutes * 60, hours=args.hours, visitors=args.visitors)
    with tempfile.TemporaryDirectory(prefix="soak-") as folder:
        base = Path(folder)
        (base / "visitors").mkdir()
        first = start_node("kiosk-1", base / "kiosk-1", "--create-room", "Soak day", "--name", "Kiosk 1")
        code = read_code(first)
        peer = ("--peer", f"127.0.0.1:{first.port}")
        kiosks = [first] + [start_node(f"kiosk-{n}", base / f"kiosk-{n}", "--code", code, "--name", f"Kiosk {n}",
                                       *peer) for n in (2, 3)]
        wall = start_node("wall", base / "wall", "--code", code, "--name", "Wall", *peer)
        processes = [*kiosks, wall]
        driver = Process("visitors", os.getpid(), base)  # this process, holding the visitors' nodes
        print(f"a {args.hours:g}-hour day in {args.minutes:g} minutes: {args.visitors} visitors at 3 kiosks, "
              f"a wall; room code {code}", flush=True)
        try:
            asyncio.run(run_day(day, base, kiosks, [*processes, driver], code, args.seed))
        finally:
            for process in processes:
                assert process.popen is not None
                if process.popen.poll() is None:
                    process.popen.send_signal(signal.SIGTERM)
            for process in processes:
                assert process.popen is not None
                try:
                    process.popen.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.popen.kill()
                    process.popen.wait()
                    day.failures.append(f"{process.name} did not stop within 20 s of SIGTERM")
        report(day, [*processes, driver], processes)


if __name__ == "__main__":
    main()
