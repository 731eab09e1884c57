"""Choosing the room at start, and finding one on the LAN by name or id prefix."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nosedive.core.errors import UsageError
from nosedive.ledger.store import RoomRecord
from nosedive.node.bus import EventBus
from nosedive.node.config import NodeConfig
from nosedive.node.rooms import RoomFinder, StartRoom, choose_start_room
from nosedive.node.tasks import TaskSet
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


class Finder:
    """A RoomFinder whose joins are recorded instead of performed."""

    def __init__(self) -> None:
        self.events: list[NodeEvent] = []
        self.joined: list[str] = []
        self.tasks = TaskSet()
        bus = EventBus()
        bus.subscribe(self.events.append)
        self.finder = RoomFinder(bus, self.tasks, self.join)

    async def join(self, room_id: str) -> None:
        self.joined.append(room_id)


def test_what_is_learnt_of_a_room_is_merged() -> None:
    async def scenario() -> None:
        found = Finder()
        found.finder.learn(DiscoveredRoom(LOUNGE, "Lounge", "Fay", 3, ("10.0.0.2:4000",)))
        found.finder.learn(DiscoveredRoom(LOUNGE, "", "", 2, ("10.0.0.3:4000",)))
        (room,) = found.finder.discovered()
        assert room == DiscoveredRoom(LOUNGE, "Lounge", "Fay", 3, ("10.0.0.2:4000", "10.0.0.3:4000"))
        assert isinstance(found.events[-1], RoomsDiscovered) and found.events[-1].rooms == (room,)
        assert found.joined == []
    asyncio.run(scenario())


@pytest.mark.parametrize("sought", ["lounge", LOUNGE[:10].upper(), LOUNGE])
def test_the_sought_room_is_joined_by_name_or_id_prefix(sought: str) -> None:
    async def scenario() -> None:
        found = Finder()
        found.finder.seeking = sought
        found.finder.learn(DiscoveredRoom(ATTIC, "Attic"))
        found.finder.learn(DiscoveredRoom(LOUNGE, "Lounge"))
        await found.tasks.drain(timeout=5)
        assert found.joined == [LOUNGE]
    asyncio.run(scenario())


def test_two_rooms_with_the_sought_name_stop_the_search() -> None:
    async def scenario() -> None:
        found = Finder()
        found.finder.learn(DiscoveredRoom(ATTIC, "lounge"))
        found.finder.seeking = "Lounge"
        found.finder.learn(DiscoveredRoom(LOUNGE, "Lounge"))
        await found.tasks.drain(timeout=5)
        errors = [e for e in found.events if isinstance(e, NodeError)]
        assert len(errors) == 1 and "two rooms are called 'Lounge'" in errors[0].text
        assert found.finder.seeking is None and found.joined == []
    asyncio.run(scenario())
