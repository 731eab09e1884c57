"""What a session tells its adapter: frozen values, one class per kind of news."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Authenticated", "Closed", "Event", "Received", "ReceivedFork", "RoomAdvert", "Send"]


@dataclass(frozen=True)
class Send:
    """Bytes (one or more whole frames) to write to the peer."""

    data: bytes


@dataclass(frozen=True)
class Authenticated:
    """The handshake completed: the peer proved it holds *peer_key*."""

    peer_key: str
    peer_name: str
    peer_port: int


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
class RoomAdvert:
    """The answer to a lobby hello: which room the peer is in."""

    room_id: str
    name: str
    facilitator: str
    people: int


@dataclass(frozen=True)
class Closed:
    """The session ended; always the last event a session emits."""

    reason: str  # one line a facilitator can read in the log
    code: str  # machine-readable: wrong-room, self, weak-key, version, bad-auth, timeout, …
    by_peer: bool = False


Event = Send | Authenticated | Received | ReceivedFork | RoomAdvert | Closed
