"""Does a node's memory stay flat under steady traffic? (issue 14, part 7)

Two real ``nosedive node`` processes on loopback are measured: the host (it creates the
room) and a relay (it joins with the code and hears everything through the host). In this
process, ``--people`` rater nodes (node API) join half at each, and rate one another at a
steady ``--rate`` (ratings per second, for the whole room; each rater re-rates the same few
people, as in a room). Every minute the script prints each measured process's RSS, open files
and the messages it holds; at the end, the RSS slope after the warm-up in MB per minute
(target: under 0.05), and the same slope per stored message, so the part that is the room's
data (each rating is kept: a fork verdict may make an older version count again) stands apart
from anything that leaks.

    python benchmarks/bench_soak_node.py [--minutes 30] [--warm-up 5] [--people 10] [--rate 1.0]
"""
from __future__ import annotations

import argparse
import asyncio
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

RATER = dict(host="127.0.0.1", port=0, discovery=False, anti_entropy_interval=2.0, redial_interval=1.0,
             watch_interval=0.5, snapshot_interval=0.2, no_peer_warning_after=3600)
SAMPLE_EVERY = 10.0  # seconds between measurements (printed once a minute)


@dataclass
class Measured:
    name: str
    data: Path
    popen: subprocess.Popen[str]
    port: int = 0
    samples: list[tuple[float, float, int, int]] = field(default_factory=list)  # (s, RSS MB, files, messages)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def open_files(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/fd").iterdir()))


def held(data: Path) -> int:
    """Messages in the node's ledger (read beside the running node: WAL allows it)."""
    with Ledger(paths.ledger_path(data)) as ledger:
        return ledger.count()


def start(name: str, data: Path, *extra: str) -> Measured:
    command = [sys.executable, "-m", "nosedive.cli", "--data", str(data), "node", "--no-discovery",
               "--host", "127.0.0.1", "--port", "0", "--quiet", *extra]
    popen = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=open(data.parent / f"{name}.log", "w"),
                             text=True)
    assert popen.stdout is not None
    line = popen.stdout.readline()
    if "listening on port" not in line:
        raise SystemExit(f"{name} did not start: {line!r}; see {data.parent / (name + '.log')}")
    return Measured(name, data, popen, int(line.rsplit(" ", 1)[1]))


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y)."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0


async def soak(measured: list[Measured], code: str, base: Path, args: argparse.Namespace) -> int:
    raters: list[Node] = []
    for index in range(args.people):
        target = measured[index % len(measured)]
        node = Node.open(NodeConfig(data_dir=base / f"rater-{index:02d}", code=code, name=f"Rater {index}",
                                    peers=(("127.0.0.1", target.port),), **RATER))  # type: ignore[arg-type]
        await node.start()
        await node.ready(timeout=60)
        raters.append(node)
    rng = random.Random(args.seed)
    keys = [node.identity.public_hex for node in raters]
    ratings, failures = 0, 0
    started = time.monotonic()
    next_sample, next_print, next_rating = 0.0, 60.0, 0.0
    try:
        while (elapsed := time.monotonic() - started) < args.minutes * 60:
            if elapsed >= next_rating:
                index = rng.randrange(len(raters))
                subject = keys[(index + rng.randint(1, 3)) % len(keys)]  # a few people each: a room, not a census
                try:
                    await raters[index].rate(subject, rng.randint(1, 5))
                    ratings += 1
                except Exception as error:  # a figure of the run, not its end
                    failures += 1
                    print(f"rating failed: {type(error).__name__}: {error}", flush=True)
                next_rating += 1 / args.rate
            if elapsed >= next_sample:
                for m in measured:
                    if m.popen.poll() is None:
                        m.samples.append((elapsed, rss_mb(m.popen.pid), open_files(m.popen.pid), held(m.data)))
                next_sample += SAMPLE_EVERY
            if elapsed >= next_print:
                cells = " | ".join(f"{m.name} {m.samples[-1][1]:6.1f} MB {m.samples[-1][2]:3d} files "
                                   f"{m.samples[-1][3]:6,d} msgs" if m.popen.poll() is None else f"{m.name} DOWN"
                                   for m in measured)
                print(f"[{elapsed / 60:5.1f} min] ratings {ratings:6,d} | {cells}", flush=True)
                next_print += 60.0
            await asyncio.sleep(min(0.05, max(0.0, next_rating - (time.monotonic() - started))))
    finally:
        await asyncio.gather(*(node.stop() for node in raters))
    return failures


def report(measured: list[Measured], args: argparse.Namespace, failures: int) -> None:
    print(f"\nafter the {args.warm_up:g}-minute warm-up (target: RSS slope < 0.05 MB/min):")
    for m in measured:
        kept = [s for s in m.samples if s[0] >= args.warm_up * 60]
        rss = slope([(t / 60, mb) for t, mb, _, _ in kept])
        files = slope([(t / 60, float(n)) for t, _, n, _ in kept])
        growth = slope([(t / 60, float(n)) for t, _, _, n in kept])
        per_message = rss * 1e6 / growth if growth > 0 else 0.0
        first, last = m.samples[0], m.samples[-1]
        print(f"  {m.name:6s} RSS {rss:+.4f} MB/min  open files {files:+.2f}/min  messages {growth:+.1f}/min  "
              f"= {per_message:,.0f} bytes of RSS per message   (RSS {first[1]:.1f} -> {last[1]:.1f} MB, "
              f"files {first[2]} -> {last[2]}, {last[3]:,} messages)")
    crashed = [f"{m.name} exited {m.popen.returncode}" for m in measured if m.popen.returncode not in (0, None)]
    print(f"crashes: {len(crashed)}; failed ratings: {failures}")
    for line in crashed:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--warm-up", type=float, default=5.0, help="minutes left out of the slopes")
    parser.add_argument("--people", type=int, default=10, help="rater nodes in this process")
    parser.add_argument("--rate", type=float, default=1.0, help="ratings per second, the whole room")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="soak-node-") as folder:
        base = Path(folder)
        host = start("host", base / "host", "--create-room", "Soak", "--name", "Host")
        assert host.popen.stdout is not None
        line = host.popen.stdout.readline()
        if not line.startswith("join code "):
            raise SystemExit(f"the host printed no join code: {line!r}")
        code = line.split()[-1]
        relay = start("relay", base / "relay", "--code", code, "--name", "Relay", "--peer", f"127.0.0.1:{host.port}")
        measured = [host, relay]
        print(f"{args.minutes:g} minutes, {args.people} raters, {args.rate:g} ratings/s; measuring the host "
              f"(pid {host.popen.pid}) and the relay (pid {relay.popen.pid})", flush=True)
        failures = 0
        try:
            failures = asyncio.run(soak(measured, code, base, args))
        finally:
            for m in measured:
                if m.popen.poll() is None:
                    m.popen.send_signal(signal.SIGTERM)
            for m in measured:
                try:
                    m.popen.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    m.popen.kill()
                    m.popen.wait()
        report(measured, args, failures)


if __name__ == "__main__":
    main()
