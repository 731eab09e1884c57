"""A day at the installation, compressed: do the long-lived processes stay flat?

Three kiosk-like nodes and a wall-like watcher run as real ``nosedive node``
processes on loopback (the first kiosk creates the room; the others join with
its code). Visitors arrive through the day and leave again, as on the product's
kiosks (ui/kiosk/visitors.py, ui/engine_process.py): each is a fresh identity in
a short-lived process of its own (this script started again with the same
python, ``--visitor``), whose node joins with the room's code at its kiosk's
port, publishes its profile, rates the people it sees now and then, and exits
when the visitor leaves. This process only orchestrates: it hosts no node.
Every minute the script prints each long-lived process's RSS and open files
(this one, the harness, included); at the end, their slopes after the warm-up
in MB per *simulated* hour (target: under 1 MB), the ledger's size, the
crashes (target: none), the most visitor processes alive at once, each visitor
process's peak RSS, and that no visitor process outlived the run.

    python benchmarks/bench_soak_day.py [--minutes 10|20] [--visitors 200] [--hours 8]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from nosedive.core import paths
from nosedive.ledger.store import Ledger
from nosedive.net.throttle import AttemptLimiter

VISITOR_NODE = dict(host="127.0.0.1", port=0, discovery=False, anti_entropy_interval=2.0, redial_interval=1.0,
                    watch_interval=0.5, snapshot_interval=0.2, no_peer_warning_after=3600)
SAMPLE_EVERY = 10.0  # seconds between measurements (printed once a minute)
WARM_UP = 0.2  # the share of the run left out of the slopes (caches and the first visitors settle)
JOIN_WITHIN = 60.0  # a visitor's process must have started and joined within this (2 shared cores)
STOP_WITHIN = 30.0  # ... and have stopped its node and exited within this after leaving
VISITOR_GRACE = 10.0  # between SIGTERM and SIGKILL for a visitor past its deadline


@dataclass
class Process:
    name: str
    pid: int
    data: Path
    popen: subprocess.Popen[str] | None = None  # None: this process (the harness)
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
    alive: int = 0  # visitor processes started and not yet reaped
    peak_alive: int = 0
    peak_rss: list[float] = field(default_factory=list)  # each visitor process's VmHWM, MB
    join_seconds: list[float] = field(default_factory=list)  # from its start to joined
    cpu: list[float] = field(default_factory=list)  # each visitor process's CPU seconds (user + system)
    throttled: dict[str, int] = field(default_factory=dict)  # visitor -> join refusals by the throttle
    lived: float = 0.0  # the visitor processes' lifetimes, summed (seconds)
    pids: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    started: float = 0.0  # time.monotonic() at the day's start

    def sim_hours(self, seconds: float) -> float:
        return seconds / self.real_seconds * self.hours


def status_mb(pid: int | str, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid: int) -> float:
    return status_mb(pid, "VmRSS")


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


# --- one visitor, in a process of its own ------------------------------------------------------------------

async def be_visitor(args: argparse.Namespace) -> None:
    from nosedive.node.node import Node, NodeConfig  # only the visitors' processes load the node
    from nosedive.room.events import NodeError, NodeEvent

    def on_event(event: NodeEvent) -> None:  # the kiosk's join throttle said "not now": count it
        if isinstance(event, NodeError) and event.code == "throttled":
            print("throttled", flush=True)

    rng = random.Random(args.seed)
    config = NodeConfig(data_dir=Path(args.data), code=args.code, name=f"Visitor {args.number}",
                        peers=(("127.0.0.1", args.port),), **VISITOR_NODE)  # type: ignore[arg-type]
    node = Node.open(config)
    node.subscribe(on_event)
    try:
        await node.start()
        try:
            await node.ready(timeout=JOIN_WITHIN)
        except TimeoutError:
            raise RuntimeError(f"not in the room {JOIN_WITHIN:.0f} s after its start") from None
        print("joined", flush=True)
        leave_at = time.monotonic() + args.stay
        while time.monotonic() < leave_at:
            await asyncio.sleep(min(rng.uniform(0.5, 1.5) * args.rate_every, max(leave_at - time.monotonic(), 0)))
            snapshot = node.snapshot()
            others = [p.key for p in snapshot.people if not p.is_me and p.online] if snapshot else []
            if others and time.monotonic() < leave_at:
                await node.rate(rng.choice(others), rng.randint(1, 5))
                print("rated", flush=True)
    finally:
        await asyncio.wait_for(node.stop(), STOP_WITHIN)


def visitor_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench_soak_day.py --visitor")
    for name in ("--data", "--code"):
        parser.add_argument(name, required=True)
    for name in ("--port", "--number", "--seed"):
        parser.add_argument(name, type=int, required=True)
    for name in ("--stay", "--rate-every"):
        parser.add_argument(name, type=float, required=True)
    args = parser.parse_args(argv)
    parent, deadline = os.getppid(), time.monotonic() + JOIN_WITHIN + args.stay + STOP_WITHIN + 5

    def watchdog() -> None:  # never outlive the harness nor the visit's bound, whatever the loop does
        while time.monotonic() < deadline and os.getppid() == parent:
            time.sleep(0.5)
        os._exit(3)

    threading.Thread(target=watchdog, daemon=True).start()
    code = 0
    try:
        asyncio.run(be_visitor(args))
    except Exception as error:
        print(f"failed {type(error).__name__}: {error}".replace("\n", " "), flush=True)
        code = 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"peak-rss {status_mb('self', 'VmHWM'):.1f}", flush=True)
    print(f"cpu {usage.ru_utime + usage.ru_stime:.3f}", flush=True)
    sys.exit(code)


# --- the harness --------------------------------------------------------------------------------------------

async def visit(day: Day, number: int, base: Path, code: str, kiosk: Process, stay: float, seed: int,
                rate_every: float) -> None:
    name = f"visitor-{number:03d}"
    with open(base / f"{name}.log", "w") as log:
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--visitor", "--data", str(base / name), "--code", code,
            "--port", str(kiosk.port), "--number", str(number), "--seed", str(seed), "--stay", f"{stay:.3f}",
            "--rate-every", f"{rate_every:.3f}", stdout=asyncio.subprocess.PIPE, stderr=log)
    spawned = time.monotonic()
    day.pids.append(child.pid)
    day.alive += 1
    day.peak_alive = max(day.peak_alive, day.alive)
    said: list[str] = []
    try:
        async with asyncio.timeout(JOIN_WITHIN + stay + STOP_WITHIN + 10):
            assert child.stdout is not None
            async for raw in child.stdout:
                line = raw.decode(errors="replace").strip()
                if line == "joined":
                    day.joined += 1
                    day.join_seconds.append(time.monotonic() - spawned)
                elif line == "rated":
                    day.ratings += 1
                elif line.startswith("peak-rss "):
                    day.peak_rss.append(float(line.split()[1]))
                elif line == "throttled":
                    day.throttled[name] = day.throttled.get(name, 0) + 1
                elif line.startswith("cpu "):
                    day.cpu.append(float(line.split()[1]))
                elif line:
                    said.append(line)
            await child.wait()
    except TimeoutError:
        said.append("still running past its deadline: terminated")
        child.terminate()
        try:
            await asyncio.wait_for(child.wait(), VISITOR_GRACE)
        except TimeoutError:
            child.kill()
            await child.wait()
    finally:
        day.alive -= 1
        day.left += 1
        day.lived += time.monotonic() - spawned
    if child.returncode != 0 or said:
        logged = [line for line in (base / f"{name}.log").read_text(errors="replace").splitlines() if line.strip()]
        day.failures.append(f"{name} at {kiosk.name}, {day.sim_hours(time.monotonic() - day.started):.1f} h: "
                            f"exit {child.returncode}; {' '.join(said)[:200]}"
                            + (f"; its log ends: {logged[-1][:200]}" if logged else ""))


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
          f"(joined {day.joined}, left {day.left}, processes {day.alive}), ratings {day.ratings}, "
          f"ledger {ledger_bytes(ledger) / 1e6:.2f} MB | " + " | ".join(cells), flush=True)


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
    started = day.started = time.monotonic()
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
                                                    stay, rng.randrange(2**32), rate_every=2 * per_sim_minute)))
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
    await asyncio.gather(*visits)  # each bounded by its own deadline
    measure(processes, started)
    print_minute(day, processes, started, paths.ledger_path(kiosks[0].data))


def leftovers(base: Path, pids: list[int]) -> list[str]:
    """Processes still alive that were visitors or mention the run's folder (grandchildren included)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next(line for line in (entry / "status").read_text().splitlines() if line.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if (int(entry.name) in pids or str(base) in command) and "zombie" not in state:
            found.append(f"pid {entry.name}: {command[:160]}")
    return found


