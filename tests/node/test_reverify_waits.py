"""The background re-verification slows down while a catch-up flows, and never stops for good."""
from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace

from nosedive.ledger import Ledger
from nosedive.node import reverify as reverify_module
from nosedive.node.reverify import reverify
from tests.ledger.test_quarantine import _flip_a_byte, _room_with_a_chain

from .cluster import Cluster, code_of


def test_while_busy_one_slice_per_pause_and_a_never_quiet_room_still_gets_checked(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "ledger.sqlite3"
    _host, room, ids = _room_with_a_chain(path)
    _flip_a_byte(path, ids[2])
    pauses: list[float] = []
    real_sleep = asyncio.sleep

    async def counted_sleep(seconds: float) -> None:
        if seconds > 0:
            pauses.append(seconds)
        await real_sleep(0)
    monkeypatch.setattr(reverify_module.asyncio, "sleep", counted_sleep)

    async def body() -> None:
        with Ledger(path) as ledger:
            total = ledger.count(room)
            found = await asyncio.wait_for(
                reverify(ledger, SimpleNamespace(room_id=None), slice_size=2, busy=lambda: True),  # type: ignore[arg-type]
                10)
            assert found == 1 and ledger.quarantined() == 1  # always busy, and the damage is found anyway
            slices = -(-total // 2)
            assert len(pauses) >= slices and set(pauses) == {reverify_module.PAUSE}  # a pause before each slice
            pauses.clear()
            assert await reverify(ledger, SimpleNamespace(room_id=None), slice_size=2) == 0  # type: ignore[arg-type]
            assert pauses == []  # quiet: no pause at all
    asyncio.run(body())


def test_a_node_serving_a_catch_up_counts_as_catching_up(tmp_path: Path) -> None:
    async def body() -> None:
        cluster = Cluster(tmp_path)
        try:
            source = await cluster.add("source", create="Room")
            assert not source._links.catching_up(0.0)  # nobody connected
            joiner = await cluster.add("joiner", code=code_of(source), peers=(("127.0.0.1", source.port),))
            await cluster.wait_until(cluster.converged, what="the join")
            conn = next(iter(joiner._links.by_key.values()))
            assert conn.last_received > 0 and joiner._links.catching_up(conn.last_received + 0.5)
            assert not joiner._links.catching_up(conn.last_received + 5.0)  # quiet again, nothing left to stream
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(body(), 60))
