"""Real nodes on an engine thread, the real bridge, real widgets."""
from __future__ import annotations

import os
import signal
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import pytest

from nosedive.core.roomkeys import RoomKeys
from nosedive.node.node import Node, NodeConfig
from nosedive.ui.bridge import EngineThread, NodeBridge

FAST = dict(host="127.0.0.1", port=0, discovery=False, anti_entropy_interval=0.3, redial_interval=0.3,
            watch_interval=0.1, snapshot_interval=0.02, no_peer_warning_after=600.0)


class Room:
    """An engine thread holding other people's nodes, and the app's bridge to its own node."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.engine = EngineThread()
        self.engine.start()
        self.bridge = NodeBridge(self.engine)
        self.others: list[Node] = []

    def run(self, coroutine: Awaitable[Any], timeout: float = 30) -> Any:
        return self.engine.submit(coroutine).result(timeout)

    def give_key(self, name: str, room: object) -> None:
        """*room* (an id) entered as if this person had joined it before: its key from whoever holds it."""
        for node in [*self.others, *([self.bridge.node] if self.bridge.node else [])]:
            key = node._keyring.key(room) if isinstance(room, str) else None
            if key is not None:
                (self.base / name).mkdir(parents=True, exist_ok=True)
                RoomKeys.open(self.base / name).remember(key)
                return

    def code(self, node: Node) -> str:
        snapshot = node.snapshot()
        assert snapshot is not None and snapshot.join_code
        return snapshot.join_code

    def person(self, name: str, **config: Any) -> Node:
        self.give_key(name, config.get("room"))

        async def start() -> Node:
            node = Node.open(NodeConfig(data_dir=self.base / name, name=name, **dict(FAST, **config)))
            await node.start()
            if node.room_id is not None or config.get("code"):  # joining with a code: until let in
                await node.ready(30)
            return node
        node = self.run(start())
        self.others.append(node)
        return node

    def start_app(self, **config: Any) -> None:
        self.give_key("me", config.get("room"))
        self.bridge.start(NodeConfig(data_dir=self.base / "me", **dict(FAST, **config)))

    def close(self) -> None:
        async def stop_others() -> None:
            for node in self.others:
                await node.stop()
        self.run(stop_others())
        self.bridge.shutdown()


@pytest.fixture()
def room(tmp_path: Path):
    opened = Room(tmp_path)
    yield opened
    opened.close()


def engine_children() -> list[int]:
    """The engine processes (nosedive.ui.engine_child) this test process started and that still exist."""
    me, found = str(os.getpid()), []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if ppid == me and b"nosedive.ui.engine_child" in command:
            found.append(int(entry.name))
    return found


@pytest.fixture(autouse=True)
def no_orphan_engines():
    """After every UI test, every engine process it started is gone (stopped and reaped, not a zombie)."""
    yield
    left = engine_children()
    for pid in left:  # so one leak does not spill into the next test
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert not left, f"engine processes left running after the test: {left}"