def median_max(values: list[float], unit: str) -> str:
    return f"median {statistics.median(values):.1f} {unit}, max {max(values):.1f} {unit}" if values else "none"


def report(day: Day, processes: list[Process], nodes: list[Process], outlived: list[str]) -> None:
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
    print(f"visitor processes: {len(day.pids)} started, at most {day.peak_alive} alive at once; "
          f"peak RSS each {median_max(day.peak_rss, 'MB')}; start to joined {median_max(day.join_seconds, 's')}")
    print(f"joins refused by a kiosk's throttle: {sum(day.throttled.values())} times, to {len(day.throttled)} "
          f"visitors")
    cores = os.cpu_count() or 1
    if day.cpu and day.lived:
        print(f"visitor processes' CPU: {sum(day.cpu):.1f} s in all, each {median_max(day.cpu, 's')}; "
              f"{sum(day.cpu) / day.lived:.1%} of a core per visitor alive; the visitors alone used "
              f"{sum(day.cpu) / (day.real_seconds * cores):.0%} of the machine's {cores} cores over the run")
    print(f"processes of the run (visitors or nodes) alive after it: {len(outlived)}")
    for line in outlived:
        print(f"  {line}")
    crashed = [f"{p.name} exited {p.popen.returncode}" for p in processes
               if p.popen is not None and p.popen.returncode != 0]
    print(f"crashes: {len(crashed) + len(day.failures) + len(outlived)}")
    for line in crashed + day.failures:
        print(f"  {line}")


