"""Retake the joint-punishment screenshots: ``.venv/bin/python docs/screenshots/joint_punishment.py``
(headless: ``QT_QPA_PLATFORM=offscreen``). The demo's simulated room under the ``joint-punishment`` preset, with
Alex put into the Lee family and Swift Logistics by the facilitator, invited to a club, a relative and a
colleague reported, and Alex blacklisted by the court; the simulated people hold still for the pictures."""
from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QScrollArea

from nosedive.core.policy import load_preset
from nosedive.node.node import Node, NodeConfig
from nosedive.sim.simulation import Simulation
from nosedive.ui.app import application
from nosedive.ui.bridge import EngineThread, NodeBridge
from nosedive.ui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
SIZES = ((1920, 1080), (1024, 640))
SECONDS = 45


def main() -> None:
    base = Path(tempfile.mkdtemp(prefix="nosedive-shots-"))
    app = application()
    engine = EngineThread()
    engine.start()
    bridge = NodeBridge(engine)
    window = MainWindow(bridge)
    simulation = Simulation(base / "people", people=10, seed=4, room_name="Pelican Cove", tempo=1.0,
                            rules=load_preset("joint-punishment"))

    async def stage(node: Node) -> None:
        await node.ready(60)
        for friend in await simulation.welcome(node.identity.public_hex, random.Random(4)):
            await node.befriend(friend, True)
        me, people = node.identity.public_hex, simulation.people
        host = people[0].node
        for _ in range(300):  # until the host knows me and has founded the demo's groups
            snap = host.snapshot()
            society = snap.scores.society if snap is not None else None
            founded = society is not None and society.groups is not None and bool(society.groups.groups)
            if snap is not None and snap.person(me) is not None and founded:
                break
            await asyncio.sleep(0.1)
        snap = host.snapshot()
        assert snap is not None and snap.scores.society is not None and snap.scores.society.groups is not None
        named = {g.name: g.id for g in snap.scores.society.groups.groups.values()}
        await host.groups.add(named["Lee"], me)
        await host.groups.add(named["Swift Logistics"], me)
        club = await people[4].node.groups.create("club", "Tuesday Chess")
        await people[4].node.groups.add(club, me)
        await asyncio.sleep(2)
        await host.report(people[2].node.identity.public_hex, "jaywalking")
        await host.report(people[6].node.identity.public_hex, "ran a red light", agency="transport")
        await host.report(me, "defied a court order", agency="court")

    def shoot() -> None:
        for width, height in SIZES:
            window.resize(width, height)
            for tab in ("Groups", "Drag"):
                window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count())
                                                 if window.tabs.tabText(i) == tab))
                scroll = window.agencies.findChildren(QScrollArea)[0]  # the bank first, then the transport bureau
                scroll.verticalScrollBar().setValue(window.agencies.cards[1].y() if tab == "Drag" else 0)
                for _ in range(30):
                    app.processEvents()
                target = HERE / f"joint-punishment-{tab.lower()}-{width}x{height}.png"
                window.grab().save(str(target))
                print("saved", target, flush=True)
        app.quit()

    bridge.start(NodeConfig(data_dir=base / "you", name="Alex", discovery=False, host="127.0.0.1",
                            no_peer_warning_after=3600),
                 simulation=simulation, after_start=stage)
    window.resize(*SIZES[0])
    window.show()
    QTimer.singleShot((SECONDS - 4) * 1000, lambda: engine.submit(simulation.quiet()))  # hold still
    QTimer.singleShot(SECONDS * 1000, shoot)
    app.exec()
    bridge.shutdown()
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
