"""Events a running node publishes, besides fresh snapshots. All frozen."""
from __future__ import annotations

from dataclasses import dataclass

from nosedive.room.snapshot import DiscoveredRoom, FeedItem, RoomSnapshot


@dataclass(frozen=True)
class SnapshotChanged:
    snapshot: RoomSnapshot


@dataclass(frozen=True)
class RatedYou:
    item: FeedItem  # someone rated me


@dataclass(frozen=True)
class PeerUp:
    key: str
    address: str


@dataclass(frozen=True)
class PeerDown:
    key: str
    reason: str


@dataclass(frozen=True)
class NoPeersFound:
    """Nobody found after a while: say what to do, and which address to give others."""

    seconds: float
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class RoomsDiscovered:
    rooms: tuple[DiscoveredRoom, ...]


@dataclass(frozen=True)
class NodeError:
    text: str  # one line for a person: what went wrong and what to do
    code: str = ""  # for programs: wrong-code, throttled, no-room, no-secret, … ("" for anything else)
    retry_after: float = 0.0  # seconds, with code "throttled"


NodeEvent = SnapshotChanged | RatedYou | PeerUp | PeerDown | NoPeersFound | RoomsDiscovered | NodeError