def calibrate() -> str:
    """What one visitor's process costs before it does anything: a fresh python importing the node."""
    before, clock = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    subprocess.run([sys.executable, "-c", "import nosedive.node.node"], check=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return f"a fresh python importing the node: {time.monotonic() - clock:.2f} s wall, {cpu:.2f} s CPU"


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> None:
    if sys.argv[1:2] == ["--visitor"]:
        return visitor_main(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="real length of the run (10 or 20)")
    parser.add_argument("--hours", type=float, default=8.0, help="the simulated day's length")
    parser.add_argument("--visitors", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    day = Day(real_seconds=args.minutes * 60, hours=args.hours, visitors=args.visitors)
    print(f"at start: {load()}; {calibrate()}", flush=True)
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
        harness = Process("harness", os.getpid(), base)  # this process: orchestrates, hosts no node
        print(f"a {args.hours:g}-hour day in {args.minutes:g} minutes: {args.visitors} visitors at 3 kiosks, "
              f"each in a process of its own, a wall; room code {code}", flush=True)
        limiter = AttemptLimiter()  # the kiosk's join throttle, per address: every visitor here is 127.0.0.1
        print(f"joins per kiosk: {args.visitors / 3 / (args.minutes * 0.95):.1f} a minute on average; a kiosk lets "
              f"one address join {60 / limiter.interval:.0f} a minute after a burst of {limiter.burst}", flush=True)
        try:
            asyncio.run(run_day(day, base, kiosks, [*processes, harness], code, args.seed))
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
        outlived = leftovers(base, day.pids)
        for line in outlived:  # say so, then do not leave them running
            os.kill(int(line.split()[1].rstrip(":")), signal.SIGKILL)
        report(day, [*processes, harness], processes, outlived)
    print(f"at end: {load()}", flush=True)


if __name__ == "__main__":
    main()
