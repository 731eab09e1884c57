"""The engine process: the node's loop (and the demo's simulated people) away from the window's GIL.

Started by :class:`nosedive.ui.engine_process.EngineProcess` as a fresh interpreter calling
:func:`main` with FD, its end of a socketpair. The first frame is the :class:`Spec`; then commands come
in (``("call", name, args)``, ``("stop",)``) and snapshots, events, errors and a heartbeat go out
(the kinds are listed in :mod:`nosedive.ui.engine_wire`). Qt is never imported here. The heartbeat
is sent from the node's own loop, so a loop that blocks stops the beats and the window notices.
When the window's process goes away (the socket reads end-of-file) the node stops and this process
ends: no orphan keeps the data folder's lock.
"""
from __future__ import annotations

import asyncio
import logging
import os
import threading
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from nosedive.core import i18n
from nosedive.core.errors import NosediveError
from nosedive.node.node import Node, NodeConfig
from nosedive.room.events import RoomsDiscovered, SnapshotChanged

from . import engine_commands, engine_wire
from .engine_hooks import EngineContext, Hook
from .engine_wire import AvatarSender, IdentityRecipe, NodeFacts, SnapshotCoder

if TYPE_CHECKING:  # the simulation arrives pickled in the Spec
    from nosedive.sim.simulation import Simulation

log = logging.getLogger("nosedive.ui.engine")


@dataclass(frozen=True)
class Spec:
    """Everything the engine process needs to start the node (pickled once, at start)."""

    config: NodeConfig
    simulation: Simulation | None = None
    after_start: Hook | None = None
    identity: IdentityRecipe | None = None
    beat_interval: float = 1.0
    log_level: int = logging.INFO
    language: str | None = None  # the window's (``--lang`` or the system's): the engine speaks it too
    nice: int = 0  # how much lower than the window the engine asks to be scheduled (os.nice)


class Child:
    def __init__(self, conn: Connection, spec: Spec) -> None:
        self.conn, self.spec = conn, spec
        self.node: Node | None = None
        self.avatars = AvatarSender()
        self.snapshots = SnapshotCoder()  # what the window already holds travels as a number
        self._send_lock = threading.Lock()
        self._started = asyncio.Event()
        self._stop = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    def send(self, *message: Any) -> None:
        data = engine_wire.dumps(message)
        with self._send_lock:
            self._send_locked(data)

    def _send_locked(self, data: bytes) -> None:
        try:
            self.conn.send_bytes(data)
        except OSError:  # the window is gone: stop (the reader sees end-of-file too)
            self._stop.set()

    def post(self, signal: str, value: object) -> None:
        self.send("post", signal, value)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        threading.Thread(target=self._read, args=(loop,), name="engine-commands", daemon=True).start()
        beat = loop.create_task(self._beat())
        try:
            await self._start()
        except Exception as exc:  # could not start: say why in the window, and end
            log.exception("the engine could not start")
            self.send("error", str(exc) if isinstance(exc, NosediveError) else f"the engine could not start: {exc}")
            self._stop.set()
        await self._stop.wait()
        await self._wind_down()
        beat.cancel()
        self.send("stopped")

    async def _beat(self) -> None:
        while True:
            self.send("beat")
            await asyncio.sleep(self.spec.beat_interval)

    async def _start(self) -> None:
        spec, config = self.spec, self.spec.config
        if spec.simulation is not None:
            _, addresses = await spec.simulation.start()  # our node joins the simulated room with its code
            config = replace(config, code=spec.simulation.join_code, peers=tuple(addresses) + config.peers)
        node = Node.open(config, spec.identity.make() if spec.identity is not None else None)
        node.subscribe(self._on_event)
        await node.start()
        self.node = node
        self._started.set()
        self.send("started", NodeFacts(node.port, node.data, node.identity.public_hex, os.getpid()))
        snapshot = node.snapshot()
        if snapshot is not None:
            self._on_event(SnapshotChanged(snapshot))
        if node.discovered_rooms():
            self.send("event", RoomsDiscovered(node.discovered_rooms()))
        if spec.after_start is not None:
            await spec.after_start(node, EngineContext(self.post, spec.simulation))

    def _on_event(self, event: object) -> None:
        if isinstance(event, SnapshotChanged):
            with self._send_lock:  # coded and sent in one order: the window's reader follows the same sequence
                snapshot, avatars = self.avatars.strip(event.snapshot)
                self._send_locked(engine_wire.dumps(("snapshot", self.snapshots.encode(snapshot), avatars)))
        else:
            self.send("event", event)

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        """On a thread: every command onto the loop; end-of-file (the window is gone) stops the engine."""
        while True:
            try:
                message = engine_wire.loads(self.conn.recv_bytes())
            except (EOFError, OSError):
                message = ("stop",)
            try:
                loop.call_soon_threadsafe(self._on_command, message)
            except RuntimeError:  # the loop has closed
                return
            if message[0] == "stop":
                return

    def _on_command(self, message: tuple[Any, ...]) -> None:
        if message[0] == "stop":
            self._stop.set()
        elif message[0] == "call":
            task = asyncio.get_running_loop().create_task(self._call(*message[1:5]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _call(self, name: str, args: tuple[Any, ...], reply: str | None, refused: str | None) -> None:
        try:
            try:  # a command sent while the node starts (onboarding is quick) waits for it
                await asyncio.wait_for(self._started.wait(), 30.0)
            except TimeoutError:
                pass
            if self.node is None:
                raise NosediveError("still starting up; try again in a moment")
            await engine_commands.run(self.node, name, args, self.post, reply, refused)
        except NosediveError as exc:
            self.send("error", str(exc))
        except Exception as exc:
            log.error("command %s failed", name, exc_info=exc)
            self.send("error", f"something went wrong: {exc}")

    async def _wind_down(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        try:
            if self.node is not None:
                await self.node.stop()
            if self.spec.simulation is not None:
                await self.spec.simulation.stop()
        except Exception:
            log.exception("stopping the engine")


class _LogToWindow(logging.Handler):
    """The engine's log lines go to the window's process, which writes them where its own go."""

    def __init__(self, child: Child) -> None:
        super().__init__()
        self.child = child

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            self.child.send("log", record.name, record.levelno, text)
        except Exception:  # a log line must never take the engine down
            self.handleError(record)


def main(argv: list[str]) -> int:
    conn = Connection(int(argv[0]))
    spec = engine_wire.loads(conn.recv_bytes())[0]
    assert isinstance(spec, Spec)
    if spec.nice:  # before any thread starts: they all inherit it
        try:
            os.nice(spec.nice)
        except OSError as exc:  # not allowed here: the engine runs at the window's priority
            logging.getLogger("nosedive.ui.engine").warning("could not lower the engine's priority: %s", exc)
    if spec.language is not None:
        i18n.use(spec.language)  # explanations, warnings and errors in the window's language
    child = Child(conn, spec)
    logging.basicConfig(level=spec.log_level, handlers=[_LogToWindow(child)])
    asyncio.run(child.run())
    conn.close()
    return 0
