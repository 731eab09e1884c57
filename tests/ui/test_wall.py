"""The wall against real nodes: it joins like any node, updates when a rating lands, shows labels only,
never signs anything, and comes back after its thread crashes."""
from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import pytest

from nosedive.core.errors import UsageError
from nosedive.core.keys import fingerprint
from nosedive.node.node import NodeConfig
from nosedive.ui.bridge import EngineProcess, EngineThread
from nosedive.ui.wall.app import Wall, wall_config

from .conftest import Room
from .installation import fast, joining

TIMEOUT = 20_000
HEX_ID = re.compile(r"[0-9a-f]{64}")


@pytest.fixture()
def wall_for(qtbot, room: Room, tmp_path: Path):
    walls: list[Wall] = []

    def make(host, engine: EngineThread | EngineProcess | None = None) -> Wall:
        """The wall as `nosedive wall` runs it (its node in a process of its own), or on *engine*."""
        extra = fast(**joining(host))
        peers = extra.pop("peers")
        wall = Wall(wall_config(tmp_path / "wall", code=extra.pop("code", None), room=extra.pop("room", None),
                                peers=peers, **extra), engine)
        walls.append(wall)
        qtbot.addWidget(wall.view)
        wall.start()
        return wall
    yield make
    for wall in walls:
        wall.stop()


def test_the_wall_shows_a_rating_as_it_lands_by_label_only(qtbot, room: Room, wall_for) -> None:
    host = room.person("Hana", create_room="Gallery")
    ben = room.person("Ben", **fast(**joining(host)))
    lou = room.person("Lou", **fast(**joining(host)))
    wall = wall_for(host)
    wall.view.resize(1920, 1080)
    wall.view.show()
    room.run(ben.rate(lou.identity.public_hex, 1))
    qtbot.waitUntil(lambda: wall.view.board is not None and [e.label for e in wall.view.board.shame] == ["Lou"],
                    timeout=TIMEOUT)
    first = wall.view.board.shame[0]
    assert first.why == "Ben gave ★☆☆☆☆ (100% of the say)" or first.why.startswith("Ben gave ★☆☆☆☆")
    room.run(host.rate(lou.identity.public_hex, 1))  # a second rating lands: the wall moves with it
    qtbot.waitUntil(lambda: wall.view.board.shame[0].score != first.score, timeout=TIMEOUT)
    assert wall.view.board.shame[0].why == "2 people gave ★☆☆☆☆"
    qtbot.waitUntil(lambda: any("Hana rated Lou ★☆☆☆☆" in t.text for t in wall.view.board.ticker), timeout=TIMEOUT)
    texts = wall.view.names_shown()
    keys = [n.identity.public_hex for n in (host, ben, lou)]
    assert all(not HEX_ID.search(text) for text in texts)
    assert all(fingerprint(key) not in text for text in texts for key in keys)  # every one has a label
    assert not wall.view.grab().isNull()


def test_the_wall_never_signs_a_rating(qtbot, room: Room, wall_for) -> None:
    host = room.person("Hana", create_room="Gallery")
    wall = wall_for(host, EngineThread())  # on a thread: the test reaches into its node
    qtbot.waitUntil(lambda: wall.bridge.node is not None and wall.bridge.node.snapshot() is not None,
                    timeout=TIMEOUT)
    node = wall.bridge.node
    with pytest.raises(UsageError, match="only watches"):
        wall.engine.submit(node.rate(host.identity.public_hex, 5)).result(10)
    with pytest.raises(UsageError, match="only watches"):
        wall.engine.submit(node.set_profile("Wall")).result(10)
    assert all(message.author != node.identity.public_hex for _, message in node.ledger.messages(host.room_id))
    assert host.identity.public_hex not in host.snapshot().scores.raters(host.identity.public_hex)


@pytest.mark.parametrize("mode", ["process", "thread"])
def test_the_wall_keeps_its_port_and_restarts_after_a_crash(qtbot, room: Room, wall_for, tmp_path: Path,
                                                            mode: str) -> None:
    host = room.person("Hana", create_room="Gallery")
    wall = wall_for(host, EngineThread() if mode == "thread" else None)
    qtbot.waitUntil(lambda: wall.bridge.node is not None and wall.bridge.node.port > 0, timeout=TIMEOUT)
    port = wall.bridge.node.port
    qtbot.waitUntil(lambda: (tmp_path / "wall" / "port").exists(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: wall.view.board is not None, timeout=TIMEOUT)

    def crash() -> None:
        raise SystemExit("injected crash of the node's thread")
    old_engine = wall.bridge.engine
    with qtbot.waitSignal(wall.bridge.restarted, timeout=TIMEOUT):
        if isinstance(old_engine, EngineThread):
            old_engine.loop.call_soon_threadsafe(crash)
        else:  # the engine process is killed outright
            os.kill(wall.bridge.node.pid, signal.SIGKILL)
    if isinstance(old_engine, EngineThread):
        assert old_engine.crashed is not None and not old_engine.thread.is_alive()
        qtbot.waitUntil(lambda: wall.bridge.node is not None and wall.bridge.node.room_id == host.room_id,
                        timeout=TIMEOUT)
    else:  # the new engine makes boards again (the old one's reader was joined before the restart)
        board = wall.source.latest
        qtbot.waitUntil(lambda: wall.bridge.node is not None and wall.source.latest is not board, timeout=TIMEOUT)
    assert wall.bridge.node.port == port  # the same address after the restart
    taken = wall_config(tmp_path / "wall", code=None, room=None, peers=())
    assert isinstance(taken, NodeConfig) and taken.port == 0  # held by the running wall: a free one, logged
    wall.stop()  # the wall is switched off, and on again: it asks for the port it had
    assert wall_config(tmp_path / "wall", code=None, room=None, peers=()).port == port
