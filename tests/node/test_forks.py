"""Forks seen everywhere: a key cloned to a second machine signs a different message at the same seq
while apart; once both are back (through a third node) every node holds the proof and one score hash."""
from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest

from nosedive.node import fork_trace
from nosedive.node.connections import Connections
from nosedive.node.node import Node

from .cluster import Cluster


def _same_verdict(nodes: list[Node], author: str) -> bool:
    room = nodes[0].room_id
    if any(n.view is None or n.room_id != room for n in nodes):
        return False
    hashes = {n.view.scores_hash() for n in nodes if n.view is not None}
    return len(hashes) == 1 and all(author in n.ledger.forked_authors(room or "") for n in nodes)


async def _rate_alone(cluster: Cluster, name: str, room: str, subject: str, stars: int, times: int = 1) -> int:
    """Start *name* with no peers, rate *times*, stop: the seq it signed last."""
    node = await cluster.add(name, room=room, peers=())
    await node.ready(10)
    for _ in range(times):
        await node.rate(subject, stars)
    seq = node.ledger.head(room, node.identity.public_hex)[0]
    cluster.nodes.remove(node)
    await node.stop()
    return seq


@pytest.mark.parametrize(("apart", "window"), [(1, None), (3, None), (5, 1)])
def test_an_offline_clone_fork_reaches_every_node_within_one_round(tmp_path: Path, apart: int, window: int | None,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """*apart*: messages each copy signs while apart. With 3 the heads differ at seq common+3 but the chains
    part at common+1: the proof must land there on every node, or the two branches' first messages would
    count differently on each side (two hashes, for good). *window* 1: the two sides trade one message at a
    time, each answering the other's lower proof, down to where the chains part."""
    # The topology is the test's: b reaches a, the clone reaches c. Peers learned from peers would link c
    # to b too, and c keeps one connection per key, so the clone (b's key) could be left out (issue 15).
    monkeypatch.setattr(Connections, "on_peers", lambda self, conn, event: None)
    if window is not None:
        monkeypatch.setattr(fork_trace, "WINDOW", window)

    async def scenario() -> None:
        cluster, elsewhere = Cluster(tmp_path), Cluster(tmp_path / "elsewhere")
        try:
            a = await cluster.add("a", create="Clone room")
            c = await cluster.add("c", room=a.room_id, peers=(("127.0.0.1", a.port),))
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),))
            room, clone_key = a.room_id, b.identity.public_hex
            assert room is not None
            await cluster.wait_until(lambda: cluster.converged() and all(len(n.snapshot().people) == 3
                                                                         for n in cluster.nodes), what="three in")
            await b.rate(c.identity.public_hex, 4)
            await cluster.wait_until(cluster.converged, what="b's first rating everywhere")
            common = b.ledger.head(room, clone_key)[0]
            for node in (a, b, c):  # everyone apart: nobody for the copies to reach
                cluster.nodes.remove(node)
                await node.stop()
            # The key and ledger copied to a second machine, whose node is also called "b".
            shutil.copytree(tmp_path / "b", tmp_path / "elsewhere" / "b")
            seq_b = await _rate_alone(cluster, "b", room, c.identity.public_hex, 5, apart)
            seq_clone = await _rate_alone(elsewhere, "b", room, a.identity.public_hex, 1, apart)
            assert seq_b == seq_clone == common + apart, "both copies signed as many messages, at the same seqs"

            a = await cluster.add("a", room=room)
            c = await cluster.add("c", room=room, peers=(("127.0.0.1", a.port),))
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),))
            await cluster.wait_until(lambda: all(n.ledger.have(room)[clone_key][0] == seq_b for n in (a, c)),
                                     what="b's offline rating at a and c")
            started = time.monotonic()  # the clone comes back, its chain as long as the room's copy of b's
            nodes = [a, c, b, await elsewhere.add("b", room=room, peers=(("127.0.0.1", c.port),))]
            try:
                await cluster.wait_until(lambda: _same_verdict(nodes, clone_key), timeout=8,
                                         what="the fork verdict and one hash on every node")
            except AssertionError:
                for n in nodes:
                    print(n.data, n.view and n.view.scores_hash()[:8], n.ledger.forked_authors(room),
                          n.ledger.have(room)[clone_key], n.snapshot().peers_connected)
                raise
            took = time.monotonic() - started
            interval = 0.3
            verdicts = [n.ledger.forked_authors(room)[clone_key] for n in nodes]
            print(f"\noffline-clone fork, {apart} apart (trace window {window or fork_trace.WINDOW}), heads at seq "
                  f"{seq_b}: verdict from seq {verdicts} on "
                  f"{len(nodes)} nodes, one hash "
                  f"{a.view.scores_hash()[:16]}, fork proven on all after {took:.2f} s "
                  f"(anti-entropy interval {interval} s, random 0.5-1.5x)")
            assert verdicts == [common + 1] * len(nodes), "the proof at the first seq where the chains part"
            assert took < 1.5 * interval + 2.0, "converged within about one anti-entropy round (plus start-up)"
        finally:
            await cluster.stop()
            await elsewhere.stop()
    asyncio.run(scenario())
