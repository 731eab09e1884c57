"""What a session tells its adapter: frozen values, one class per kind of news."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_REASON_CHARS", "Authenticated", "Closed", "Event", "PeerAddresses", "Received", "ReceivedFork", "Send",
           "TreeSignal", "Welcomed", "closed_by_peer"]

MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class Send:
    """Whole frames to write to the peer, *in the order the events came*.

    ``data`` is the frame as the protocol means it; what goes on the wire is
    ``Session.wire(send)``, called at the moment of writing: after the hellos
    that seals it, and sealed frames carry a counter, so frames may be dropped
    or reordered only *before* :meth:`~nosedive.net.session.Session.wire`.
    ``clear`` marks the few frames written as they are (the hellos, and
    refusals before any key exists).
    """

    data: bytes
    clear: bool = False


@dataclass(frozen=True)
class Authenticated:
    """The handshake completed: the peer proved it holds *peer_key*."""

    peer_key: str
    peer_name: str
    peer_port: int


@dataclass(frozen=True)
class Welcomed:
    """A join succeeded: the acceptor let us into *room_id*; keep the secret (it replaces the code).

    Emitted before :class:`Authenticated`; from here the session is a member session of the room.
    """

    room_id: str
    secret: bytes
    code: str


@dataclass(frozen=True)
class Received:
    """A batch of raw signed messages, not yet validated."""

    raws: list[bytes]


@dataclass(frozen=True)
class ReceivedFork:
    """A fork proof: two raw messages the peer says share an author and a seq."""

    raw_a: bytes
    raw_b: bytes


@dataclass(frozen=True)
class TreeSignal:
    """The peer's ``ihave``, ``graft`` or ``prune`` (:mod:`nosedive.net.plumtree`), validated: *have* maps
    authors to seqs (the authors whose tree the frame is about). A graft's backlog is planned already."""

    kind: str
    have: dict[str, int]


@dataclass(frozen=True)
class PeerAddresses:
    """Where the peer says its other peers listen (:mod:`nosedive.net.gossip`), validated: hints to dial.
    Each is (key, host, port)."""

    peers: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class Closed:
    """The session ended; always the last event a session emits."""

    reason: str  # one line a facilitator (or the person joining) can read
    code: str  # machine-readable: no-room, throttled, wrong-code, expelled, self, weak-key, bad-auth, bad-seal, …
    by_peer: bool = False
    retry_after: float = 0.0  # seconds, for code "throttled": when the peer accepts another try


Event = Send | Authenticated | Welcomed | Received | ReceivedFork | TreeSignal | PeerAddresses | Closed


def closed_by_peer(frame: dict[str, Any]) -> Closed:
    """The peer's ``error`` frame as the end of the session: its text and code bounded, any wait sane."""
    text = str(frame.get("text", ""))[:MAX_REASON_CHARS]
    code = str(frame.get("code", "error"))[:40]
    wait = frame.get("retry_after", 0)
    retry_after = float(min(max(wait, 0), 3600)) if type(wait) is int else 0.0
    return Closed(f"peer refused: {text}", code, by_peer=True, retry_after=retry_after)
