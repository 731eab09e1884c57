"""Simulated people are real nodes: they rate, befriend and converge like people would."""
from __future__ import annotations

import asyncio
import random
from pathlib import Path

from nosedive.sim.simulation import PERSONALITIES, Simulation


def test_a_simulated_room_comes_alive_and_converges(tmp_path: Path) -> None:
    async def scenario() -> None:
        simulation = Simulation(tmp_path, people=5, seed=3, tempo=0.02)
        room, addresses = await simulation.start()
        changed = asyncio.Event()
        nodes = [person.node for person in simulation.people]
        for node in nodes:
            node.subscribe(lambda event: changed.set())

        async def until(condition, what: str) -> None:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 60
            while not condition():
                assert loop.time() < deadline, f"timed out waiting for {what}"
                changed.clear()
                try:
                    await asyncio.wait_for(changed.wait(), 1)
                except TimeoutError:
                    pass

        def lively() -> bool:
            ratings = [m for _, m in nodes[0].ledger.messages(room, types=("rate",))]
            return len(ratings) >= 30 and len({m.author for m in ratings}) >= 4

        def converged() -> bool:
            return len({str(sorted(n.ledger.have(room).items())) for n in nodes}) == 1 and \
                len({n.view.scores_hash() for n in nodes}) == 1

        try:
            assert len(addresses) == 5 and len(room) == 64
            await until(lively, "the room to come alive")
            assert {"Lacie", "Naomi", "Chester"} <= {p.name for p in nodes[0].snapshot().people}
            await simulation.quiet()
            await until(converged, "the simulated nodes to converge")
        finally:
            await simulation.stop()
    asyncio.run(asyncio.wait_for(scenario(), 120))


def test_personalities_differ() -> None:
    rng = random.Random(1)
    by_name = {p.name: p for p in PERSONALITIES}
    generous = [by_name["generous"].stars(rng, 0.5, False) for _ in range(200)]
    troll = [by_name["troll"].stars(rng, 0.5, False) for _ in range(200)]
    assert sum(generous) / 200 > 4 > 2 > sum(troll) / 200
    seeker = by_name["status-seeker"]
    assert seeker.stars(rng, 0.9, False) == 5 and seeker.stars(rng, 0.1, False) == 1
    assert by_name["clique"].stars(rng, 0.1, True) == 5


def test_a_simulated_note_never_contradicts_its_stars() -> None:
    from nosedive.sim.simulation import PERSONALITIES, SCORN, SHRUG, note_for

    rng = random.Random(5)
    for personality in PERSONALITIES:
        for stars in range(1, 6):
            for _ in range(30):
                note = note_for(personality, stars, rng)
                if stars <= 2:
                    assert note in SCORN
                elif stars == 3:
                    assert note in SHRUG
                else:
                    assert note in personality.praise and note not in {n for n in SCORN if n}
