"""Real mDNS between three hosts: Linux network namespaces joined by a bridge (see netns.py).

1. Three processes using :class:`nosedive.net.discovery.Discovery` find each other, see a TXT
   update, and see a goodbye — nothing of the node involved. One host also has a container
   bridge, a VPN and a link-local address, which must not be advertised.
2. Three ``nosedive node`` processes: Alice creates a room, Bob and Carol join it with its *join
   code* (``--code``), finding Alice's node through mDNS by the code's plate; ratings scripted
   with the CLI on their data directories replicate until all three print the same score-table
   hash and hold the same number of messages.

Skipped where namespaces cannot be made (not root, no ``ip``); run by ``.ci/run`` as root.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .netns import Lab, LabUnavailable, open_lab, tail, wait_for

pytestmark = pytest.mark.netns

HOSTS = ("a", "b", "c")


@pytest.fixture
def lab() -> Iterator[Lab]:
    try:
        lab = open_lab(HOSTS)
    except LabUnavailable as exc:
        pytest.skip(f"no network namespaces: {exc}")
    try:
        yield lab
    finally:
        lab.close()


def _lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []


def _logs(logs: dict[str, Path]) -> str:
    return "\n".join(f"--- {host} ({path}) ---\n{tail(path)}" for host, path in logs.items())


# ------------------------------------------------------------ 1. discovery alone
PROBE = r"""
import asyncio, sys, time
from nosedive.net.discovery import Discovery

async def main(tag):
    start, loop = time.monotonic(), asyncio.get_running_loop()
    def on_peer(h):
        print(f"peer {h.tag} {h.name} {','.join(h.addresses)} {h.port} {time.monotonic() - start:.2f}", flush=True)
    def on_gone(h):
        print(f"gone {h.tag}", flush=True)
    d = Discovery(port=4000, name="Lounge", plate=7, tag=tag, on_peer=on_peer, on_gone=on_gone)
    print("addresses " + ",".join(d.addresses), flush=True)
    await d.start()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while (line := (await reader.readline()).decode().strip()) not in ("stop", ""):
        if line.startswith("rename "):
            await d.update(name=line[7:], plate=7, tag=tag)
    await d.stop()
    print("stopped", flush=True)

