"""Done when: in an ``admit`` room a joiner waits, is let in, rates, is expelled, and every node agrees."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.node.node import Node
from nosedive.room.events import PeerDown
from nosedive.room.snapshot import RoomSnapshot

from .cluster import Cluster


def snap(node: Node) -> RoomSnapshot:
    snapshot = node.snapshot()
    assert snapshot is not None
    return snapshot


def status(node: Node, key: str) -> str | None:
    snap = node.snapshot()
    person = snap.person(key) if snap is not None else None
    return person.status if person is not None else None


def test_a_joiner_waits_is_let_in_rates_is_expelled_and_every_node_agrees(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("host")
            room = await host.create_room("Class 5B", admission="admit")
            joiner = await cluster.add("joiner", room=room, peers=(("127.0.0.1", host.port),))
            third = await cluster.add("third", room=room, peers=(("127.0.0.1", host.port),))
            j, t, h = joiner.identity.public_hex, third.identity.public_hex, host.identity.public_hex
            told: list[str] = []
            joiner.subscribe(lambda event: told.append(event.reason) if isinstance(event, PeerDown) else None)
            await cluster.wait_until(lambda: all(status(n, j) == status(n, t) == "waiting" for n in cluster.nodes),
                                     what="both joiners waiting on every node")
            assert snap(joiner).my_status == "waiting" and snap(host).my_status == "member"
            assert all(j not in snap(n).scores.people for n in cluster.nodes)  # no score of their own
            assert all(n.admits(j) for n in cluster.nodes)  # waiting joiners may connect and sync

            await joiner.rate(h, 1)  # stored everywhere, counted nowhere
            await cluster.wait_until(cluster.converged, what="the waiting rating to spread")
            prior = snap(host).scores.policy.prior_value
            assert all(snap(n).scores.score(h).final == prior for n in cluster.nodes)
            with pytest.raises(NotFacilitatorError, match="only the room's facilitator"):
                await joiner.admit(j)

            await host.admit(j)
            await host.admit(t)
            await cluster.wait_until(lambda: cluster.converged() and all(
                status(n, j) == status(n, t) == "member" for n in cluster.nodes), what="both let in everywhere")
            assert all(snap(n).scores.score(h).final < prior for n in cluster.nodes)  # the old 1 star counts now
            await joiner.rate(t, 5)
            await cluster.wait_until(lambda: cluster.converged() and all(
                snap(n).scores.score(t).final > prior for n in cluster.nodes), what="the new rating counted")

            await host.expel(j)
            await cluster.wait_until(lambda: cluster.converged() and all(
                status(n, j) == "expelled" for n in cluster.nodes), what="the expulsion everywhere")
            assert len({n.view.scores_hash() for n in cluster.nodes if n.view is not None}) == 1
            assert all(snap(n).scores.score(t).final == prior for n in cluster.nodes)  # their 5 stars are gone
            assert all(j not in snap(n).scores.people for n in cluster.nodes)
            assert snap(joiner).my_status == "expelled"
            assert not any(n.admits(j) for n in cluster.nodes)
            assert all(n.admits(t) and n.admits(h) for n in cluster.nodes)
            await cluster.wait_until(lambda: any("expelled" in reason for reason in told),
                                     what="the host to close the expelled joiner's connection")
            with pytest.raises(UsageError, match="always in it"):
                await host.expel(h)
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(scenario(), 120))
