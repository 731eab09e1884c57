"""Helpers for the installation's tests (wall, kiosk): how a node joins the host's room.

With protocol v2 a node joins with the room's code (the snapshot carries it); before it, by the
room's id. Both are the host's to give, so the tests read whichever the host shows.
"""
from __future__ import annotations

from typing import Any

from nosedive.node.node import Node

from .conftest import FAST


def joining(host: Node) -> dict[str, Any]:
    """NodeConfig fields that make a node join *host*'s room over loopback."""
    snapshot = host.snapshot()
    assert snapshot is not None
    code = getattr(snapshot, "join_code", "")
    entry: dict[str, Any] = {"code": code} if code else {"room": host.room_id}
    return entry | {"peers": (("127.0.0.1", host.port),)}


def fast(**config: Any) -> dict[str, Any]:
    """The loopback timings of the UI tests, with *config* over them."""
    return dict(FAST, **config)
