"""Plumtree on real nodes: 12 loopback nodes in a full mesh, every rating reaches everyone, and the bytes
sent per rating are measured in the same run with pushing to everyone (a flood: every link eager, never
pruned) and along the trees."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from nosedive.net.plumtree import Link, Plumtree
from nosedive.node.node import Node

from .cluster import Cluster, code_of

NODES = 12
WINDOW = 3.0  # seconds of traffic counted from the first rating: a round and its echoes


async def _bytes_per_rating(base: Path, sent: list[int]) -> float:
    cluster = Cluster(base)
    try:
        host = await cluster.add("n0", create="Mesh")
        for index in range(1, NODES):  # each knows every node before it: a full mesh
            await cluster.add(f"n{index}", code=code_of(host),
                              peers=tuple(("127.0.0.1", n.port) for n in cluster.nodes))
            await cluster.nodes[-1].ready(30)
        await cluster.wait_until(lambda: all(len(n._links.by_key) == NODES - 1 for n in cluster.nodes)
                                 and cluster.converged(), timeout=60, what="a converged full mesh")
        target = host.ledger.count(host.room_id)
        for _ in range(1):  # a round before the one counted: the trees have been used
            target += NODES
            await _round(cluster, host)
            await cluster.wait_until(lambda goal=target: cluster.converged() and all(  # type: ignore[misc]
                n.ledger.count(host.room_id) == goal for n in cluster.nodes), timeout=60, what="a round")
        await asyncio.sleep(1.0)  # let the joins' last summaries settle: count the ratings' traffic alone
        idle = sent[0]
        await asyncio.sleep(WINDOW)  # the summaries a quiet room sends anyway, subtracted below
        before = sent[0]
        idle = before - idle
        target = host.ledger.count(host.room_id) + NODES  # one new message per rater
        counted_until = asyncio.get_running_loop().time() + WINDOW  # queued pushes go out after convergence too
        await _round(cluster, host)
        await cluster.wait_until(lambda: cluster.converged() and all(
            n.ledger.count(host.room_id) == target for n in cluster.nodes), timeout=60, what="every rating everywhere")
        await asyncio.sleep(max(0.0, counted_until - asyncio.get_running_loop().time()))
        return (sent[0] - before - idle) / NODES
    except AssertionError:
        print( [n.ledger.count(host.room_id) for n in cluster.nodes], target,
              [len(n._links.by_key) for n in cluster.nodes])
        raise
    finally:
        await cluster.stop()


async def _round(cluster: Cluster, host: Node) -> None:
    for rater in cluster.nodes:  # everyone rates the host, the host rates n1
        subject = cluster.nodes[1] if rater is host else host
        await rater.rate(subject.identity.public_hex, 4)


def test_twelve_nodes_converge_along_the_trees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sent = [0]
    write = asyncio.StreamWriter.write

    def counting(self: asyncio.StreamWriter, data: Any) -> None:
        sent[0] += len(data)
        write(self, data)
    monkeypatch.setattr(asyncio.StreamWriter, "write", counting)

    async def scenario() -> tuple[float, float]:
        with monkeypatch.context() as flood:  # every link eager in every tree, never pruned
            flood.setattr(Plumtree, "_start", lambda self, author, peer: Link.EAGER)
            flood.setattr(Plumtree, "duplicate", lambda self, peer, authors: [])
            everyone = await _bytes_per_rating(tmp_path / "all", sent)
        trees = await _bytes_per_rating(tmp_path / "trees", sent)
        return everyone, trees

    everyone, trees = asyncio.run(scenario())
    print(f"\nbytes sent per rating, {NODES} nodes: flood {everyone:.0f}, "
          f"Plumtree {trees:.0f} ({trees / everyone:.0%})")
    assert trees < 0.5 * everyone
