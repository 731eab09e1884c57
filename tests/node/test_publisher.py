"""The publisher: snapshots throttled to one per interval, and the no-peer warning."""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.core.messages import now_ms
from nosedive.core.policy import load_preset
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


def test_a_record_running_out_republishes_without_a_message(tmp_path: Path) -> None:
    """Records end by the clock alone: the publisher wakes when the next one is due, and the snapshot says so."""
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        host, ben = Identity.generate(), Identity.generate()
        room = ledger.create_room(host, "Town", load_preset("city")).room
        hour = 60 * 60_000  # jaywalking lasts an hour in `city`: signed so that it ends in 0.3 s
        ledger.append(host, room, "report", {"subject": ben.public_hex, "act": "jaywalking"},
                      ts=now_ms() - hour + 300)
        view = RoomView(ledger, room, ben.public_hex)

        async def scenario() -> list[RoomSnapshot]:
            bus, second = EventBus(), asyncio.Event()
            seen: list[RoomSnapshot] = []

            def on_event(event: NodeEvent) -> None:
                if isinstance(event, SnapshotChanged):
                    seen.append(event.snapshot)
                    if len(seen) == 2:
                        second.set()
            bus.subscribe(on_event)
            publisher = Publisher(bus, view.snapshot, interval=0.01)
            task = asyncio.create_task(publisher.run())
            try:
                publisher.mark_dirty()  # once: the second snapshot comes from the record's end alone
                await asyncio.wait_for(second.wait(), 10)
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            return seen

        first, then = asyncio.run(scenario())
    assert [r.state for r in first.my_records] == ["active"]
    assert first.scores.score(ben.public_hex).final == 995_000_000
    assert [r.state for r in then.my_records] == ["expired"]
    assert then.scores.score(ben.public_hex).final == 1000_000_000
