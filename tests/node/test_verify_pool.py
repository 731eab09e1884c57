"""The node's verifier pool (made in Node.open, the composition root) ends with the node: no process left."""
from __future__ import annotations

import asyncio
import multiprocessing
from pathlib import Path

from nosedive.ledger.verifier import PoolVerifier
from nosedive.node.node import Node, NodeConfig
from tests.core.helpers import Author


def test_a_node_shuts_its_pool_down_when_it_stops(tmp_path: Path) -> None:
    asyncio.run(_ingest_then_stop(tmp_path))


async def _ingest_then_stop(tmp_path: Path) -> None:
    node = Node.open(NodeConfig(data_dir=tmp_path / "node", create_room="Pool", host="127.0.0.1",
                                discovery=False, verify_workers=2))
    pool = node.ledger.verifier
    assert isinstance(pool, PoolVerifier)
    await node.start()
    room = node.room_id
    assert room is not None
    people = [Author(room) for _ in range(4)]
    raws = [people[n % 4].next("profile", {"name": f"P{n}"}).raw for n in range(pool.start_after + 1000)]
    for start in range(0, len(raws), 500):  # a long catch-up, as a cold join receives it
        assert len(node.ledger.ingest_many(raws[start:start + 500]).added) == len(raws[start:start + 500])
    assert pool.pids()
    await node.stop()
    assert multiprocessing.active_children() == [] and not pool.started
