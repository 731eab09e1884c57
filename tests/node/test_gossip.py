"""Peers learned from peers: nodes that each know only the host end up connected to one another."""
from __future__ import annotations

import asyncio
from pathlib import Path

from .cluster import Cluster, code_of


def test_one_known_peer_is_enough_to_reach_everyone(tmp_path: Path) -> None:
    async def scenario() -> list[int]:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("host", create="Gossip")
            for name in ("b", "c", "d"):  # no discovery: each is told the host's address only
                node = await cluster.add(name, code=code_of(host), peers=(("127.0.0.1", host.port),))
                await node.ready(30)
            await cluster.wait_until(lambda: all(len(n._links.by_key) == 3 for n in cluster.nodes), timeout=30,
                                     what="everyone connected to everyone")
            return [len(n._links.by_key) for n in cluster.nodes]
        finally:
            await cluster.stop()
    assert asyncio.run(scenario()) == [3, 3, 3, 3]
