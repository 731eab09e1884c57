"""Opening a node does the I/O, constructing one does none; stopping it ends every task it started."""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from nosedive.core import identity, paths
from nosedive.core.errors import DataDirInUseError
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.net.peers import PeerCache
from nosedive.node import Node, NodeConfig
from nosedive.room.events import NodeError

from .cluster import FAST, Cluster, code_of


def test_open_makes_the_folder_the_key_and_the_ledger(tmp_path: Path) -> None:
    data = tmp_path / "new" / "person"
    node = Node.open(NodeConfig(data_dir=data))
    try:
        assert paths.ledger_path(data).exists()
        assert identity.load(paths.key_path(data)).public_hex == node.identity.public_hex
    finally:
        asyncio.run(node.stop())  # closes the ledger and unlocks the folder for the next node
    reopened = Node.open(NodeConfig(data_dir=data))
    try:
        assert reopened.identity.public_hex == node.identity.public_hex  # loaded, not created again
    finally:
        asyncio.run(reopened.stop())


def test_one_node_at_a_time_per_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "person"
    first = Node.open(NodeConfig(data_dir=data))
    try:
        with pytest.raises(DataDirInUseError, match=rf"already running with this data directory \(pid {os.getpid()}\)"):
            Node.open(NodeConfig(data_dir=data))
    finally:
        asyncio.run(first.stop())
    asyncio.run(Node.open(NodeConfig(data_dir=data)).stop())  # free again once the first has stopped


def test_the_constructor_touches_nothing(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "elsewhere.sqlite3")
    try:
        data = tmp_path / "never-made"
        node = Node(NodeConfig(data_dir=data), data=data, identity=Identity.generate(), ledger=ledger,
                    peer_cache=PeerCache(data / "peers.json"))
        assert not data.exists()
        assert node.room_id is None and node.view is None and node.snapshot() is None
    finally:
        ledger.close()


def test_no_task_of_the_node_outlives_stop(tmp_path: Path) -> None:
    async def scenario() -> None:
        before = asyncio.all_tasks()
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Tidy")
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),))
            seeker = await cluster.add("c", code=code_of(a), peers=(("127.0.0.1", b.port),))  # joins by code
            await cluster.wait_until(lambda: cluster.converged() and b.snapshot().peers_connected == 2,
                                     what="three nodes in one room")
            assert seeker.room_id == a.room_id
            await a.rate(b.identity.public_hex, 5)
            await b.add_peer("127.0.0.1", 9)  # a dial that fails, and one to myself
            await b.add_peer("127.0.0.1", b.port)
            assert len(asyncio.all_tasks() - before) > 10  # loops, connections, writers, dials
        finally:
            await cluster.stop()
        left = asyncio.all_tasks() - before
        assert left == set(), sorted(task.get_name() for task in left)
    asyncio.run(asyncio.wait_for(scenario(), 60))


def test_a_room_not_held_here_needs_its_code_and_the_node_says_so(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Upper")
            assert a.room_id is not None
            errors: list[NodeError] = []
            node = Node.open(NodeConfig(data_dir=tmp_path / "b", room=a.room_id[:10].upper(),
                                        peers=(("127.0.0.1", a.port),), **FAST))  # type: ignore[arg-type]
            node.subscribe(lambda event: errors.append(event) if isinstance(event, NodeError) else None)
            cluster.nodes.append(node)
            await node.start()
            await asyncio.sleep(0.5)
            assert node.room_id is None and a.snapshot().peers_connected == 0  # no secret, nothing to prove
            assert [e.code for e in errors] == ["no-secret"] and "join code" in errors[0].text
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(scenario(), 60))


def test_stop_right_after_start(tmp_path: Path) -> None:
    async def scenario() -> None:
        before = asyncio.all_tasks()
        node = Node.open(NodeConfig(data_dir=tmp_path / "brief", create_room="Brief", **FAST))  # type: ignore[arg-type]
        await node.start()
        await node.stop()
        assert asyncio.all_tasks() - before == set()
    asyncio.run(scenario())