asyncio.run(main(sys.argv[1]))
"""


def test_three_namespaces_discover_each_other(lab: Lab, tmp_path: Path) -> None:
    keys = {host: host * 16 for host in HOSTS}  # 'a' * 16 …: a room tag per host
    for interface, cidr in (("docker0", "172.17.0.1/16"), ("wg0", "10.66.0.2/24"), ("eth0", "169.254.10.1/16")):
        lab.add_decoy("a", interface, cidr)  # a container bridge, a VPN, link-local: never advertised
    logs = {host: tmp_path / f"probe-{host}.log" for host in HOSTS}
    procs = {host: lab.popen(host, [sys.executable, "-X", "dev", "-c", PROBE, keys[host]], logs[host],
                             stdin=subprocess.PIPE) for host in HOSTS}

    def peers(host: str, name: str = "Lounge") -> dict[str, list[str]]:
        found = {}
        for line in _lines(logs[host]):
            if line.startswith("peer ") and line.split()[2] == name:
                found[line.split()[1]] = line.split()
        return found

    def everyone_sees(name: str) -> bool:
        return all(set(peers(h, name)) == {keys[o] for o in HOSTS if o != h} for h in HOSTS)

    assert wait_for(lambda: everyone_sees("Lounge"), 20), f"not everyone was found within 20 s\n{_logs(logs)}"
    for host in HOSTS:
        assert _lines(logs[host])[0] == f"addresses {lab.address(host)}", _logs(logs)
        for other in HOSTS:
            if other != host:
                _, _, _, address, port, seconds = peers(host)[keys[other]]
                assert (address, port) == (lab.address(other), "4000"), _logs(logs)
                print(f"{host} found {other} after {seconds} s")

    procs["b"].stdin.write("rename Den\n")  # type: ignore[union-attr]
    procs["b"].stdin.flush()  # type: ignore[union-attr]
    assert wait_for(lambda: all(keys["b"] in peers(h, "Den") for h in ("a", "c")), 10), \
        f"the TXT update from b did not arrive within 10 s\n{_logs(logs)}"

    procs["a"].communicate("stop\n", timeout=15)
    assert wait_for(lambda: all(f"gone {keys['a']}" in _lines(logs[h]) for h in ("b", "c")), 10), \
        f"a's goodbye did not arrive within 10 s\n{_logs(logs)}"
    for host in ("b", "c"):
        procs[host].communicate("stop\n", timeout=15)
    for host in HOSTS:
        text = logs[host].read_text()
        assert procs[host].returncode == 0 and text.endswith("stopped\n"), _logs(logs)
        assert "Traceback" not in text and "Task was destroyed" not in text and "Error" not in text, _logs(logs)


# ------------------------------------------------------------ 2. three nodes converge
def _cli(data: Path, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nosedive.cli", "--data", str(data), *args],
                          capture_output=True, text=True, timeout=timeout)


def _state(data: Path) -> tuple[str, int] | None:
    """(score-table hash line, number of messages) as the CLI reads this data directory, or None."""
    scores, log = _cli(data, "scores", "--hash"), _cli(data, "log", "-n", "0")
    hashes = [line for line in scores.stdout.splitlines() if line.startswith("table hash ")]
    if scores.returncode != 0 or log.returncode != 0 or len(hashes) != 1:
        return None
    return hashes[0], len(log.stdout.splitlines())


NAMES = {"a": "Alice", "b": "Bob", "c": "Carol"}
RATINGS = [("a", "Bob", 5), ("a", "Carol", 2), ("b", "Alice", 4), ("b", "Carol", 1),
           ("c", "Alice", 5), ("c", "Bob", 3), ("a", "Bob", 4)]


@pytest.mark.slow
def test_three_nodes_join_with_the_code_and_converge(lab: Lab, tmp_path: Path) -> None:
    data = {host: tmp_path / f"data-{host}" for host in HOSTS}
    logs = {host: tmp_path / f"node-{host}.log" for host in HOSTS}
    for path in data.values():
        path.mkdir()

    def node(host: str, *room: str) -> subprocess.Popen[str]:  # the room: --create-room NAME or --code CODE
        return lab.popen(host, [sys.executable, "-m", "nosedive.cli", "--data", str(data[host]), "node", *room,
                                "--name", NAMES[host]], logs[host])

    def listening(host: str) -> bool:
        return any(re.match(r"node \S+ listening on port \d+", line) for line in _lines(logs[host]))

    started = time.monotonic()
    procs = {"a": node("a", "--create-room", "Lounge")}
    assert wait_for(lambda: listening("a"), 20), f"Alice's node did not start\n{_logs(logs)}"
    codes = [line.split()[-1] for line in _lines(logs["a"]) if line.startswith("join code ")]
    assert len(codes) == 1, f"Alice's node showed no join code\n{_logs(logs)}"
    procs |= {host: node(host, "--code", codes[0]) for host in ("b", "c")}

    def states() -> dict[str, tuple[str, int] | None]:
        for host, proc in procs.items():
            assert proc.poll() is None, f"{NAMES[host]}'s node exited with {proc.returncode}\n{_logs(logs)}"
        return {host: _state(data[host]) for host in HOSTS}

    def converged(messages: int) -> dict[str, tuple[str, int] | None] | None:
        now = states()
        values = set(now.values())
        return now if len(values) == 1 and None not in values and now["a"][1] == messages else None  # type: ignore[index]

    genesis_and_profiles = 4
    joined = wait_for(lambda: converged(genesis_and_profiles), 30, interval=0.5)
    assert joined, f"Bob and Carol did not join 'Lounge' with its code within 30 s: {states()}\n{_logs(logs)}"
    print(f"three nodes joined one room in {time.monotonic() - started:.1f} s")

    for host, person, stars in RATINGS:
        done = _cli(data[host], "rate", person, str(stars))
        assert done.returncode == 0, f"{NAMES[host]} could not rate {person}: {done.stderr}\n{_logs(logs)}"
    rated = time.monotonic()
    final = wait_for(lambda: converged(genesis_and_profiles + len(RATINGS)), 30, interval=0.5)
    assert final, f"the ratings did not converge within 30 s: {states()}\n{_logs(logs)}"
    assert final["a"] != joined["a"], "the ratings did not change the score table"
    print(f"ratings converged {time.monotonic() - rated:.1f} s after the last one")

    for host in HOSTS:
        assert lab.stop(procs[host]) == 0, f"{NAMES[host]}'s node did not stop cleanly\n{_logs(logs)}"
        text = logs[host].read_text()
        assert "Traceback" not in text and "Task was destroyed" not in text, _logs(logs)
