"""Real nodes on loopback converge: identical ledgers and identical score hashes."""
from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from nosedive.node.connections import Connections

from .cluster import Cluster, Proxy, code_of


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 120))


async def _rate_randomly(cluster: Cluster, rng: random.Random, rounds: int, nodes=None) -> None:
    nodes = nodes or cluster.nodes
    for _ in range(rounds):
        node = rng.choice(nodes)
        others = [p for p in node.snapshot().people if not p.is_me]
        if others:
            await node.rate(rng.choice(others).key, rng.randint(1, 5))
        if rng.random() < 0.2 and others:
            await node.befriend(rng.choice(others).key, rng.random() < 0.7)


def test_five_nodes_rating_at_random_converge(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("n0", create="Class 5B")
            for index in range(1, 5):  # a chain: each knows only the previous one, and joins with the code
                previous = cluster.nodes[-1]
                await cluster.add(f"n{index}", code=code_of(host), peers=(("127.0.0.1", previous.port),))
                await cluster.nodes[-1].ready(30)  # let in (and holding the genesis) before the next asks it
            await cluster.wait_until(lambda: all(n.snapshot() and len(n.snapshot().people) == 5
                                                 for n in cluster.nodes), what="everyone to see everyone")
            await _rate_randomly(cluster, random.Random(7), 60)
            await cluster.wait_until(cluster.converged, what="convergence")
            assert cluster.nodes[0].ledger.count(host.room_id) >= 60 + 6
        finally:
            await cluster.stop()
    run(scenario())


def test_split_write_on_both_sides_heal_and_converge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The partition is a proxy between a and d: peers learned from peers would route around it (as on
    # a real LAN, where nothing sits between two laptops), so here nobody dials what a peer tells.
    monkeypatch.setattr(Connections, "on_peers", lambda self, conn, event: None)

    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        proxy = None
        try:
            a = await cluster.add("a", create="Split room")
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),))
            c = await cluster.add("c", room=a.room_id, peers=(("127.0.0.1", b.port),))
            proxy = Proxy(a.port)
            bridge_port = await proxy.start()
            d = await cluster.add("d", room=a.room_id, peers=(("127.0.0.1", bridge_port),))
            e = await cluster.add("e", room=a.room_id, peers=(("127.0.0.1", d.port),))
            await cluster.wait_until(cluster.converged, what="initial convergence")
            await cluster.wait_until(lambda: all(len(n.snapshot().people) == 5 for n in cluster.nodes))

            proxy.cut()  # the partition: {a, b, c} | {d, e}
            await cluster.wait_until(lambda: a.snapshot().peers_connected == 1 and d.snapshot().peers_connected == 1,
                                     what="the halves to lose each other")
            rng = random.Random(11)
            await _rate_randomly(cluster, rng, 15, [a, b, c])
            await _rate_randomly(cluster, rng, 15, [d, e])
            await cluster.wait_until(lambda: cluster.converged([a, b, c]) and cluster.converged([d, e]),
                                     what="each half to converge on its own")
            assert not cluster.converged()  # they really diverged

            proxy.heal()
            await cluster.wait_until(cluster.converged, what="convergence after healing")
        finally:
            if proxy is not None:
                await proxy.stop()
            await cluster.stop()
    run(scenario())


def test_a_new_node_catches_up_and_sees_the_same_numbers(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Late joiners")
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),))
            await cluster.wait_until(lambda: len(a.snapshot().people) == 2)
            for stars in (5, 4, 2, 1, 3) * 4:
                await a.rate(b.identity.public_hex, stars)
            late = await cluster.add("late", code=code_of(a), peers=(("127.0.0.1", b.port),))
            await cluster.wait_until(cluster.converged, what="the late joiner to converge")
            assert late.room_id == a.room_id
            assert late.snapshot().person(a.identity.public_hex).name == "a"
        finally:
            await cluster.stop()
    run(scenario())
