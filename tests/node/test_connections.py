"""One connection per peer: when both dial each other, both keep the one the smaller key initiated."""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.node.connections import initiated_by_smaller_key

from .cluster import Cluster

SMALL, BIG = "11" * 32, "ee" * 32


def test_the_rule_on_both_sides() -> None:
    # The smaller key keeps what it dialled; the bigger keeps what it accepted: the same connection.
    assert initiated_by_smaller_key(SMALL, BIG, outbound=True)
    assert not initiated_by_smaller_key(SMALL, BIG, outbound=False)
    assert initiated_by_smaller_key(BIG, SMALL, outbound=False)
    assert not initiated_by_smaller_key(BIG, SMALL, outbound=True)


def test_two_nodes_dialling_each_other_keep_one_connection(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Both ways")
            b = await cluster.add("b", room=a.room_id)
            await asyncio.gather(a.add_peer("127.0.0.1", b.port), b.add_peer("127.0.0.1", a.port))

            def settled() -> bool:
                return all(len(n._links.all) == 1 and len(n._links.by_key) == 1 for n in (a, b))

            await cluster.wait_until(settled, what="one connection each")
            small, big = sorted((a, b), key=lambda n: n.identity.public_hex)
            (kept_by_small,) = small._links.by_key.values()
            (kept_by_big,) = big._links.by_key.values()
            assert kept_by_small.outbound and not kept_by_big.outbound
            assert kept_by_small.is_open and kept_by_big.is_open
            await cluster.wait_until(cluster.converged, what="the two to converge")
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(scenario(), 60))
