"""Done when: a report spreads, the victim appeals from their node, and every snapshot tells the same story."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.node.node import Node
from nosedive.room.snapshot import RoomSnapshot

from .cluster import Cluster


def snap(node: Node) -> RoomSnapshot:
    snapshot = node.snapshot()
    assert snapshot is not None
    return snapshot


def appealed(node: Node, record_id: str) -> bool:
    record = snap(node).scores.records.record(record_id)
    return record is not None and record.appeal_pending


def test_a_report_spreads_is_appealed_and_every_snapshot_agrees(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("host")
            room = await host.create_room("Town", preset="city")
            ben = await cluster.add("ben", room=room, peers=(("127.0.0.1", host.port),))
            b = ben.identity.public_hex
            await ben.set_profile("Ben")
            await cluster.wait_until(lambda: snap(host).person(b) is not None, what="Ben known to the host")
            await host.grant_role(b, "court")
            with pytest.raises(UsageError, match="the acts are: jaywalking"):
                await host.report(b, "spitting")
            with pytest.raises(NotFacilitatorError):
                await ben.impose_penalty(host.identity.public_hex, "travel blacklist")
            record = await host.report(b, "jaywalking", "red light")
            await cluster.wait_until(lambda: len(snap(ben).my_records) == 1, what="the record on Ben's node")
            mine = snap(ben).my_records[0]
            assert mine.id == record and mine.state == "active" and mine.note == "red light"
            assert snap(ben).roles == ((b, ("court",)),)
            assert snap(ben).scores.score(b).records == -5_000_000
            await ben.appeal(record[:8])
            await cluster.wait_until(lambda: appealed(host, record), what="the appeal on the host")
            with pytest.raises(UsageError, match="no earlier than"):
                await host.rule(record, "overturn")
            await host.impose_penalty(b, "travel blacklist")
            await cluster.wait_until(lambda: len(snap(ben).my_penalties) == 1, what="the penalty on Ben's node")
            assert snap(ben).my_penalties[0].ends - snap(ben).my_penalties[0].starts == 30 * 60_000
            await cluster.wait_until(cluster.converged, what="both nodes holding the same messages")
            assert snap(ben).scores.score(b).final == snap(host).scores.score(b).final == 895_000_000
        finally:
            await cluster.stop()

    asyncio.run(scenario())
