"""A throwaway LAN made of Linux network namespaces, for real multicast (mDNS) between processes.

Layout for hosts ``a``, ``b``, ``c`` (``<pid>`` is this test process, so a crashed earlier run
cannot collide and its leftovers can be recognised)::

    nd-<pid>-br : bridge br0 with ports va, vb, vc       (no addresses)
    nd-<pid>-a  : lo, eth0 = 10.213.0.1/24, 224.0.0.0/4 via eth0
    nd-<pid>-b  : lo, eth0 = 10.213.0.2/24, ...
    nd-<pid>-c  : lo, eth0 = 10.213.0.3/24, ...

Every link is created directly inside its namespace (``ip link add … netns …``): nothing, not even
for a moment, is added to the root namespace, and no address exists outside these namespaces.
:meth:`Lab.close` (run from fixtures' teardown, also after failures) stops the processes started
in the lab and deletes the namespaces, which deletes their links.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "nd-"
SUBNET = "10.213.0"
_OURS = re.compile(rf"^{PREFIX}(\d+)-(br|[a-z])$")


class LabUnavailable(Exception):
    """This machine cannot build the lab; the message is the reason to skip."""


def unavailable_reason() -> str | None:
    """Why namespaces cannot be used here, or None."""
    if not sys.platform.startswith("linux"):
        return "network namespaces need Linux"
    if os.geteuid() != 0:
        return "needs root to create network namespaces (CI runs .ci/run as root)"
    if shutil.which("ip") is None:
        return "needs the 'ip' command (iproute2)"
    return None


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10)
    if check and done.returncode != 0:
        raise LabUnavailable(f"'ip {' '.join(args)}' failed: {done.stderr.strip() or done.returncode}")
    return done


def _namespaces() -> list[str]:
    listing = _ip("netns", "list", check=False).stdout
    return [line.split()[0] for line in listing.splitlines() if line.strip()]


def _kill_inside(namespace: str) -> None:
    pids = _ip("netns", "pids", namespace, check=False).stdout.split()
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass


def remove_leftovers() -> list[str]:
    """Delete namespaces of this prefix left by runs whose process is gone (or by this pid)."""
    removed = []
    for name in _namespaces():
        match = _OURS.match(name)
        if match is None:
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or not Path(f"/proc/{pid}").exists():
            _kill_inside(name)
            _ip("netns", "del", name, check=False)
            removed.append(name)
    return removed


@dataclass
class Lab:
    """Hosts joined by one bridge; run commands inside them with :meth:`popen` / :meth:`run`."""

    hosts: tuple[str, ...]
    tag: str = field(default_factory=lambda: f"{PREFIX}{os.getpid()}")
    procs: list[subprocess.Popen[str]] = field(default_factory=list)

    def namespace(self, host: str) -> str:
        return f"{self.tag}-{host}"

    def address(self, host: str) -> str:
        return f"{SUBNET}.{self.hosts.index(host) + 1}"

    def create(self) -> None:
        bridge = self.namespace("br")
        _ip("netns", "add", bridge)
        _ip("-n", bridge, "link", "add", "br0", "type", "bridge")
        _ip("-n", bridge, "link", "set", "br0", "up")
        for host in self.hosts:
            ns = self.namespace(host)
            _ip("netns", "add", ns)
            _ip("link", "add", f"v{host}", "netns", bridge, "type", "veth", "peer", "name", "eth0", "netns", ns)
            _ip("-n", bridge, "link", "set", f"v{host}", "master", "br0", "up")
            _ip("-n", ns, "link", "set", "lo", "up")
            _ip("-n", ns, "addr", "add", f"{self.address(host)}/24", "dev", "eth0")
            _ip("-n", ns, "link", "set", "eth0", "up")
            _ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0")

    def add_decoy(self, host: str, interface: str, cidr: str) -> None:
        """An address discovery must not advertise: on a link named ``interface`` (one end of a
        veth pair kept inside the namespace: works without the dummy module), or on ``eth0``."""
        ns = self.namespace(host)
        if interface != "eth0":
            _ip("-n", ns, "link", "add", interface, "type", "veth", "peer", "name", f"p-{interface}")
            for name in (interface, f"p-{interface}"):
                _ip("-n", ns, "link", "set", name, "up")
        _ip("-n", ns, "addr", "add", cidr, "dev", interface)

    def popen(self, host: str, argv: Sequence[str], log: Path, **kwargs: object) -> subprocess.Popen[str]:
        """Start argv inside host's namespace, stdout and stderr appended to ``log``."""
        out = open(log, "a", encoding="utf-8")
        proc = subprocess.Popen(["ip", "netns", "exec", self.namespace(host), *argv], stdout=out,
                                stderr=subprocess.STDOUT, text=True, env=_child_env(), **kwargs)  # type: ignore[call-overload]
        out.close()  # the child holds its own descriptor
        self.procs.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[str], timeout: float = 10.0) -> int:
        """SIGTERM, then SIGKILL after ``timeout`` seconds; returns the exit code."""
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        return proc.returncode

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(5)
        for host in (*self.hosts, "br"):
            ns = self.namespace(host)
            _kill_inside(ns)
            _ip("netns", "del", ns, check=False)


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOSEDIVE_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def open_lab(hosts: tuple[str, ...] = ("a", "b", "c")) -> Lab:
    """Build the lab, or raise :class:`LabUnavailable` (having removed whatever was half made)."""
    reason = unavailable_reason()
    if reason is not None:
        raise LabUnavailable(reason)
    remove_leftovers()
    lab = Lab(hosts)
    try:
        lab.create()
    except BaseException:
        lab.close()
        raise
    return lab


def wait_for(predicate, timeout: float, interval: float = 0.1):  # type: ignore[no-untyped-def]
    """Poll ``predicate()`` until it returns something truthy or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def tail(path: Path, lines: int = 60) -> str:
    """The end of a log file, for failure messages."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return f"(no log at {path})"
    return "\n".join(text[-lines:])
