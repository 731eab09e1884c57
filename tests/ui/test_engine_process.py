"""The node in its own process behind the real window: snapshots in, named commands out, a clean
close, and a crash or a hang shown in the window and repaired on the same data folder and port."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from nosedive.core import i18n
from nosedive.core.datalock import DataLock
from nosedive.debrief import DebriefData
from nosedive.node.node import Node, NodeConfig
from nosedive.ui.bridge import EngineProcess, NodeBridge
from nosedive.ui.kiosk.visitors import generated_picture
from nosedive.ui.main_window import MainWindow

from .conftest import FAST, Room, engine_children
from .hang import block_the_loop

TIMEOUT = 30_000


@pytest.fixture()
def app_in_a_process(qtbot, tmp_path: Path):
    """The app's window over a bridge whose node runs in an engine process (fast heartbeat)."""
    made: list[NodeBridge] = []

    def make(engine: EngineProcess | None = None, **config: object) -> tuple[NodeBridge, MainWindow]:
        bridge = NodeBridge(engine or EngineProcess(beat_interval=0.1, hang_after=1.5))
        window = MainWindow(bridge)
        qtbot.addWidget(window)
        made.append(bridge)
        bridge.start(NodeConfig(data_dir=tmp_path / "me", **dict(FAST, **config)))  # type: ignore[arg-type]
        return bridge, window
    yield make
    for bridge in made:
        bridge.shutdown()


def test_snapshots_with_pictures_come_in_and_commands_go_out(qtbot, room: Room, app_in_a_process) -> None:
    host = room.person("Hana", create_room="Process")
    picture = generated_picture("hana", "Hana")
    room.run(host.set_profile("Hana", picture))
    bridge, window = app_in_a_process(code=room.code(host), name="Mia", peers=(("127.0.0.1", host.port),))
    hana = host.identity.public_hex
    qtbot.waitUntil(lambda: window.snapshot is not None and hana in window.people.rows, timeout=TIMEOUT)
    assert bridge.node.pid != os.getpid() and bridge.node.pid in engine_children()
    qtbot.waitUntil(lambda: window.snapshot.person(hana).avatar == picture, timeout=TIMEOUT)  # sent once, put back
    bridge.rate(hana, 4, "kind")
    me = window.snapshot.me
    qtbot.waitUntil(lambda: host.snapshot().scores.raters(hana).get(me) == 4, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: any("You rated Hana ★★★★☆" in text for text in window.feed.texts()), timeout=TIMEOUT)
    assert window.snapshot.person(hana).avatar == picture  # later snapshots carry it too (from the cache)
    with qtbot.waitSignal(bridge.error, timeout=TIMEOUT) as refused:  # a command's failure: its sentence
        bridge.rate("ab" * 32, 3)
    assert "Ed25519" in refused.args[0] or "not" in refused.args[0]
    with qtbot.waitSignal(bridge.debrief, timeout=TIMEOUT) as debrief:  # request/response beside the node
        bridge.request_debrief()
    assert isinstance(debrief.args[0], DebriefData)


def test_closing_stops_the_engine_and_frees_the_data_folder(qtbot, app_in_a_process, tmp_path: Path) -> None:
    bridge, window = app_in_a_process(create_room="Closing", name="Mia")
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=TIMEOUT)
    engine = bridge.engine
    assert isinstance(engine, EngineProcess) and engine.alive()
    bridge.shutdown()
    assert not engine.alive() and engine.process is not None and engine.process.returncode == 0  # ended itself
    assert engine_children() == []

    async def reopen() -> str | None:  # a new node takes the same folder: the lock was let go
        node = Node.open(NodeConfig(data_dir=tmp_path / "me", **FAST))  # type: ignore[arg-type]
        await node.start()
        try:
            return node.room_id
        finally:
            await node.stop()
    assert asyncio.run(reopen()) == window.snapshot.room_id


WINDOW_PROCESS = """
import sys, threading
from pathlib import Path
from nosedive.node.node import NodeConfig
from nosedive.ui.engine_child import Spec
from nosedive.ui.engine_process import EngineProcess
engine, up = EngineProcess(), threading.Event()
config = NodeConfig(data_dir=Path(sys.argv[1]), create_room="Orphan", host="127.0.0.1", port=0, discovery=False)
engine.launch(Spec(config), lambda message: up.set() if message[0] == "started" else None, print)
up.wait(60)
print(engine.pid, flush=True)
threading.Event().wait()  # until killed
"""


def ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")  # a zombie has ended; only its parent (now init) may reap it


