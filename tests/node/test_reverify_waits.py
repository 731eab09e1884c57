"""The background re-verification waits while a catch-up flows, and does its whole work once it stops."""
from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace

from nosedive.ledger import Ledger
from nosedive.node import reverify as reverify_module
from nosedive.node.reverify import reverify
from tests.ledger.test_quarantine import _flip_a_byte, _room_with_a_chain

from .cluster import Cluster, code_of


def test_nothing_is_re_verified_while_busy_and_everything_after(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "ledger.sqlite3"
    _host, _room, ids = _room_with_a_chain(path)
    _flip_a_byte(path, ids[2])
    monkeypatch.setattr(reverify_module, "PAUSE", 0.001)

    async def body() -> None:
        asked = 0

        def busy() -> bool:
            nonlocal asked
            asked += 1
            return asked <= 5  # a catch-up that flows for five looks, then stops
        with Ledger(path) as ledger:
            task = asyncio.create_task(reverify(ledger, SimpleNamespace(room_id=None), busy=busy))  # type: ignore[arg-type]
            while asked < 5:
                assert ledger.quarantined() == 0  # not one slice while busy
                await asyncio.sleep(0.001)
            assert await asyncio.wait_for(task, 10) == 1 and ledger.quarantined() == 1
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
