"""The node in a process of its own, so the window never waits for it (not even for the GIL).

:class:`EngineProcess` starts a fresh interpreter (:mod:`nosedive.ui.engine_child`) on one end of a
socketpair, at a lower priority (``nice``), so the GUI thread is scheduled first when both want a
core. A small reader thread here only unpickles what arrives and hands it to the bridge, whose
signals reach the GUI thread queued; commands go out as named calls (``("rate", args)``) from the
GUI thread, a few hundred bytes each. The child sends a heartbeat from the node's own loop every
``beat_interval`` seconds: when nothing at all arrives for ``hang_after`` seconds the engine is
taken as hung; when the socket ends without our asking, it crashed. Either way the bridge says so
in the window, kills what is left and starts a new engine on the same data folder and port.
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from nosedive.core import i18n
from nosedive.core.identity import Identity
from nosedive.node.node import NodeConfig
from nosedive.room.events import SnapshotChanged

from . import engine_wire
from .engine_child import Spec
from .engine_hooks import Hook
from .engine_wire import AvatarCache, IdentityRecipe, NodeFacts, SnapshotReader, for_restart
from .tr import tr

if TYPE_CHECKING:
    from nosedive.sim.simulation import Simulation

    from .bridge import NodeBridge

log = logging.getLogger("nosedive.ui")
# The window is scheduled first when both want a core (CFS weights: nice 10 is about a tenth of nice 0);
# on an idle machine the engine still has every spare cycle, and so do its verification workers.
NICE = 10
CHILD = "import sys; from nosedive.ui.engine_child import main; sys.exit(main(sys.argv[1:]))"


class EngineProcess:
    """One engine process at a time: launched, heard, told, stopped or killed."""

    def __init__(self, *, beat_interval: float = 1.0, hang_after: float = 5.0, startup_grace: float = 120.0,
                 nice: int = NICE) -> None:
        self.beat_interval, self.hang_after, self.startup_grace = beat_interval, hang_after, startup_grace
        self.nice = nice
        self.process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._send_lock = threading.Lock()
        self._stopping = False
        self.reader: threading.Thread | None = None

    def sibling(self) -> EngineProcess:
        """Where another node of this window runs (a kiosk's visitor): a process of its own."""
        return EngineProcess(beat_interval=self.beat_interval, hang_after=self.hang_after,
                             startup_grace=self.startup_grace, nice=self.nice)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def launch(self, spec: Spec, on_message: Callable[[tuple[Any, ...]], None],
               on_gone: Callable[[str], None]) -> None:
        """Start the child with *spec*; *on_message* and *on_gone* ("crashed" | "hung") run on the reader thread."""
        ours, theirs = socket.socketpair()
        self._stopping = False
        try:
            path = os.pathsep.join(entry for entry in sys.path if entry)  # the modules this process sees (hooks)
            self.process = subprocess.Popen([sys.executable, "-c", CHILD, str(theirs.fileno())],
                                            pass_fds=(theirs.fileno(),), close_fds=True,
                                            env=dict(os.environ, PYTHONPATH=path))
        finally:
            theirs.close()  # the child holds its copy: its death ends our reads
        self._conn = Connection(ours.detach())
        self.send(spec)
        self.reader = threading.Thread(target=self._read, args=(self._conn, on_message, on_gone),
                                       name="nosedive-engine-reader", daemon=True)
        self.reader.start()

    def _read(self, conn: Connection, on_message: Callable[[tuple[Any, ...]], None],
              on_gone: Callable[[str], None]) -> None:
        armed = False  # the heartbeat counts once the node is up (opening a big ledger may take a while)
        while True:
            try:
                if not conn.poll(self.hang_after if armed else self.startup_grace):
                    if not self._stopping:
                        on_gone("hung")
                    return
                message = engine_wire.loads(conn.recv_bytes())
            except (EOFError, OSError):
                if not self._stopping:
                    on_gone("crashed")
                return
            if message[0] == "started":
                armed = True
            elif message[0] == "stopped":  # it ends because it was asked to, or could not start (said why)
                self._stopping = True
            if message[0] != "beat":
                try:
                    on_message(message)
                except Exception:  # one bad message must not deafen us to the engine
                    log.exception("the window could not take the engine's %s", message[0])

    def send(self, *message: Any) -> None:
        if self._conn is None:
            return
        data = engine_wire.dumps(message)
        with self._send_lock:
            try:
                self._conn.send_bytes(data)
            except OSError:  # the engine is gone; the reader reports it
                pass

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the engine to stop its node and end; kill it if it has not within *timeout*."""
        self._stopping = True
        if self.alive():
            self.send("stop")
            try:
                assert self.process is not None
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("the engine did not stop within %.0f s; killing it", timeout)
        self.kill()

    def kill(self) -> None:
        """End the child now (a hung one), and wait for it, so its data folder's lock is free."""
        self._stopping = True
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait(30)
        if self.reader is not None and self.reader is not threading.current_thread():
            self.reader.join(10)
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Inbox:
    """What the engine sent, waiting for the GUI thread, in order. A snapshot the window has not drawn yet
    is replaced by a newer one (so is a wall board): a window that falls behind draws the latest, once,
    instead of every one it missed."""

    LATEST_ONLY = (("snapshot",), ("post", "board"))

    def __init__(self) -> None:
        self._items: list[tuple[Any, ...]] = []
        self._lock = threading.Lock()

    def put(self, message: tuple[Any, ...]) -> bool:
        """Queue *message*; True when the inbox was empty (the GUI thread must be woken)."""
        with self._lock:
            last = self._items[-1] if self._items else None
            if last is not None and any(message[:len(k)] == k and last[:len(k)] == k for k in self.LATEST_ONLY):
                self._items[-1] = message
                return False
            self._items.append(message)
            return len(self._items) == 1

    def take(self) -> list[tuple[Any, ...]]:
        with self._lock:
            items, self._items = self._items, []
        return items


class ProcessLink:
    """The bridge's side of a node in an :class:`EngineProcess`; ``node`` is its :class:`NodeFacts`."""

    def __init__(self, bridge: NodeBridge, engine: EngineProcess) -> None:
        self.bridge, self.engine = bridge, engine
        self.node: NodeFacts | None = None
        self.simulation: Simulation | None = None
        self._spec: Spec | None = None
        self._avatars, self._snapshots = AvatarCache(), SnapshotReader()
        self.inbox = Inbox()
        self._generation = 0  # which child a report is about: a late one from a killed child is ignored
        self._restarts: list[float] = []  # when, lately: an engine that dies at once is restarted ever later

    def start(self, config: NodeConfig, simulation: Simulation | None, after_start: Hook | None,
              identity: Identity | None) -> None:
        self.simulation = simulation
        level = logging.getLogger().getEffectiveLevel()
        self._spec = Spec(config, simulation, after_start, IdentityRecipe.of(identity),
                          self.engine.beat_interval, level, i18n.language(), self.engine.nice)
        self._launch(self._spec)

    def _launch(self, spec: Spec) -> None:
        self._generation += 1
        generation = self._generation
        self._avatars, self._snapshots = AvatarCache(), SnapshotReader()  # a new engine starts from nothing
        self.inbox.take()  # what the engine before said and nobody took: gone with it
        self.engine.launch(spec, self._on_message,
                           lambda reason: self.bridge._engine_gone.emit(reason, generation))

    def on_gone(self, reason: str, generation: int) -> None:
        """In the GUI thread: the engine crashed or hung. Say so, end it, and start it again."""
        if generation != self._generation or self._spec is None:
            return
        log.error("the engine %s (process %s); restarting it", "stopped responding" if reason == "hung"
                  else "stopped", self.engine.pid)
        self.engine.kill()
        port = self.node.port if self.node is not None else 0
        self.node = None
        self.bridge.engine_lost(reason)
        now = time.monotonic()
        self._restarts = [t for t in self._restarts if now - t < 60.0] + [now]
        delay = 0.0 if len(self._restarts) <= 2 else min(30.0, 2.0 ** (len(self._restarts) - 2))
        if delay:
            log.warning("the engine died %d times within a minute; next start in %.0f s", len(self._restarts), delay)
            QTimer.singleShot(int(delay * 1000), lambda: self._relaunch(port))
        else:
            self._relaunch(port)

    def _relaunch(self, port: int) -> None:
        if self._spec is None:  # closed meanwhile
            return
        self._launch(replace(self._spec, config=for_restart(self._spec.config, port)))
        self.bridge.restarted.emit()

    def _on_message(self, message: tuple[Any, ...]) -> None:
        """On the reader thread: a log line is written here; everything else waits in the inbox, in order."""
        kind = message[0]
        if kind == "log":
            logging.getLogger(message[1]).log(message[2], "%s", message[3])
            return
        if kind == "snapshot":  # what was unchanged and the pictures put back here, off the GUI thread
            message = ("snapshot", self._avatars.restore(self._snapshots.decode(message[1]), message[2]))
        if self.inbox.put(message):
            self.bridge._inbox_ready.emit()

    def drain(self) -> None:
        """In the GUI thread: everything that arrived since the last time, in order, into the bridge's signals."""
        for message in self.inbox.take():
            kind = message[0]
            if kind == "snapshot":
                self.bridge._deliver(SnapshotChanged(message[1]))
            elif kind == "event":
                self.bridge._deliver(message[1])
            elif kind == "post":
                self.bridge._post(message[1], message[2])
            elif kind == "error":
                self.bridge.error.emit(message[1])
            elif kind == "started":
                self.node = message[1]
                self.bridge.started.emit()

    def call(self, name: str, args: Sequence[object], reply: str | None = None, refused: str | None = None) -> None:
        if not self.engine.alive():
            self.bridge.error.emit(tr("The engine is not running yet; try again in a moment."))
            return
        self.engine.send("call", name, tuple(args), reply, refused)

    def shutdown(self, timeout: float, keep_engine: bool = False) -> None:
        self._spec = None  # no restart from here on
        self.engine.stop(timeout)

