"""Plumtree on real loopback nodes with anti-entropy switched off: a whole round travels along the trees
alone (and leaves each author's own tree a star), when every tree link of one node dies the next
message still reaches it within the round, by a graft of a link that announced it, and a message
`nosedive rate` wrote beside a node goes to every peer, whichever peer's batch it was read with."""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.core import paths
from nosedive.ledger.store import Ledger
from nosedive.net.plumtree import Why
from nosedive.node.node import Node

from .cluster import Cluster, code_of

NODES = 8
NO_ANTI_ENTROPY = dict(anti_entropy_interval=3600.0)


def _holds(node: Node, author: Node) -> int:
    assert node.room_id is not None
    return node.ledger.have(node.room_id).get(author.identity.public_hex, (0, ""))[0]


def test_a_round_travels_along_the_trees_and_a_dead_link_is_grafted_around(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("n0", create="Trees", **NO_ANTI_ENTROPY)
            for index in range(1, NODES):  # each knows every node before it: a full mesh
                await cluster.add(f"n{index}", code=code_of(host), **NO_ANTI_ENTROPY,
                                  peers=tuple(("127.0.0.1", n.port) for n in cluster.nodes))
                await cluster.nodes[-1].ready(30)
            await cluster.wait_until(lambda: all(len(n._links.by_key) == NODES - 1 for n in cluster.nodes)
                                     and cluster.converged(), timeout=60, what="a converged full mesh")
            for node in cluster.nodes:  # every lazy link hears every announcement: no luck involved
                node._room.tree.tree.lazy_fanout = NODES
                node._dialer._peers = ()  # and a link that dies stays dead: nobody redials it
            for _ in range(2):  # rounds with anti-entropy off: the trees alone carry them
                goal = {n: _holds(host, n) + 1 for n in cluster.nodes}
                for rater in cluster.nodes:
                    subject = cluster.nodes[1] if rater is host else host
                    await rater.rate(subject.identity.public_hex, 4)
                await cluster.wait_until(lambda goal=goal: all(_holds(n, a) >= seq for n in cluster.nodes  # type: ignore[misc]
                                                               for a, seq in goal.items()),
                                         timeout=60, what="the round everywhere, by the trees")

            for node in cluster.nodes:  # echoes of one's own messages never prune one's own tree: a star
                assert set(node._room.tree.tree.eager(node.identity.public_hex)) == set(node._links.by_key)

            author, victim = cluster.nodes[3], cluster.nodes[5]
            tree = victim._room.tree.tree
            cut = tree.eager(author.identity.public_hex)
            assert cut, "the victim is in the author's tree"
            for key in cut:  # these links die, and nobody redials them
                await victim._links.by_key[key].close("cable cut", "bye")
            await cluster.wait_until(lambda: not any(k in victim._links.by_key for k in cut), what="the links gone")
            grafts = tree.moves[Why.GRAFTING]
            seq = _holds(author, author) + 1
            await author.rate(host.identity.public_hex, 2)
            await cluster.wait_until(lambda: all(_holds(n, author) >= seq for n in cluster.nodes), timeout=60,
                                     what="the next message everywhere, the victim included")
            assert tree.moves[Why.GRAFTING] > grafts  # it came by a graft, as anti-entropy is off
            await asyncio.sleep(0)
        finally:
            await cluster.stop()
    asyncio.run(scenario())


def test_my_message_written_beside_me_and_read_with_a_peers_batch_is_pushed_to_that_peer_too(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:  # the host never looks for the shell's rows itself: only a received batch makes it read them
            host = await cluster.add("n0", create="Shell", watch_interval=3600.0, **NO_ANTI_ENTROPY)
            peer = await cluster.add("n1", code=code_of(host), peers=(("127.0.0.1", host.port),), **NO_ANTI_ENTROPY)
            await peer.ready(30)
            await cluster.wait_until(lambda: len(host._links.by_key) == 1 and cluster.converged(), timeout=60,
                                     what="two nodes in one room")
            for node in cluster.nodes:
                node._room.tree.tree.lazy_fanout = 0  # no announcements: only the push can bring it
            assert host.room_id is not None
            seq = _holds(host, host) + 1
            with Ledger(paths.ledger_path(tmp_path / "n0")) as shell:  # `nosedive rate` beside the host
                shell.append(host.identity, host.room_id, "rate", {"subject": peer.identity.public_hex, "stars": 3})
            await peer.rate(host.identity.public_hex, 4)  # its push makes the host read both rows
            await cluster.wait_until(lambda: _holds(peer, host) >= seq, timeout=30,
                                     what="the shell's rating at the peer whose batch it was read with")
        finally:
            await cluster.stop()
    asyncio.run(scenario())