def test_the_engine_ends_when_the_window_process_dies(qtbot, tmp_path: Path) -> None:
    window = subprocess.Popen([sys.executable, "-c", WINDOW_PROCESS, str(tmp_path / "me")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert window.stdout is not None
        engine = int(window.stdout.readline())
        assert not ended(engine)
    finally:
        window.kill()  # the window's process dies without a word
        window.wait(30)
        window.stdout.close()
    qtbot.waitUntil(lambda: ended(engine), timeout=TIMEOUT)  # it read end-of-file, stopped its node and ended


def test_a_killed_engine_is_shown_and_restarted_on_the_same_port(qtbot, app_in_a_process) -> None:
    bridge, window = app_in_a_process(create_room="Crash", name="Mia")
    qtbot.waitUntil(lambda: window.snapshot is not None and bridge.node is not None, timeout=TIMEOUT)
    first, port, room_id = bridge.node.pid, bridge.node.port, window.snapshot.room_id
    with qtbot.waitSignal(bridge.restarted, timeout=TIMEOUT):
        os.kill(first, signal.SIGKILL)
    qtbot.waitUntil(lambda: "engine stopped and is restarting" in window.status.warning_text.text(),
                    timeout=TIMEOUT)  # said in the window's warning line
    assert window.status.warning.isVisibleTo(window)
    qtbot.waitUntil(lambda: bridge.node is not None and bridge.node.pid != first, timeout=TIMEOUT)
    assert bridge.node.port == port and first not in engine_children()
    with qtbot.waitSignal(bridge.snapshot, timeout=TIMEOUT) as fresh:  # the same room, and it works
        bridge.announce("Back")
    assert fresh.args[0].room_id == room_id


def test_a_hung_engine_is_noticed_killed_and_restarted(qtbot, app_in_a_process, caplog) -> None:
    bridge, window = app_in_a_process(create_room="Hang", name="Mia")
    qtbot.waitUntil(lambda: window.snapshot is not None and bridge.node is not None, timeout=TIMEOUT)
    first, port = bridge.node.pid, bridge.node.port
    with qtbot.waitSignal(bridge.restarted, timeout=TIMEOUT):
        os.kill(first, signal.SIGSTOP)  # its loop (all of it) stops: no more heartbeats
    qtbot.waitUntil(lambda: "engine stopped responding and is restarting" in window.status.warning_text.text(),
                    timeout=TIMEOUT)
    assert any("stopped responding" in record.getMessage() for record in caplog.records)
    qtbot.waitUntil(lambda: bridge.node is not None and bridge.node.pid != first, timeout=TIMEOUT)
    assert bridge.node.port == port and first not in engine_children()  # killed and reaped, not left stopped


def test_a_blocked_loop_is_noticed_by_its_missing_heartbeat(qtbot, tmp_path: Path) -> None:
    bridge = NodeBridge(EngineProcess(beat_interval=0.1, hang_after=1.5))
    window = MainWindow(bridge)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(bridge.restarted, timeout=TIMEOUT):
            bridge.start(NodeConfig(data_dir=tmp_path / "me", create_room="Blocked", **FAST),  # type: ignore[arg-type]
                         after_start=block_the_loop)  # up, then its loop blocks for good
        qtbot.waitUntil(lambda: "engine stopped responding and is restarting" in window.status.warning_text.text(),
                        timeout=TIMEOUT)
    finally:
        bridge.shutdown(timeout=1.0)  # the new one blocks too: asked to stop, then killed


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_folder_in_use_is_said_in_one_line_and_not_restarted(qtbot, app_in_a_process, tmp_path: Path,
                                                               language: str) -> None:
    (tmp_path / "me").mkdir()
    held = DataLock.acquire(tmp_path / "me")  # another node already runs on this folder
    i18n.use(language)  # the engine process speaks the window's language
    try:
        bridge, window = app_in_a_process(create_room="Taken", name="Mia")
        restarts: list[bool] = []
        bridge.restarted.connect(lambda: restarts.append(True))
        said = {"en": "already running with this data directory", "zh_CN": "已有另一个急转直下在使用这个数据目录"}
        qtbot.waitUntil(lambda: said[language] in window.status.warning_text.text(), timeout=TIMEOUT)
        assert "Traceback" not in window.status.warning_text.text()
        qtbot.waitUntil(lambda: not bridge.engine.alive(), timeout=TIMEOUT)  # it ended, said why, and stays ended
        assert restarts == [] and bridge.node is None
    finally:
        i18n.use("en")
        held.release()


def test_the_engine_runs_at_a_lower_priority_than_the_window(qtbot, app_in_a_process) -> None:
    bridge, window = app_in_a_process(EngineProcess(beat_interval=0.1, hang_after=1.5, nice=7),
                                      create_room="Nice", name="Mia")
    qtbot.waitUntil(lambda: bridge.node is not None, timeout=TIMEOUT)
    assert os.getpriority(os.PRIO_PROCESS, bridge.node.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 7)
