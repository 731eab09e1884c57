"""Which room the node is in: the one chosen at start, and the rooms it hears of on the LAN."""
from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

from nosedive.core.errors import UsageError
from nosedive.ledger.store import RoomRecord
from nosedive.node.bus import EventBus
from nosedive.node.config import NodeConfig
from nosedive.node.tasks import TaskSet
from nosedive.room.events import NodeError, RoomsDiscovered
from nosedive.room.resolve import match_rooms
from nosedive.room.snapshot import DiscoveredRoom

HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class StartRoom:
    """What to do at start; at most one field is set (none: wait to be told)."""

    create: str | None = None  # create a room with this name
    enter: str | None = None  # a room id: held here, or its genesis will come from the peers
    seek: str | None = None  # a name (or id prefix) to look for among the rooms on the LAN


def choose_start_room(config: NodeConfig, local: Iterable[RoomRecord], last_used: str | None) -> StartRoom:
    """The room to start in: the one to create, else the one asked for, else the last one used."""
    if config.create_room:
        return StartRoom(create=config.create_room)
    wanted = config.room or last_used
    if wanted is None:
        return StartRoom()
    matches = match_rooms(((room.id, room.name) for room in local), wanted)
    if len(matches) > 1:
        raise UsageError(f"several rooms here are called {wanted!r}; pass the room id instead")
    if matches:
        return StartRoom(enter=matches[0])
    if len(wanted) == 64 and set(wanted.lower()) <= HEX:
        return StartRoom(enter=wanted.lower())
    return StartRoom(seek=wanted)


class RoomFinder:
    """The rooms seen on the LAN (mDNS hints, peers' room adverts), and the one being looked for."""

    def __init__(self, bus: EventBus, tasks: TaskSet, join: Callable[[str], Coroutine[Any, Any, None]]) -> None:
        self._bus, self._tasks, self._join = bus, tasks, join
        self._rooms: dict[str, DiscoveredRoom] = {}
        self.seeking: str | None = None  # what the person typed, until a room matches it

    def discovered(self) -> tuple[DiscoveredRoom, ...]:
        return tuple(sorted(self._rooms.values(), key=lambda r: (r.name.casefold(), r.room_id)))

    def learn(self, room: DiscoveredRoom) -> None:
        """Merge what is now known of *room*; join it if it is the one being looked for."""
        self._rooms[room.room_id] = _merged(self._rooms.get(room.room_id), room)
        self._bus.emit(RoomsDiscovered(self.discovered()))
        if self.seeking is None:
            return
        matches = match_rooms(((r.room_id, r.name) for r in self._rooms.values()), self.seeking)
        if len(matches) > 1:
            listing = ", ".join(room_id[:12] for room_id in matches)
            self._bus.emit(NodeError(f"two rooms are called {self.seeking!r} ({listing}); "
                                     "start again with the room id instead of its name"))
            self.seeking = None
        elif matches:
            self._tasks.spawn(self._join(matches[0]), name=f"join {matches[0][:12]}")


def _merged(known: DiscoveredRoom | None, heard: DiscoveredRoom) -> DiscoveredRoom:
    known = known or DiscoveredRoom(heard.room_id, "")
    return DiscoveredRoom(
        heard.room_id,
        heard.name or known.name,  # an empty hint never hides a known name
        heard.facilitator or known.facilitator,
        max(heard.people, known.people),
        tuple(sorted(set(heard.peers) | set(known.peers))),
    )
