"""Peer addresses: parsing what people type, and the persistent cache of known peers.

The cache (``peers.json`` in the data directory) maps a peer's key to the last
addresses where a handshake with it succeeded; a node tries them first on start,
which is what keeps a room together where multicast is blocked.
"""
from __future__ import annotations

import ipaddress
import json
import time
from pathlib import Path
from typing import Any

from nosedive.core.atomic import write_atomic
from nosedive.core.errors import StorageError, UsageError
from nosedive.core.i18n import _

MAX_CACHED_PEERS = 200
MAX_ADDRESSES_PER_PEER = 4


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (IPv4 or a host name) → (host, port), with a clear error."""
    host, sep, port_text = text.strip().rpartition(":")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise UsageError(_("{text!r} is not HOST:PORT (e.g. 192.168.1.20:41234); the other screen shows it").format(
            text=text))
    if host.startswith("[") or host.count(":"):
        raise UsageError(_("{text!r}: only IPv4 addresses or host names are supported").format(text=text))
    return host, int(port_text)


def format_address(host: str, port: int) -> str:
    return f"{host}:{port}"


class PeerCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, dict[str, Any]] = self._load()

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing or corrupt: start afresh (it is only a hint)
        if not isinstance(data, dict):
            return {}
        clean: dict[str, dict[str, Any]] = {}
        for key, entry in data.items():
            if isinstance(key, str) and len(key) == 64 and isinstance(entry, dict):
                addresses = [a for a in entry.get("addresses", []) if isinstance(a, str) and _valid(a)]
                if addresses:
                    clean[key] = {"addresses": addresses[:MAX_ADDRESSES_PER_PEER], "seen": int(entry.get("seen", 0))}
        return clean

    def addresses(self) -> list[tuple[str, int]]:
        """Every cached address, most recently seen peers first."""
        ordered = sorted(self._entries.values(), key=lambda e: -e["seen"])
        return [parse_address(a) for entry in ordered for a in entry["addresses"]]

    def remember(self, key: str, host: str, port: int) -> None:
        address = format_address(host, port)
        entry = self._entries.setdefault(key, {"addresses": [], "seen": 0})
        entry["addresses"] = [address] + [a for a in entry["addresses"] if a != address][:MAX_ADDRESSES_PER_PEER - 1]
        entry["seen"] = int(time.time())
        if len(self._entries) > MAX_CACHED_PEERS:
            oldest = min(self._entries, key=lambda k: self._entries[k]["seen"])
            del self._entries[oldest]
        self._save()

    def _save(self) -> None:
        try:  # only a hint: a full disk keeps the previous file and costs nothing else
            write_atomic(self.path, json.dumps(self._entries, indent=1).encode("utf-8"), mode=0o600)
        except StorageError:
            pass


def _valid(address: str) -> bool:
    try:
        host, _ = parse_address(address)
        ipaddress.IPv4Address(host)
    except (UsageError, ValueError):
        return False
    return True
