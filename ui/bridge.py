"""The node on its own thread with its own asyncio loop, and a Qt bridge to it.

The GUI thread never waits on the network or the disk: the node publishes
frozen snapshots and events, which cross into the GUI thread through signals
connected explicitly as queued connections; the GUI sends commands, which run as
coroutines on the engine loop (``run_coroutine_threadsafe``) and report failure
through the ``error`` signal.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance

from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.net.peers import parse_address
from nosedive.node import stable_port
from nosedive.node.node import Node, NodeConfig
from nosedive.room.events import NodeError, NoPeersFound, PeerDown, PeerUp, RatedYou, RoomsDiscovered, SnapshotChanged
from nosedive.room.snapshot import RoomSnapshot

if TYPE_CHECKING:  # the simulation is only ever handed in (by `nosedive demo`), never imported here
    from nosedive.sim.simulation import Simulation

log = logging.getLogger("nosedive.ui")
STARTUP_WAIT = 30.0  # seconds a command waits for the node to start


class EngineThread:
    """An asyncio event loop running on a dedicated thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._run, name="nosedive-engine", daemon=True)
        self.crashed: BaseException | None = None  # what ended the loop, if it did not stop when asked
        self.on_crash: Callable[[], Coroutine[Any, Any, Any]] | None = None  # run on the dying loop: free the node
        self.after_crash: Callable[[], None] | None = None  # then called (on the dying thread): restart elsewhere

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self._ready.set)
        try:
            self.loop.run_forever()
        except BaseException as exc:  # a crash: logged, wound down below; the bridge's watch restarts the node
            self.crashed = exc
            log.critical("the node's thread crashed; winding it down to restart it", exc_info=exc)
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        if self.crashed is not None and self.on_crash is not None:
            try:  # release the data folder's lock, the ledger and the port, so a new node can take them
                self.loop.run_until_complete(self.on_crash())
            except Exception:
                log.exception("winding down the crashed node")
        self.loop.close()
        if self.crashed is not None and self.after_crash is not None:
            self.after_crash()

    def start(self) -> None:
        self.thread.start()
        self._ready.wait(10)

    def submit(self, coroutine: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def stop(self) -> None:
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


class NodeBridge(QObject):
    """Signals: snapshot(RoomSnapshot), rated_you(FeedItem), no_peers(NoPeersFound),
    rooms(tuple[DiscoveredRoom]), peer_up(PeerUp), peer_down(PeerDown), error(str), started(),
    debrief(DebriefData), debrief_exported(Exported), whatif(WhatIf), whatif_refused(str), restarted()."""

    snapshot = Signal(object)
    rated_you = Signal(object)
    no_peers = Signal(object)
    rooms = Signal(object)
    peer_up = Signal(object)
    peer_down = Signal(object)
    error = Signal(str)
    started = Signal()
    debrief = Signal(object)  # DebriefData, gathered on the engine thread (request_debrief)
    debrief_exported = Signal(object)  # nosedive.debrief.Exported: the folder written (export_debrief)
    whatif = Signal(object)  # nosedive.debrief.whatif.WhatIf: the session under other rules (request_whatif)
    whatif_refused = Signal(str)  # why a what-if could not be answered (a bad policy file), in one line
    restarted = Signal()  # the node's thread crashed and a new node started in its place
    _crash_seen = Signal()  # from the dying engine thread, once it let go of the node

    def __init__(self, engine: EngineThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.node: Node | None = None
        self.simulation: Simulation | None = None
        self.latest: RoomSnapshot | None = None
        self._node_started = asyncio.Event()  # bound to the engine loop on first use (Python ≥ 3.10)
        self._identity: Identity | None = None
        self._crash_seen.connect(self._on_crash_seen, Qt.ConnectionType.QueuedConnection)

    def connect_to(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        """Always queued: slots run in the receiver's (GUI) thread, never in the engine's."""
        signal.connect(slot, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------ lifecycle
    def start(self, config: NodeConfig, simulation: Simulation | None = None,
              after_start: Callable[[Node], Awaitable[None]] | None = None, identity: Identity | None = None) -> None:
        """Start the node on the engine thread; *identity* replaces the one in the data folder (a wall's
        watch-only key). A crash of the engine's thread is logged and the node started again (``restarted``)."""
        self.simulation = simulation
        self._identity, self._started_with = identity, (config, after_start)
        self.engine.on_crash, self.engine.after_crash = self._wind_down, self._crash_seen.emit
        self._submit(self._start(config, after_start))

    async def _wind_down(self) -> None:
        if self.node is not None:
            await self.node.stop()

    def _on_crash_seen(self) -> None:
        if self.engine.crashed is None:
            return
        log.error("restarting the node after its thread crashed (%s)", self.engine.crashed)
        self.engine.thread.join(10)
        port = self.node.port if self.node is not None else 0
        self.node = None
        self.engine = EngineThread()
        self.engine.start()
        self._node_started = asyncio.Event()  # bound to the old loop: a new one for the new loop
        config, after_start = self._started_with
        if port and stable_port.free(config.host, port):  # the same address as before the crash
            config = replace(config, port=port)
        self.start(config, None, after_start, self._identity)
        self.restarted.emit()

    async def _start(self, config: NodeConfig, after_start: Callable[[Node], Awaitable[None]] | None) -> None:
        if self.simulation is not None:
            _, addresses = await self.simulation.start()  # our node joins the simulated room with its code
            config = replace(config, code=self.simulation.join_code, peers=tuple(addresses) + config.peers)
        node = Node.open(config, self._identity)
        node.subscribe(self._on_event)
        await node.start()
        self.node = node
        self._node_started.set()
        self.started.emit()
        snapshot = node.snapshot()
        if snapshot is not None:
            self.snapshot.emit(snapshot)
        if node.discovered_rooms():
            self.rooms.emit(node.discovered_rooms())
        if after_start is not None:
            await after_start(node)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop the node (and the simulated people), then the loop. Called once, on close."""
        async def stop() -> None:
            if self.node is not None:
                await self.node.stop()
            if self.simulation is not None:
                await self.simulation.stop()
        if self.engine.thread.is_alive():
            try:
                self.engine.submit(stop()).result(timeout)
            except Exception as exc:  # shutting down anyway: say why, do not hang
                log.warning("shutdown: %s", exc)
        self.engine.stop()

    # ------------------------------------------------------------ events (engine thread)
    def _on_event(self, event: object) -> None:
        if isinstance(event, SnapshotChanged):
            self.latest = event.snapshot
            self.snapshot.emit(event.snapshot)
        elif isinstance(event, RatedYou):
            self.rated_you.emit(event.item)
        elif isinstance(event, NoPeersFound):
            self.no_peers.emit(event)
        elif isinstance(event, RoomsDiscovered):
            self.rooms.emit(event.rooms)
        elif isinstance(event, PeerUp):
            self.peer_up.emit(event)
        elif isinstance(event, PeerDown):
            self.peer_down.emit(event)
        elif isinstance(event, NodeError):
            self.error.emit(event.text)

    # ------------------------------------------------------------ commands (GUI thread)
    def _submit(self, coroutine: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        future = self.engine.submit(coroutine)
        future.add_done_callback(self._report)
        return future

    def _report(self, future: concurrent.futures.Future[Any]) -> None:
        if future.cancelled():
            return
        exc = future.exception()
        if isinstance(exc, NosediveError):
            self.error.emit(str(exc))
        elif exc is not None:
            log.error("command failed", exc_info=exc)
            self.error.emit(f"something went wrong: {exc}")

    def _with_node(self, action: Callable[[Node], Awaitable[Any]]) -> None:
        async def run() -> None:
            try:  # a command sent while the node starts (onboarding is quick) waits for it
                await asyncio.wait_for(self._node_started.wait(), STARTUP_WAIT)
            except TimeoutError:
                pass
            if self.node is None:
                raise NosediveError("still starting up; try again in a moment")
            await action(self.node)
        self._submit(run())

    def rate(self, key: str, stars: int, note: str = "") -> None:
        self._with_node(lambda node: node.rate(key, stars, note))

    def befriend(self, key: str, on: bool) -> None:
        self._with_node(lambda node: node.befriend(key, on))

    def admit(self, key: str) -> None:
        self._with_node(lambda node: node.admit(key))

    def expel(self, key: str) -> None:
        self._with_node(lambda node: node.expel(key))

    def set_profile(self, name: str, avatar: bytes = b"") -> None:
        self._with_node(lambda node: node.set_profile(name, avatar))

    def join_room(self, room_id: str) -> None:
        """Enter a room this machine holds the secret of."""
        self._with_node(lambda node: node.join_room(room_id))

    def join_with_code(self, code: str) -> None:
        """Join with the code the facilitator shows; a wrong one comes back on ``error``."""
        self._with_node(lambda node: node.join_with_code(code))

    def create_room(self, name: str, preset: str) -> None:
        self._with_node(lambda node: node.create_room(name, preset))

    def add_peer(self, text: str) -> None:
        try:
            host, port = parse_address(text)
        except NosediveError as exc:
            self.error.emit(str(exc))
            return
        self._with_node(lambda node: node.add_peer(host, port))

    # ------------------------------------------------------------ the facilitator's (node commands)
    def start_round(self, minutes: int | None = None) -> None:
        self._with_node(lambda node: node.start_round(minutes))

    def pause_round(self) -> None:
        self._with_node(lambda node: node.pause_round())

    def resume_round(self) -> None:
        self._with_node(lambda node: node.resume_round())

    def end_round(self) -> None:
        self._with_node(lambda node: node.end_round())

    def announce(self, text: str) -> None:
        self._with_node(lambda node: node.announce(text))

    def change_policy(self, policy: Mapping[str, Any]) -> None:
        self._with_node(lambda node: node.change_policy(policy))

    # ------------------------------------------------------------ records (node commands; the node refuses with why)
    def report(self, key: str, act: str, note: str = "") -> None:
        self._with_node(lambda node: node.report(key, act, note))

    def appeal(self, record: str) -> None:
        self._with_node(lambda node: node.appeal(record))

    def confirm(self, record: str) -> None:
        self._with_node(lambda node: node.confirm(record))

    def rule(self, record: str, verdict: str) -> None:
        self._with_node(lambda node: node.rule(record, verdict))

    # ------------------------------------------------------------ the debrief
    # each asks the node one question (node.debriefs: read on its loop, scored and written in its executor)
    # and the answer comes back on a signal: the GUI thread never waits for it
    def _answer(self, signal: SignalInstance, ask: Callable[[Node], Awaitable[Any]],
                refused: SignalInstance | None = None) -> None:
        async def run(node: Node) -> None:
            try:
                signal.emit(await ask(node))
            except NosediveError as exc:
                if refused is None:
                    raise
                refused.emit(str(exc))
        self._with_node(run)

    def request_debrief(self) -> None:
        """Gather the room's debrief; ``debrief`` carries it back."""
        self._answer(self.debrief, lambda node: node.debriefs.gather())

    def request_whatif(self, choice: str | None, rules_off: tuple[str, ...] = ()) -> None:
        """The session under *choice* (a preset's name or a policy file's path; None: the room's own rules) with
        *rules_off* turned off; ``whatif`` carries it back, ``whatif_refused`` says why not."""
        self._answer(self.whatif, lambda node: node.debriefs.what_if(choice, rules_off), self.whatif_refused)

    def export_debrief(self, folder: Path, choice: str | None = None, rules_off: tuple[str, ...] = ()) -> None:
        """Write the debrief into *folder*, with the comparison when *choice* or *rules_off* asks for one."""
        self._answer(self.debrief_exported, lambda node: node.debriefs.export(folder, choice, rules_off))
