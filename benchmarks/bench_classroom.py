"""A classroom: N real ``nosedive node`` processes, each in its own network namespace on one bridge,
finding each other with real mDNS; the class opens its laptops within 10 s, rates in two rounds, two
laptops are killed (-9) and restarted while the others rate again, and a latecomer joins.

Prints one JSON line per run: join times (each node from its own start; everyone from the first
start), convergence after each round (from the last signature) and the CPU all nodes spent in it
(a share of the box's two cores: starved or not), after the faults and the latecomer
(from the restarts), bytes on the bridge per rating (what the hosts sent into it, from the veths'
counters, the quiet room's own traffic subtracted) and their ratio to N × the rating's size, mDNS
datagrams (UDP sent in the namespaces), RSS and CPU per node, the load average, and raw Ed25519
verifies per second on one core measured in the same run (the box is shared: read the figures
against it). The kernel's ARP table is shared by every namespace: its gc_thresh1/2/3 are raised for
the run and restored afterwards, and ``dmesg`` is searched for "neighbor table overflow".

Root only (skips with a reason otherwise). The namespaces and processes are removed even on failure
or Ctrl+C; every wait is bounded.

    python benchmarks/bench_classroom.py [--n 10 20 30 40] [--runs K] [--stagger 10] [--timeout 60]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_crowd import _bridge_rx_bytes, _count, _host_names, _rss_mb
from nosedive.core import paths
from nosedive.core.identity import load_or_create
from nosedive.ledger.store import Ledger
from tests.net.netns import Lab, LabUnavailable, open_lab, unavailable_reason, wait_for

NEIGH = Path("/proc/sys/net/ipv4/neigh/default")
OVERFLOW = "neighbor table overflow"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@contextmanager
def neighbour_room(n: int) -> Iterator[dict[str, int]]:
    """Raise gc_thresh1/2/3 so (N+2)² ARP entries fit (a test-bed limit, not the product's); restore after."""
    names = ("gc_thresh1", "gc_thresh2", "gc_thresh3")
    old = {name: int((NEIGH / name).read_text()) for name in names}
    want = 4 * (n + 2) ** 2
    new = {"gc_thresh1": max(old["gc_thresh1"], want // 4), "gc_thresh2": max(old["gc_thresh2"], want // 2),
           "gc_thresh3": max(old["gc_thresh3"], want)}
    try:
        for name in reversed(names):  # thresh3 first: each stays ≤ the next one up
            (NEIGH / name).write_text(str(new[name]))
        yield new
    finally:
        for name in names:
            (NEIGH / name).write_text(str(old[name]))


def remove_own_leftovers() -> None:
    """Namespaces of an earlier run of this benchmark whose process is gone (killed -9, say)."""
    listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10).stdout
    for name in (line.split()[0] for line in listing.splitlines() if line.strip()):
        match = re.match(r"^nd-(\d+)-(br|n\d\d)$", name)
        if match and not Path(f"/proc/{match.group(1)}").exists():
            for pid in subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True,
                                      timeout=10).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=10)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that the namespaces, processes and ARP thresholds are put back


def overflow_lines() -> int | None:
    """How many kernel log lines say the neighbour table overflowed (None: dmesg not readable)."""
    done = subprocess.run(["dmesg"], capture_output=True, text=True, timeout=10)
    return None if done.returncode != 0 else done.stdout.count(OVERFLOW)


