"""One room as people see it: the view fed by the ledger, its frozen snapshots, the node's events,
and the one resolver that turns typed text (a room name, a person) into ids."""
from nosedive.room.events import (
    NodeError,
    NodeEvent,
    NoPeersFound,
    PeerDown,
    PeerUp,
    RatedYou,
    RoomsDiscovered,
    SnapshotChanged,
)
from nosedive.room.snapshot import DiscoveredRoom, FeedItem, Person, RoomSnapshot
from nosedive.room.view import RoomView, ViewChange

__all__ = [
    "DiscoveredRoom", "FeedItem", "NoPeersFound", "NodeError", "NodeEvent", "PeerDown", "PeerUp", "Person",
    "RatedYou", "RoomSnapshot", "RoomView", "RoomsDiscovered", "SnapshotChanged", "ViewChange",
]
