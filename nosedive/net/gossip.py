"""Peers learned from peers: once a session opens, each side tells the other where its other peers listen.

``{"t":"peers","peers":["10.0.0.7:41234", …]}`` — at most :data:`MAX_GOSSIPED` IPv4 ``address:port``
strings. A node that found one member of its room (by mDNS, a typed address or its cache) so learns
where the others are and dials them itself: where multicast is lost or late, one link is enough to
reach everyone. Nothing here is trusted but as a hint: a dial still proves the room's secret.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from nosedive.net.events import Send
from nosedive.net.frames import FrameError, control

__all__ = ["MAX_GOSSIPED", "parse_peers", "peers_frame"]

MAX_GOSSIPED = 64
_REFUSAL = f"peers must list at most {MAX_GOSSIPED} addresses as 'a.b.c.d:port' (IPv4, port 1 to 65535)"


def peers_frame(addresses: Iterable[tuple[str, int]]) -> Send:
    listed = sorted({f"{host}:{port}" for host, port in addresses})[:MAX_GOSSIPED]
    return Send(control({"t": "peers", "peers": listed}))


def _address(text: object) -> tuple[str, int] | None:
    if not isinstance(text, str) or len(text) > 21:
        return None
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    try:
        ip = ipaddress.IPv4Address(host)
    except ValueError:
        return None
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return None
    return str(ip), int(port)


def parse_peers(frame: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    """The addresses of a ``peers`` frame, or a :class:`FrameError` with one clear sentence."""
    listed = frame.get("peers")
    if not isinstance(listed, list) or len(listed) > MAX_GOSSIPED:
        raise FrameError(_REFUSAL)
    addresses = [_address(item) for item in listed]
    if any(a is None for a in addresses):
        raise FrameError(_REFUSAL)
    return tuple(a for a in addresses if a is not None)
