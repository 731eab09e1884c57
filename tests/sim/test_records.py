"""The demo's people use the machinery on a preset with acts: a collector reports and confirms, a scammer files
false complaints, people appeal what is held against them, and the judge rules once the delay is over."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from nosedive.core.policy import load_preset
from nosedive.sim.records import COLLECTOR, JUDGE, SCAMMER
from nosedive.sim.simulation import Simulation


def test_a_collector_a_scammer_appeals_and_rulings_in_a_city_demo(tmp_path: Path) -> None:
    async def scenario() -> None:
        simulation = Simulation(tmp_path, people=7, seed=11, tempo=0.02, preset="city")
        room, _ = await simulation.start()
        host = simulation.people[0].node
        seats = {part.role: simulation.people[i] for i, person in enumerate(simulation.people)
                 if (part := simulation.parts.get(person.name)) is not None}
        assert set(seats) == {COLLECTOR, SCAMMER, JUDGE}
        collector, scammer, judge = (seats[r].node.identity.public_hex for r in (COLLECTOR, SCAMMER, JUDGE))
        rules = load_preset("city")
        await host.change_policy(rules | {"reports": dict(rules["reports"], appeal_minutes=0)})  # rulings at once

        def by(author: str, *types: str) -> list[str]:
            return [m.type for _, m in host.ledger.messages(room, types=types) if m.author == author]

        async def until(condition: Callable[[], bool], what: str) -> None:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 60
            while not condition():
                assert loop.time() < deadline, f"timed out waiting for {what}"
                await asyncio.sleep(0.05)

        try:
            snapshot = host.snapshot()
            assert snapshot is not None
            assert dict(snapshot.roles) == {collector: ("collector",), judge: ("court",)}
            await until(lambda: len(by(collector, "report")) >= 2 and len(by(scammer, "report")) >= 2,
                        "the collector's reports and the scammer's complaints")
            await until(lambda: any(m.type == "appeal" for _, m in host.ledger.messages(room, types=("appeal",))),
                        "someone appealing a record")
            await until(lambda: bool(by(judge, "ruling") + by(host.identity.public_hex, "ruling")),
                        "the judge ruling on an appeal")
            await until(lambda: bool(by(collector, "confirm")), "the collector confirming a complaint")
            snapshot = host.snapshot()
            assert snapshot is not None
            book = snapshot.scores.records
            assert {r.filed_by for r in book.records if r.author == scammer} == {"complaint"}
            assert {r.filed_by for r in book.records if r.author == collector} == {"collector"}
        finally:
            await simulation.stop()
    asyncio.run(asyncio.wait_for(scenario(), 120))
