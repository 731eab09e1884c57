"""Choosing the room at start, and the rooms heard of on the LAN (a name and a plate, nothing more)."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.core.errors import UsageError
from nosedive.ledger.store import RoomRecord
from nosedive.net.discovery import PeerHint
from nosedive.node.bus import EventBus
from nosedive.node.config import NodeConfig
from nosedive.node.rooms import RoomFinder, StartRoom, choose_start_room
from nosedive.room.events import NodeError, NodeEvent, RoomsDiscovered
from nosedive.room.snapshot import DiscoveredRoom

LOUNGE = "ab12cd" + "0" * 58
ATTIC = "ffeedd" + "1" * 58
HERE = [RoomRecord(LOUNGE, "Lounge", "c" * 64, 0, 3), RoomRecord(ATTIC, "Attic", "c" * 64, 0, 1)]


def config(**options: object) -> NodeConfig:
    return NodeConfig(data_dir=Path("unused"), **options)  # type: ignore[arg-type]


def test_creating_wins() -> None:
    assert choose_start_room(config(create_room="New", room="Lounge"), HERE, ATTIC) == StartRoom(create="New")


def test_a_local_room_by_name_id_or_id_prefix_in_any_case() -> None:
    assert choose_start_room(config(room="lounge"), HERE, None) == StartRoom(enter=LOUNGE)
    assert choose_start_room(config(room=ATTIC), HERE, None) == StartRoom(enter=ATTIC)
    assert choose_start_room(config(room="AB12CD"), HERE, None) == StartRoom(enter=LOUNGE)


def test_the_last_room_used_when_none_is_asked_for() -> None:
    assert choose_start_room(config(), HERE, ATTIC) == StartRoom(enter=ATTIC)
    assert choose_start_room(config(), HERE, None) == StartRoom()


def test_a_room_id_not_held_here_is_entered_its_genesis_comes_from_peers() -> None:
    unknown = "9" * 64
    assert choose_start_room(config(room=unknown), HERE, None) == StartRoom(enter=unknown)
    assert choose_start_room(config(room="AB" * 32), HERE, None) == StartRoom(enter="ab" * 32)


def test_a_name_not_held_here_is_sought_on_the_lan() -> None:
    assert choose_start_room(config(room="Library"), HERE, None) == StartRoom(seek="Library")


def test_two_local_rooms_with_one_name_are_refused() -> None:
    twins = [*HERE, RoomRecord("12" * 32, "lounge", "c" * 64, 0, 1)]
    with pytest.raises(UsageError, match="several rooms here are called 'Lounge'"):
        choose_start_room(config(room="Lounge"), twins, None)


def hint(name: str, plate: int, tag: str, *addresses: str, port: int = 4000) -> PeerHint:
    return PeerHint(name=name, plate=plate, tag=tag, addresses=addresses, port=port)


class Finder:
    def __init__(self) -> None:
        self.events: list[NodeEvent] = []
        bus = EventBus()
        bus.subscribe(self.events.append)
        self.finder = RoomFinder(bus)


def test_rooms_on_the_lan_are_a_name_and_a_plate_merged_by_tag() -> None:
    found = Finder()
    found.finder.learn(hint("Lounge", 7, "a" * 16, "10.0.0.2"))
    found.finder.learn(hint("Lounge", 7, "a" * 16, "10.0.0.3"))
    found.finder.learn(hint("Lounge", 12, "b" * 16, "10.0.0.4"))  # another room of the same name
    rooms = found.finder.discovered()
    assert rooms == (DiscoveredRoom("Lounge", 7, ("10.0.0.2:4000", "10.0.0.3:4000")),
                     DiscoveredRoom("Lounge", 12, ("10.0.0.4:4000",)))
    assert isinstance(found.events[-1], RoomsDiscovered) and found.events[-1].rooms == rooms
    assert found.finder.with_plate(7) == [("a" * 16, ("10.0.0.2", 4000)), ("a" * 16, ("10.0.0.3", 4000))]


def test_a_repeated_advert_is_not_news() -> None:
    found = Finder()
    for _ in range(3):  # mDNS answers again and again; forty nodes repeat each other
        found.finder.learn(hint("Lounge", 7, "a" * 16, "10.0.0.2"))
    assert len([e for e in found.events if isinstance(e, RoomsDiscovered)]) == 1
    found.finder.learn(hint("Lounge", 7, "a" * 16, "10.0.0.3"))  # a new address is a change
    assert len([e for e in found.events if isinstance(e, RoomsDiscovered)]) == 2


def test_a_goodbye_forgets_the_address_then_the_room() -> None:
    found = Finder()
    found.finder.learn(hint("Attic", 3, "c" * 16, "10.0.0.2"))
    found.finder.learn(hint("Attic", 3, "c" * 16, "10.0.0.3"))
    found.finder.forget(hint("Attic", 3, "c" * 16, "10.0.0.2"))
    assert found.finder.discovered() == (DiscoveredRoom("Attic", 3, ("10.0.0.3:4000",)),)
    found.finder.forget(hint("Attic", 3, "c" * 16, "10.0.0.3"))
    assert found.finder.discovered() == () and found.finder.with_plate(3) == []


def test_the_room_sought_by_name_is_found_and_the_person_told_it_needs_its_code() -> None:
    found = Finder()
    found.finder.seeking = "lounge"
    found.finder.learn(hint("Attic", 3, "c" * 16, "10.0.0.2"))
    assert not [e for e in found.events if isinstance(e, NodeError)]
    found.finder.learn(hint("Lounge", 7, "a" * 16, "10.0.0.3"))
    (error,) = [e for e in found.events if isinstance(e, NodeError)]
    assert error.code == "no-secret" and "'Lounge'" in error.text and "join code" in error.text
    assert found.finder.seeking is None
