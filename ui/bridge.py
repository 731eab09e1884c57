"""The window's one way to the node: frozen snapshots and events in, named commands out.

The GUI thread never waits on the network, the disk or the node: the node runs in a process of
its own (:mod:`nosedive.ui.engine_process`; the app, the kiosk and the wall) or, for tests that
reach into the node directly, on a thread of this process (:mod:`nosedive.ui.engine_thread`).
:func:`new_engine` is the one place that chooses. Either way, what the node publishes crosses into
the GUI thread through signals connected explicitly as queued connections, and a command is a name
and arguments (``rate(key, 4)`` → ``("rate", (key, 4, ""))``) whose failure comes back through
``error``. A crash (or, for the process, a hang) of the engine is logged, said in the window, and
the node started again on the same data folder and port (``restarted``).
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance

from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.net.peers import parse_address
from nosedive.node.node import NodeConfig
from nosedive.room.events import NodeError, NoPeersFound, PeerDown, PeerUp, RatedYou, RoomsDiscovered, SnapshotChanged
from nosedive.room.snapshot import RoomSnapshot

from .engine_hooks import Hook
from .engine_process import EngineProcess, ProcessLink
from .engine_thread import STARTUP_WAIT, EngineThread, ThreadLink
from .tr import tr

if TYPE_CHECKING:  # the simulation is only ever handed in (by `nosedive demo`), never imported here
    from collections.abc import Callable

    from nosedive.sim.simulation import Simulation

__all__ = ["STARTUP_WAIT", "EngineProcess", "EngineThread", "NodeBridge", "new_engine"]
log = logging.getLogger("nosedive.ui")
Engine = EngineThread | EngineProcess


def new_engine() -> Engine:
    """The engine the app, the kiosk and the wall run: a process of its own."""
    return EngineProcess()


class NodeBridge(QObject):
    """Signals: snapshot(RoomSnapshot), rated_you(FeedItem), no_peers(NoPeersFound),
    rooms(tuple[DiscoveredRoom]), peer_up(PeerUp), peer_down(PeerDown), error(str), started(),
    debrief(DebriefData), debrief_exported(Exported), whatif(WhatIf), whatif_refused(str), restarted(),
    posted(str, object)."""

    snapshot = Signal(object)
    rated_you = Signal(object)
    no_peers = Signal(object)
    rooms = Signal(object)
    peer_up = Signal(object)
    peer_down = Signal(object)
    error = Signal(str)
    started = Signal()
    debrief = Signal(object)  # DebriefData, gathered beside the node (request_debrief)
    debrief_exported = Signal(object)  # nosedive.debrief.Exported: the folder written (export_debrief)
    whatif = Signal(object)  # nosedive.debrief.whatif.WhatIf: the session under other rules (request_whatif)
    whatif_refused = Signal(str)  # why a what-if could not be answered (a bad policy file), in one line
    restarted = Signal()  # the engine crashed (or hung) and a new node started in its place
    posted = Signal(str, object)  # what an ``after_start`` hook posts (the wall's boards: "board")
    _crash_seen = Signal()  # from the dying engine thread, once it let go of the node
    _engine_gone = Signal(str, int)  # from the engine process's reader: "crashed" | "hung", which child
    _inbox_ready = Signal()  # from the engine process's reader: messages wait in the link's inbox

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._link: ThreadLink | ProcessLink = (ProcessLink(self, engine) if isinstance(engine, EngineProcess)
                                                else ThreadLink(self, engine))
        self.latest: RoomSnapshot | None = None
        self._crash_seen.connect(self._on_crash_seen, Qt.ConnectionType.QueuedConnection)
        self._engine_gone.connect(self._on_engine_gone, Qt.ConnectionType.QueuedConnection)
        self._inbox_ready.connect(self._on_inbox_ready, Qt.ConnectionType.QueuedConnection)

    @property
    def engine(self) -> Engine:
        return self._link.engine

    @property
    def node(self) -> Any:
        """The node (thread mode), what is known of it (process mode: port, data folder, key), or None."""
        return self._link.node

    @property
    def simulation(self) -> Simulation | None:
        return self._link.simulation

    def connect_to(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        """Always queued: slots run in the receiver's (GUI) thread, never in the engine's."""
        signal.connect(slot, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------ lifecycle
    def start(self, config: NodeConfig, simulation: Simulation | None = None,
              after_start: Hook | None = None, identity: Identity | None = None) -> None:
        """Start the node in the engine; *identity* replaces the one in the data folder (a wall's
        watch-only key); *after_start* runs beside the node once it is up (see engine_hooks)."""
        self._link.start(config, simulation, after_start, identity)

    def shutdown(self, timeout: float = 10.0, keep_engine: bool = False) -> None:
        """Stop the node (and the simulated people), then the engine (unless another node shares its thread)."""
        self._link.shutdown(timeout, keep_engine)

    def _on_crash_seen(self) -> None:
        if isinstance(self._link, ThreadLink):
            self._link.on_crash_seen()

    def _on_inbox_ready(self) -> None:
        if isinstance(self._link, ProcessLink):
            self._link.drain()

    def _on_engine_gone(self, reason: str, generation: int) -> None:
        if isinstance(self._link, ProcessLink):
            self._link.on_gone(reason, generation)

    def engine_lost(self, reason: str) -> None:
        """Say in the window that the engine stopped (or hung) and is starting again."""
        self.error.emit(tr("The engine stopped responding and is restarting…") if reason == "hung"
                        else tr("The engine stopped and is restarting…"))

    # ------------------------------------------------------------ from the engine (any thread)
    def _deliver(self, event: object) -> None:
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

    def _post(self, signal: str, value: object) -> None:
        """A result from the engine: on the signal of that name (debrief, debrief_exported…), else ``posted``."""
        own = getattr(type(self), signal, None) if not signal.startswith("_") else None
        if isinstance(own, Signal) and signal not in ("posted", "error", "started", "restarted"):
            getattr(self, signal).emit(value)
        else:
            self.posted.emit(signal, value)

    # ------------------------------------------------------------ commands (GUI thread)
    def _call(self, name: str, *args: object, reply: str | None = None, refused: str | None = None) -> None:
        """Send the command *name* (a node command, or a part's: "debriefs.what_if"); its result, if *reply*
        names a signal of this bridge, comes back on it; its refusal (a NosediveError) on *refused* if given,
        else on ``error``. Arguments and results cross a process: picklable."""
        self._link.call(name, args, reply, refused)

    def rate(self, key: str, stars: int, note: str = "") -> None:
        self._call("rate", key, stars, note)

    def befriend(self, key: str, on: bool) -> None:
        self._call("befriend", key, on)

    def admit(self, key: str) -> None:
        self._call("admit", key)

    def expel(self, key: str) -> None:
        self._call("expel", key)

    def set_profile(self, name: str, avatar: bytes = b"") -> None:
        self._call("set_profile", name, avatar)

    def join_room(self, room_id: str) -> None:
        """Enter a room this machine holds the secret of."""
        self._call("join_room", room_id)

    def join_with_code(self, code: str) -> None:
        """Join with the code the facilitator shows; a wrong one comes back on ``error``."""
        self._call("join_with_code", code)

    def create_room(self, name: str, preset: str) -> None:
        self._call("create_room", name, preset)

    def add_peer(self, text: str) -> None:
        try:
            host, port = parse_address(text)
        except NosediveError as exc:
            self.error.emit(str(exc))
            return
        self._call("add_peer", host, port)

    # ------------------------------------------------------------ the facilitator's (node commands)
    def start_round(self, minutes: int | None = None) -> None:
        self._call("start_round", minutes)

    def pause_round(self) -> None:
        self._call("pause_round")

    def resume_round(self) -> None:
        self._call("resume_round")

    def end_round(self) -> None:
        self._call("end_round")

    def announce(self, text: str) -> None:
        self._call("announce", text)

    def change_policy(self, policy: Mapping[str, Any]) -> None:
        self._call("change_policy", dict(policy))

    # ------------------------------------------------------------ records (node commands; the node refuses with why)
    def report(self, key: str, act: str, note: str = "", agency: str = "") -> None:
        self._call("report", key, act, note, agency)

    def appeal(self, record: str) -> None:
        self._call("appeal", record)

    def confirm(self, record: str) -> None:
        self._call("confirm", record)

    def rule(self, record: str, verdict: str) -> None:
        self._call("rule", record, verdict)

    # ------------------------------------------------------------ groups (node.groups; the node refuses with why)
    def create_group(self, kind: str, name: str, parent: str = "") -> None:
        self._call("groups.create", kind, name, parent)

    def add_to_group(self, group: str, person: str) -> None:
        self._call("groups.add", group, person)

    def join_group(self, group: str) -> None:
        self._call("groups.join", group)

    def leave_group(self, group: str) -> None:
        self._call("groups.leave", group)

    # ------------------------------------------------------------ the debrief
    # each asks the node one question (node.debriefs: read on its loop, scored and written in its executor)
    # and the answer comes back on a signal: the GUI thread never waits for it
    def request_debrief(self) -> None:
        """Gather the room's debrief; ``debrief`` carries it back."""
        self._call("debriefs.gather", reply="debrief")

    def request_whatif(self, choice: str | None, rules_off: tuple[str, ...] = ()) -> None:
        """The session under *choice* (a preset's name or a policy file's path; None: the room's own rules) with
        *rules_off* turned off; ``whatif`` carries it back, ``whatif_refused`` says why not."""
        self._call("debriefs.what_if", choice, tuple(rules_off), reply="whatif", refused="whatif_refused")

    def export_debrief(self, folder: Path, choice: str | None = None, rules_off: tuple[str, ...] = ()) -> None:
        """Write the debrief into *folder*, with the comparison when *choice* or *rules_off* asks for one."""
        self._call("debriefs.export", folder, choice, tuple(rules_off), reply="debrief_exported")
