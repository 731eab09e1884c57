"""A class opening its laptops: N real ``nosedive node`` processes, each in its own network namespace on
one bridge, finding each other with real mDNS; then one round of ratings.

Prints, per N: time until everyone is in (every ledger holds the genesis and every profile), the
round's convergence time, bytes on the bridge per rating (what the hosts sent into it, from the veths'
counters), RSS per node, and how many nodes never joined. Root only (skips with a reason otherwise);
the namespaces and processes are removed even on failure or Ctrl+C.

    python benchmarks/bench_crowd.py [--nodes 10 20] [--stagger 10] [--timeout 60]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.net.netns import Lab, LabUnavailable, open_lab, wait_for


def _host_names(n: int) -> tuple[str, ...]:
    """n00, n01, …: never a single letter, as 'vf' (the bridge-side veth of host f) is a keyword to ip."""
    return tuple(f"n{i:02d}" for i in range(n))


def _count(data: Path) -> int:
    """Messages in a node's ledger, read directly (a CLI call per node per poll is too slow for a crowd)."""
    try:
        with sqlite3.connect(f"file:{data / 'ledger.sqlite3'}?mode=ro", uri=True, timeout=1) as db:
            return int(db.execute("SELECT count(*) FROM messages").fetchone()[0])
    except sqlite3.Error:
        return 0


def _bridge_rx_bytes(lab: Lab) -> int:
    """Bytes the hosts sent into the bridge: rx of the bridge-side veth ends."""
    out = subprocess.run(["ip", "-n", lab.namespace("br"), "-j", "-s", "link", "show"], capture_output=True,
                         text=True, timeout=10, check=True).stdout
    return sum(link["stats64"]["rx"]["bytes"] for link in json.loads(out) if link["ifname"].startswith("v"))


def _rss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(match.group(1)) / 1024 if match else 0.0


def run_once(n: int, stagger: float, timeout: float) -> dict[str, object]:
    hosts = _host_names(n)
    lab = open_lab(hosts)
    base = Path(tempfile.mkdtemp(prefix="bench-crowd-"))
    try:
        data = {h: base / f"data-{h}" for h in hosts}
        logs = {h: base / f"node-{h}.log" for h in hosts}
        procs: dict[str, subprocess.Popen[str]] = {}

        def node(host: str, *room: str) -> subprocess.Popen[str]:
            data[host].mkdir()
            return lab.popen(host, [sys.executable, "-m", "nosedive.cli", "--data", str(data[host]), "node", *room,
                                    "--name", f"P{host}"], logs[host])

        started = time.monotonic()
        procs[hosts[0]] = node(hosts[0], "--create-room", "Crowd")
        code_line = wait_for(lambda: [ln for ln in logs[hosts[0]].read_text().splitlines()
                                      if ln.startswith("join code ")], 20, interval=0.1)
        if not code_line:
            raise RuntimeError(f"the host showed no join code:\n{logs[hosts[0]].read_text()[-3000:]}")
        code = code_line[0].split()[-1]
        offsets = sorted(random.uniform(0, stagger) for _ in hosts[1:])
        opened = time.monotonic()
        for host, offset in zip(hosts[1:], offsets, strict=True):
            time.sleep(max(0.0, opened + offset - time.monotonic()))
            procs[host] = node(host, "--code", code)
        everyone = 1 + n  # the genesis and a profile per person
        joined = wait_for(lambda: all(_count(data[h]) >= everyone for h in hosts), timeout, interval=0.25)
        join_time = time.monotonic() - started
        missing = [h for h in hosts if _count(data[h]) < everyone]
        result: dict[str, object] = {"n": n, "everyone_in_s": round(join_time, 1) if joined else None,
                                     "never_joined": len(missing)}
        if missing:
            result["never_joined_logs"] = {h: logs[h].read_text()[-1500:] for h in missing[:2]}
        time.sleep(2.0)  # let the joins' echoes settle before counting the round's bytes
        idle_from, idle_bytes = time.monotonic(), _bridge_rx_bytes(lab)
        time.sleep(2.0)
        idle_rate = (_bridge_rx_bytes(lab) - idle_bytes) / (time.monotonic() - idle_from)
        in_room = [h for h in hosts if h not in missing]
        before, rated = _bridge_rx_bytes(lab), time.monotonic()
        raters = [subprocess.Popen([sys.executable, "-m", "nosedive.cli", "--data", str(data[h]), "rate",
                                    f"P{hosts[0] if h != hosts[0] else hosts[1]}", "4"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for h in in_room]
        for proc in raters:
            proc.wait(60)
        signed = time.monotonic()  # N CLI processes at once on a small box take seconds to start
        result["ratings_signed_s"] = round(signed - rated, 2)
        target = everyone + len(in_room)
        converged = wait_for(lambda: all(_count(data[h]) >= target for h in in_room), timeout, interval=0.1)
        result["converged_after_last_signed_s"] = round(time.monotonic() - signed, 2) if converged else None
        time.sleep(max(0.0, signed + 5.0 - time.monotonic()))  # 5 s after the last signature: pushes still queued count
        window = time.monotonic() - rated
        round_bytes = _bridge_rx_bytes(lab) - before - idle_rate * window
        result["bytes_per_rating"] = round(round_bytes / max(1, len(in_room)))
        result["idle_bytes_per_s"] = round(idle_rate)
        rss = [_rss_mb(p.pid) for p in procs.values() if p.poll() is None]
        result["rss_mb_median"] = round(statistics.median(rss), 1) if rss else None
        result["rss_mb_max"] = round(max(rss), 1) if rss else None
        result["exited_early"] = sum(1 for p in procs.values() if p.poll() is not None)
        return result
    finally:
        lab.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[10, 20])
    parser.add_argument("--stagger", type=float, default=10.0, help="seconds over which the laptops open")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for joins and convergence")
    args = parser.parse_args()
    for n in args.nodes:
        if not 2 <= n <= 60:
            parser.error("--nodes: each N from 2 to 60")
        try:
            result = run_once(n, args.stagger, args.timeout)
        except LabUnavailable as exc:
            print(f"skipped: {exc}")
            return
        logs = result.pop("never_joined_logs", None)
        print(json.dumps(result))
        if logs:
            for host, text in logs.items():  # type: ignore[union-attr]
                print(f"--- {host} (never joined), last lines:\n{text}")


if __name__ == "__main__":
    main()
