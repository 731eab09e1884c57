"""Peers learned from peers: once a session opens, each side tells the other where its other peers listen.

``{"t":"peers","peers":["<key>@10.0.0.7:41234", …]}`` — at most :data:`MAX_GOSSIPED` strings, each a
peer's key (64 lower-case hex) ``@`` its IPv4 ``address:port``; a node dials only keys it has no link to
(never a second machine holding a key it is connected to already, e.g. a cloned one). A node that
found one member of its room (by mDNS, a typed address or its cache) so learns
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
_REFUSAL = (f"peers must list at most {MAX_GOSSIPED} peers as 'key@a.b.c.d:port' (a key of 64 lower-case hex, "
            f"IPv4, port 1 to 65535)")
_HEX = frozenset("0123456789abcdef")


def peers_frame(peers: Iterable[tuple[str, str, int]]) -> Send:
    """*peers*: (key, host, port) of where my other peers listen."""
    listed = sorted({f"{key}@{host}:{port}" for key, host, port in peers})[:MAX_GOSSIPED]
    return Send(control({"t": "peers", "peers": listed}))


def _peer(text: object) -> tuple[str, str, int] | None:
    if not isinstance(text, str) or len(text) > 64 + 1 + 21:
        return None
    key, at, address = text.partition("@")
    if not at or len(key) != 64 or not set(key) <= _HEX:
        return None
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    try:
        ip = ipaddress.IPv4Address(host)
    except ValueError:
        return None
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return None
    return key, str(ip), int(port)


def parse_peers(frame: dict[str, Any]) -> tuple[tuple[str, str, int], ...]:
    """The (key, host, port) of a ``peers`` frame, or a :class:`FrameError` with one clear sentence."""
    listed = frame.get("peers")
    if not isinstance(listed, list) or len(listed) > MAX_GOSSIPED:
        raise FrameError(_REFUSAL)
    peers = [_peer(item) for item in listed]
    if any(p is None for p in peers):
        raise FrameError(_REFUSAL)
    return tuple(p for p in peers if p is not None)
