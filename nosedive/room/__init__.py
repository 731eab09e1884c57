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
from nosedive.room.facilitation import round_info
from nosedive.room.snapshot import Announcement, DiscoveredRoom, FeedItem, Person, RoomSnapshot, RoundInfo
from nosedive.room.view import RoomView, ViewChange

__all__ = [
    "Announcement", "RoundInfo", "round_info",
    "DiscoveredRoom", "FeedItem", "NoPeersFound", "NodeError", "NodeEvent", "PeerDown", "PeerUp", "Person",
    "RatedYou", "RoomSnapshot", "RoomView", "RoomsDiscovered", "SnapshotChanged", "ViewChange",
]
