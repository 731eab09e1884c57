"""The demo's people on `joint-punishment`: the facilitator assigns families, an employer and its vehicles,
a collector reports acts of every agency, and the chains reach the relatives."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from nosedive.core.policy import load_preset
from nosedive.sim.simulation import Simulation


async def until(condition: Callable[[], bool], what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while not condition():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def test_families_an_employer_and_vehicles_among_the_simulated_people(tmp_path: Path) -> None:
    async def scenario() -> None:
        simulation = Simulation(tmp_path, people=10, seed=4, tempo=0.02, preset="joint-punishment")
        room, _ = await simulation.start()
        host = simulation.people[0].node
        try:
            snapshot = host.snapshot()
            assert snapshot is not None and snapshot.scores.society is not None
            groups = snapshot.scores.society.groups
            assert groups is not None
            by_name = {g.name: g for g in groups.groups.values()}
            assert {(g.kind, g.name) for g in by_name.values()} == {
                ("family", "Lee"), ("family", "Park"), ("employer", "Swift Logistics"), ("vehicle", "Truck 7"),
                ("vehicle", "Van 12")}
            assert by_name["Truck 7"].parent == by_name["Swift Logistics"].id
            keys = [person.node.identity.public_hex for person in simulation.people]
            assert set(groups.members_at(by_name["Lee"].id, snapshot.scores.instant or 0)) == set(keys[1:4])
            agency_reports = lambda: [m for _, m in host.ledger.messages(room, types=("report",))  # noqa: E731
                                      if m.body.get("agency")]
            await until(lambda: bool(agency_reports()), "a report to an agency")
            relative = simulation.people[2].node  # in the Lee family and at Swift Logistics
            await until(lambda: len(getattr(relative.snapshot(), "my_groups", ())) == 2, "her groups on her node")
            mine = relative.snapshot()
            assert mine is not None and {g.name for g in mine.my_groups} == {"Lee", "Swift Logistics"}
            assert [a.name for a in mine.agencies] == ["bank", "transport", "court"]
        finally:
            await simulation.stop()
    asyncio.run(asyncio.wait_for(scenario(), 150))


def test_rules_from_a_file_are_signed_over_the_preset(tmp_path: Path) -> None:
    async def scenario() -> None:
        rules = load_preset("joint-punishment")
        simulation = Simulation(tmp_path, people=3, seed=1, tempo=0.05, rules=rules)
        await simulation.start()
        try:
            snapshot = simulation.people[0].node.snapshot()
            assert snapshot is not None and snapshot.scores.policy.title == rules["title"]
            assert snapshot.scores.society is not None and snapshot.scores.society.groups is not None
            named = {g.name for g in snapshot.scores.society.groups.groups.values()}
            assert named == {"Lee", "Swift Logistics"}  # three people: no seats for the Parks or the vehicles
        finally:
            await simulation.stop()
    asyncio.run(asyncio.wait_for(scenario(), 120))