def verify_rate() -> float:
    """Raw Ed25519 verifies per second on one core, now: the physical limit, on a shared box."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    key = Ed25519PrivateKey.generate()
    public, data = key.public_key(), b"x" * 300
    signature = key.sign(data)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < 0.3:
        public.verify(signature, data)
        count += 1
    return count / (time.perf_counter() - started)


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def _udp_out(pid: int) -> int:
    """UDP datagrams sent in the network namespace of *pid* (mDNS is the only UDP there)."""
    try:
        lines = [ln.split() for ln in Path(f"/proc/{pid}/net/snmp").read_text().splitlines() if ln.startswith("Udp:")]
    except OSError:
        return 0
    return int(dict(zip(lines[0], lines[1], strict=True))["OutDatagrams"]) if len(lines) == 2 else 0


class Class:
    """The hosts, their data and logs, their node processes, and ratings written into their ledgers."""

    def __init__(self, lab: Lab, base: Path, hosts: tuple[str, ...]) -> None:
        self.lab, self.base, self.hosts = lab, base, hosts
        self.data = {h: base / f"data-{h}" for h in hosts}
        self.logs = {h: base / f"node-{h}.log" for h in hosts}
        self.procs: dict[str, subprocess.Popen[str]] = {}
        self.started: dict[str, float] = {}

    def start(self, host: str, *args: str) -> None:
        self.data[host].mkdir(exist_ok=True)
        self.started[host] = time.monotonic()
        self.procs[host] = self.lab.popen(host, [sys.executable, "-m", "nosedive.cli", "--data", str(self.data[host]),
                                                 "node", *args, "--name", f"P{host}"], self.logs[host])

    def kill(self, host: str) -> None:
        proc = self.procs[host]
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)

    def counts(self, hosts: list[str]) -> dict[str, int]:
        return {h: _count(self.data[h]) for h in hosts}

    def rate_round(self, raters: list[str], rng: random.Random) -> int:
        """Each rater rates someone else in the room (signed in its own ledger, as `nosedive rate` does)."""
        keys = {h: load_or_create(paths.key_path(self.data[h])) for h in self.hosts[:-1]}  # not the latecomer
        for host in raters:
            subject = rng.choice([h for h in keys if h != host and h in self.procs])
            with Ledger(paths.ledger_path(self.data[host])) as ledger:
                room = ledger.rooms()[0].id
                body = {"subject": keys[subject].public_hex, "stars": rng.randint(1, 5)}
                ledger.append(keys[host], room, "rate", body)
        return len(raters)

    def rating_size(self) -> int:
        with Ledger(paths.ledger_path(self.data[self.hosts[0]])) as ledger:
            sizes = [len(m.raw) for _, m in ledger.messages(ledger.rooms()[0].id, types=["rate"])]
        return round(statistics.median(sizes)) if sizes else 0


def run_once(n: int, stagger: float, timeout: float, seed: int, keep: bool = False) -> dict[str, object]:
    rng = random.Random(seed)
    hosts = _host_names(n + 1)  # the last one is the latecomer
    crowd, latecomer = list(hosts[:n]), hosts[n]
    result: dict[str, object] = {"n": n, "seed": seed, "load_before": [round(x, 2) for x in os.getloadavg()],
                                 "verify_per_s": round(verify_rate())}
    lab = open_lab(hosts)
    base = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    room = Class(lab, base, hosts)
    try:
        bridge_before = _bridge_rx_bytes(lab)
        first = time.monotonic()
        room.start(crowd[0], "--create-room", "Classroom")
        line = wait_for(lambda: [ln for ln in room.logs[crowd[0]].read_text().splitlines()
                                 if ln.startswith("join code ")], 20, interval=0.1)
        if not line:
            raise RuntimeError(f"the host showed no join code:\n{room.logs[crowd[0]].read_text()[-3000:]}")
        code = line[0].split()[-1]
        opened = time.monotonic()
        for host, offset in zip(crowd[1:], sorted(rng.uniform(0, stagger) for _ in crowd[1:]), strict=True):
            time.sleep(max(0.0, opened + offset - time.monotonic()))
            room.start(host, "--code", code)
        everyone = 1 + n  # the genesis and a profile per person
        joined_at: dict[str, float] = {}  # when its ledger first held the room (let in: it has the genesis)
        complete_at: dict[str, float] = {}  # when it held everyone's profile

        def all_in() -> bool:
            now = time.monotonic()
            for host, count in room.counts([h for h in crowd if h not in complete_at]).items():
                if count >= 1:
                    joined_at.setdefault(host, now)
                if count >= everyone:
                    complete_at[host] = now
            return len(complete_at) == n
        wait_for(all_in, timeout, interval=0.2)
        joins = [joined_at[h] - room.started[h] for h in joined_at]
        result["everyone_in_s"] = round(max(complete_at.values()) - first, 1) if len(complete_at) == n else None
        result["join_s_max"] = round(max(joins), 2) if joins else None
        result["join_s_median"] = round(statistics.median(joins), 2) if joins else None
        result["never_joined"] = n - len(joined_at)
        if len(complete_at) < n:
            result["never_joined_log"] = next(room.logs[h].read_text()[-1500:] for h in crowd if h not in complete_at)
            return result
        time.sleep(2.0)  # the joins' echoes settle
        idle_from, idle_bytes = time.monotonic(), _bridge_rx_bytes(lab)
        time.sleep(3.0)
        idle_rate = (_bridge_rx_bytes(lab) - idle_bytes) / (time.monotonic() - idle_from)
        result["idle_bytes_per_s"] = round(idle_rate)
        target = everyone
        per_rating: list[int] = []
        for index in (1, 2):
            before, began = _bridge_rx_bytes(lab), time.monotonic()
            cpu_before = sum(_cpu_s(p.pid) for p in room.procs.values())
            target += room.rate_round(crowd, rng)
            signed = time.monotonic()
            ok = wait_for(lambda goal=target: all(c >= goal for c in room.counts(crowd).values()),  # type: ignore[misc]
                          timeout, interval=0.1)
            result[f"round{index}_converged_s"] = round(time.monotonic() - signed, 2) if ok else None
            spent_cpu = sum(_cpu_s(p.pid) for p in room.procs.values()) - cpu_before
            result[f"round{index}_cpu_share_of_two_cores"] = round(spent_cpu / (2 * (time.monotonic() - began)), 2)
            time.sleep(max(0.0, signed + 5.0 - time.monotonic()))  # pushes still queued count too
            spent = _bridge_rx_bytes(lab) - before - idle_rate * (time.monotonic() - began)
            per_rating.append(round(spent / n))
        result["bytes_per_rating"] = per_rating
        size = room.rating_size()
        result["rating_bytes"] = size
        result["bytes_per_rating_over_n_size"] = [round(b / (n * size), 2) for b in per_rating] if size else None
        # Faults: two laptops die (no goodbye), the others rate meanwhile, the two come back, a latecomer.
        victims = rng.sample(crowd[1:], 2)
        for host in victims:
            room.kill(host)
        alive = [h for h in crowd if h not in victims]
        target += room.rate_round(alive, rng)
        wait_for(lambda: all(c >= target for c in room.counts(alive).values()), timeout, interval=0.1)
        back = time.monotonic()
        for host in victims:
            room.start(host)  # its data holds the room: it re-enters it
        room.start(latecomer, "--code", code)
        target += 1  # the latecomer's profile
        caught_up: dict[str, float] = {}

        def all_caught_up() -> bool:
            for host, count in room.counts([h for h in hosts if h not in caught_up]).items():
                if count >= target:
                    caught_up[host] = time.monotonic() - back
            return len(caught_up) == len(hosts)
        ok = wait_for(all_caught_up, timeout, interval=0.1)
        result["after_faults_and_latecomer_s"] = round(max(caught_up.values()), 2) if ok else None
        result["restarted_caught_up_s"] = [round(caught_up[h], 2) if h in caught_up else None for h in victims]
        result["latecomer_in_s"] = round(caught_up[latecomer], 2) if latecomer in caught_up else None
        pids = {h: p.pid for h, p in room.procs.items() if p.poll() is None}
        result["exited_early"] = len(hosts) - len(pids)
        originals = [h for h in crowd if h not in victims and h in pids]
        lasted = time.monotonic() - first
        cpu = [_cpu_s(pids[h]) for h in originals]
        result["cpu_s_per_node_median"] = round(statistics.median(cpu), 1) if cpu else None
        result["cpu_s_per_node_max"] = round(max(cpu), 1) if cpu else None
        result["cpu_share_of_one_core_median"] = round(statistics.median(cpu) / lasted, 3) if cpu else None
        rss = [_rss_mb(pid) for pid in pids.values()]
        result["rss_mb_median"] = round(statistics.median(rss), 1) if rss else None
        result["rss_mb_max"] = round(max(rss), 1) if rss else None
        datagrams = sum(_udp_out(pid) for pid in pids.values())
        result["mdns_datagrams"] = datagrams
        result["mdns_datagrams_per_node_per_min"] = round(datagrams / len(pids) / (lasted / 60), 1) if pids else None
        result["bridge_mb_total"] = round((_bridge_rx_bytes(lab) - bridge_before) / 1e6, 2)
        result["run_s"] = round(lasted, 1)
        return result
    finally:
        result["load_after"] = [round(x, 2) for x in os.getloadavg()]
        lab.close()
        if not keep and all(value is not None for value in result.values()) and not result.get("never_joined"):
            shutil.rmtree(base, ignore_errors=True)
        else:
            result["logs"] = str(base)  # kept for a look


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 20, 30, 40], help="class sizes (2 to 60)")
    parser.add_argument("--runs", type=int, default=1, help="runs per class size (1 to 50)")
    parser.add_argument("--stagger", type=float, default=10.0, help="seconds over which the laptops open")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each phase (≤ 300)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the nodes' data and logs (path printed)")
    args = parser.parse_args()
    if any(not 2 <= n <= 60 for n in args.n) or not 1 <= args.runs <= 50 or not 0 < args.timeout <= 300:
        parser.error("--n each from 2 to 60, --runs from 1 to 50, --timeout up to 300 s")
    reason = unavailable_reason()
    if reason is not None:
        print(f"skipped: {reason}")
        return
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)  # also when started in the background, where SIGINT is ignored
    remove_own_leftovers()
    with neighbour_room(max(args.n)) as thresholds:
        overflow_before = overflow_lines()
        print(json.dumps({"gc_thresh": thresholds, "dmesg_overflow_lines_before": overflow_before}), flush=True)
        for n in args.n:
            for run in range(args.runs):
                try:
                    result = run_once(n, args.stagger, args.timeout, seed + 1000 * n + run, args.keep)
                except LabUnavailable as exc:
                    print(f"skipped: {exc}")
                    return
                now = overflow_lines()
                result["neighbour_overflows"] = None if now is None or overflow_before is None \
                    else now - overflow_before
                overflow_before = now
                log = result.pop("never_joined_log", None)
                print(json.dumps({"run": run + 1, **result}), flush=True)
                if log:
                    print(f"--- a node that never joined, last lines:\n{log}", flush=True)


if __name__ == "__main__":
    main()
