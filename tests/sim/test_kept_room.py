"""A demo kept on disk goes on in its room: the simulated people come back to it, with what they said."""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.sim.simulation import Simulation


def test_a_second_run_on_the_same_folder_goes_on_in_the_same_room(tmp_path: Path) -> None:
    async def run_once() -> tuple[str, int]:
        simulation = Simulation(tmp_path, people=3, seed=5, tempo=0.02)
        room, _ = await simulation.start()
        try:
            host = simulation.people[0].node
            await host.rate(simulation.people[1].node.identity.public_hex, 4)
            held = sum(seq for seq, _ in host.ledger.have(room).values())
        finally:
            await simulation.stop()
        return room, held

    async def scenario() -> None:
        first, held = await run_once()
        second, held_again = await run_once()
        assert second == first  # not a new room each time
        assert held_again > held  # what was said the first time is still there, and more
    asyncio.run(asyncio.wait_for(scenario(), 120))
