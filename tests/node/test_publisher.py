"""The publisher: snapshots throttled to one per interval, and the no-peer warning."""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.node.bus import EventBus
from nosedive.node.publisher import Publisher
from nosedive.room.events import NodeEvent, NoPeersFound, PeerUp, SnapshotChanged
from nosedive.room.snapshot import RoomSnapshot
from nosedive.room.view import RoomView


class Rests:
    """A sleep the test ends by hand: the publisher's interval, without a clock."""

    def __init__(self) -> None:
        self.started = 0
        self._release = asyncio.Event()
        self.resting = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.started += 1
        self.resting.set()
        await self._release.wait()
        self._release.clear()

    def end(self) -> None:
        self.resting.clear()
        self._release.set()


def a_snapshot(tmp_path: Path) -> RoomSnapshot:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    try:
        me = Identity.generate()
        genesis = ledger.create_room(me, "Room", {})
        return RoomView(ledger, genesis.room, me.public_hex).snapshot()
    finally:
        ledger.close()


def test_changes_while_resting_make_one_snapshot(tmp_path: Path) -> None:
    snapshot = a_snapshot(tmp_path)

    async def scenario() -> None:
        bus, rests = EventBus(), Rests()
        published: list[NodeEvent] = []
        bus.subscribe(published.append)
        publisher = Publisher(bus, lambda: snapshot, interval=0.1, sleep=rests)
        task = asyncio.create_task(publisher.run())
        try:
            publisher.mark_dirty()
            await rests.resting.wait()
            assert published == [SnapshotChanged(snapshot)]
            for _ in range(50):  # a burst of changes during the interval
                publisher.mark_dirty()
            await asyncio.sleep(0)
            assert len(published) == 1  # nothing while resting
            rests.end()
            await rests.resting.wait()
            assert len(published) == 2 and rests.started == 2  # the burst became one snapshot
            rests.end()
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            assert len(published) == 2  # and nothing without a new change
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    asyncio.run(scenario())


def test_no_snapshot_before_there_is_a_room() -> None:
    async def scenario() -> None:
        bus, rests = EventBus(), Rests()
        published: list[NodeEvent] = []
        bus.subscribe(published.append)
        publisher = Publisher(bus, lambda: None, interval=0.1, sleep=rests)
        task = asyncio.create_task(publisher.run())
        publisher.mark_dirty()
        await rests.resting.wait()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert published == []
    asyncio.run(scenario())


def test_alone_after_the_delay_warns_and_a_peer_clears_it() -> None:
    async def scenario() -> None:
        bus = EventBus()
        published: list[NodeEvent] = []
        publisher = Publisher(bus, lambda: None, interval=0.1, sleep=lambda seconds: asyncio.sleep(0))
        bus.subscribe(publisher.on_event)
        bus.subscribe(published.append)
        await publisher.warn_if_alone(10, lambda: True, lambda: ("192.168.1.20:41234",), 41234)
        assert published == [NoPeersFound(10, ("192.168.1.20:41234",))]
        assert publisher.warning is not None and "add this one as a peer: 192.168.1.20:41234" in publisher.warning
        bus.emit(PeerUp("ab" * 32, "192.168.1.21:5000"))
        assert publisher.warning is None
    asyncio.run(scenario())


def test_no_warning_with_a_peer() -> None:
    async def scenario() -> None:
        bus = EventBus()
        published: list[NodeEvent] = []
        bus.subscribe(published.append)
        publisher = Publisher(bus, lambda: None, interval=0.1, sleep=lambda seconds: asyncio.sleep(0))
        await publisher.warn_if_alone(10, lambda: False, lambda: (), 41234)
        assert published == [] and publisher.warning is None
    asyncio.run(scenario())


def test_without_a_lan_address_the_warning_names_the_port() -> None:
    async def scenario() -> None:
        publisher = Publisher(EventBus(), lambda: None, interval=0.1, sleep=lambda seconds: asyncio.sleep(0))
        await publisher.warn_if_alone(3, lambda: True, lambda: (), 41234)
        assert publisher.warning is not None and "this machine's address, port 41234" in publisher.warning
    asyncio.run(scenario())
