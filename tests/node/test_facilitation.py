"""Done when: over real loopback nodes, a pause closes rating on every node (a rating signed during it
counts nowhere, the same hash everywhere), a resume reopens it, an announcement reaches every node,
and a rule change re-scores every node identically."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.core.policy import load_preset, parse_policy
from nosedive.node.node import Node
from nosedive.room.snapshot import RoomSnapshot

from .cluster import Cluster


def snap(node: Node) -> RoomSnapshot:
    snapshot = node.snapshot()
    assert snapshot is not None
    return snapshot


def test_pause_resume_announce_and_a_rule_change_agree_on_every_node(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("host")
            room = await host.create_room("Class 5B")
            joiner = await cluster.add("joiner", room=room, peers=(("127.0.0.1", host.port),))
            third = await cluster.add("third", room=room, peers=(("127.0.0.1", host.port),))
            t = third.identity.public_hex
            nodes = cluster.nodes

            async def everywhere(what: str, check: Callable[[RoomSnapshot], object]) -> None:
                await cluster.wait_until(lambda: cluster.converged() and all(check(snap(n)) for n in nodes), what=what)

            def score(node: Node) -> int:
                return snap(node).scores.score(t).final

            await host.start_round()
            await everywhere("round 1 running everywhere", lambda s: s.round.state == "running")
            await joiner.rate(t, 5)
            await everywhere("the rating in round 1", lambda s: len(s.scores.raters(t)) == 1)
            before = score(host)

            paused = await host.pause_round()
            assert (paused.state, paused.rating_open) == ("paused", False)
            await everywhere("the pause everywhere", lambda s: not s.round.rating_open)
            with pytest.raises(UsageError, match=r"Rating is paused by the facilitator \(round 1\); wait for it"):
                await joiner.rate(t, 1)
            # What a node that had not heard of the pause yet would sign: stored and spread, counted nowhere.
            joiner._room.append("rate", {"subject": t, "stars": 1})
            await cluster.wait_until(lambda: cluster.converged() and all(
                n.ledger.have(room) == joiner.ledger.have(room) for n in nodes), what="the paused rating to spread")
            assert {score(n) for n in nodes} == {before}
            assert len({n.view.scores_hash() for n in nodes if n.view is not None}) == 1

            await host.resume_round()
            await everywhere("the resume everywhere", lambda s: s.round.rating_open and s.round.state == "running")
            await joiner.rate(t, 1)
            await everywhere("the rating after the resume", lambda s: s.scores.score(t).final < before)
            assert len({score(n) for n in nodes}) == 1

            await host.announce("Round two  starts after the break")
            await everywhere("the announcement everywhere", lambda s: s.announcements and
                             s.announcements[-1].text == "Round two starts after the break")
            with pytest.raises(NotFacilitatorError, match="only the room's facilitator"):
                await joiner.announce("I am in charge now")
            with pytest.raises(NotFacilitatorError):
                await joiner.pause_round()

            harsh = load_preset("nosedive-harsh")
            assert await host.change_policy(harsh)
            assert not await host.change_policy(harsh)  # the rules already: nothing signed
            digest = parse_policy(harsh).digest
            await everywhere("the new rules everywhere", lambda s: s.scores.policy.digest == digest)
            assert len({n.view.scores_hash() for n in nodes if n.view is not None}) == 1
            details = [item.detail for item in snap(third).feed if item.type == "policy"]
            assert details and details[-1].startswith("The rules changed: ")
            assert "double damage is now on" in details[-1]

            await host.end_round()
            await everywhere("the end everywhere", lambda s: s.round.state == "ended")
            with pytest.raises(UsageError, match="Round 1 has ended"):
                await third.rate(joiner.identity.public_hex, 3)
            with pytest.raises(UsageError, match="nothing to pause"):
                await host.pause_round()
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(scenario(), 120))
