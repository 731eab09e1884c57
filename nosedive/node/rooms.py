"""Which room the node is in: the one chosen at start, and the rooms it hears of on the LAN."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.ledger.store import RoomRecord
from nosedive.net.peers import format_address, parse_address
from nosedive.node.bus import EventBus
from nosedive.node.config import NodeConfig
from nosedive.room.events import NodeError, RoomsDiscovered
from nosedive.room.resolve import match_rooms
from nosedive.room.snapshot import DiscoveredRoom

if TYPE_CHECKING:  # zeroconf is imported only when discovery is on
    from nosedive.net.discovery import PeerHint

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
        raise UsageError(_("several rooms here are called {name!r}; pass the room id instead").format(name=wanted))
    if matches:
        return StartRoom(enter=matches[0])
    if len(wanted) == 64 and set(wanted.lower()) <= HEX:
        return StartRoom(enter=wanted.lower())
    return StartRoom(seek=wanted)


class RoomFinder:
    """The rooms advertised on the LAN (name and plate, by mDNS), and the name being looked for.

    A room is known by its members' tag; each keeps the addresses that advertise it. A name
    being looked for cannot be joined without its code: when it shows up, the person is told so.
    """

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._rooms: dict[str, tuple[str, int, frozenset[str]]] = {}  # tag -> (name, plate, addresses)
        self.seeking: str | None = None  # what the person typed, until a room of that name shows up

    def seek(self, name: str) -> None:
        """The person asked for a room this machine does not hold: only its code lets them in."""
        self.seeking = name
        self._bus.emit(NodeError(_("no room called {name!r} on this machine: to join a room, use the join code "
                                   "its facilitator shows (e.g. 7-guitar-harbor)").format(name=name), code="no-secret"))

    def discovered(self) -> tuple[DiscoveredRoom, ...]:
        rooms = (DiscoveredRoom(name, plate, tuple(sorted(peers))) for name, plate, peers in self._rooms.values())
        return tuple(sorted(rooms, key=lambda r: (r.name.casefold(), r.plate, r.peers)))

    def learn(self, hint: PeerHint) -> None:
        """A node advertising a room: note it, and tell the person if it is the one they look for."""
        before = self._rooms.get(hint.tag)
        after = (hint.name, hint.plate, (before[2] if before else frozenset()) | _addresses(hint))
        self._rooms[hint.tag] = after
        if after != before:  # mDNS repeats itself, forty nodes over: tell only what changed
            self._bus.emit(RoomsDiscovered(self.discovered()))
        if self.seeking is not None and hint.name.casefold() == self.seeking.casefold():
            self._bus.emit(NodeError(_("the room {name!r} is on this network: joining it needs its join code "
                                       "(the facilitator's screen shows it, e.g. 7-guitar-harbor)").format(
                name=hint.name), code="no-secret"))
            self.seeking = None

    def forget(self, hint: PeerHint) -> None:
        """A node stopped advertising (an mDNS goodbye)."""
        if hint.tag not in self._rooms:
            return
        name, plate, known = self._rooms[hint.tag]
        left = known - _addresses(hint)
        if left:
            self._rooms[hint.tag] = (name, plate, left)
        else:
            del self._rooms[hint.tag]
        self._bus.emit(RoomsDiscovered(self.discovered()))

    def with_plate(self, plate: int) -> list[tuple[str, tuple[str, int]]]:
        """(tag, address) of every node advertising a room whose code has this plate."""
        return [(tag, parse_address(address)) for tag, (_, room_plate, peers) in self._rooms.items()
                if room_plate == plate for address in sorted(peers)]


def _addresses(hint: PeerHint) -> frozenset[str]:
    return frozenset(format_address(address, hint.port) for address in hint.addresses)
