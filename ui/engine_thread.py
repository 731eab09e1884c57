"""The node on a thread of the window's process, with its own asyncio loop (the older mode).

Kept for tests that reach into the node directly (``bridge.node`` is the :class:`Node` itself);
the app, the kiosk and the wall run the node in its own process (:mod:`nosedive.ui.engine_process`).
Commands run as coroutines on the engine loop (``run_coroutine_threadsafe``); the node's listeners
run on that thread and the bridge's signals carry their frozen values to the GUI thread, queued.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.node.node import Node, NodeConfig

from . import engine_commands
from .engine_hooks import EngineContext, Hook
from .engine_wire import for_restart

if TYPE_CHECKING:
    from nosedive.sim.simulation import Simulation

    from .bridge import NodeBridge

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
        if not self.thread.is_alive():
            self.thread.start()
            self._ready.wait(10)

    def submit(self, coroutine: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def stop(self) -> None:
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)

    def sibling(self) -> EngineThread:
        """Where another node of this window runs (a kiosk's visitor): this same thread."""
        return self


class ThreadLink:
    """The bridge's side of a node on an :class:`EngineThread`."""

    def __init__(self, bridge: NodeBridge, engine: EngineThread) -> None:
        self.bridge, self.engine = bridge, engine
        self.engine.start()
        self.node: Node | None = None
        self.simulation: Simulation | None = None
        self._node_started = asyncio.Event()  # bound to the engine loop on first use (Python ≥ 3.10)
        self._identity: Identity | None = None
        self._started_with: tuple[NodeConfig, Hook | None] | None = None

    def start(self, config: NodeConfig, simulation: Simulation | None, after_start: Hook | None,
              identity: Identity | None) -> None:
        self.simulation = simulation
        self._identity, self._started_with = identity, (config, after_start)
        self.engine.on_crash, self.engine.after_crash = self._wind_down, self.bridge._crash_seen.emit
        self._submit(self._start(config, after_start))

    async def _wind_down(self) -> None:
        if self.node is not None:
            await self.node.stop()

    def on_crash_seen(self) -> None:
        """In the GUI thread, once the crashed thread let go of the node: a new thread, the same port."""
        if self.engine.crashed is None or self._started_with is None:
            return
        log.error("restarting the node after its thread crashed (%s)", self.engine.crashed)
        self.engine.thread.join(10)
        port = self.node.port if self.node is not None else 0
        self.node = None
        self.engine = EngineThread()
        self.engine.start()
        self._node_started = asyncio.Event()  # bound to the old loop: a new one for the new loop
        config, after_start = self._started_with
        self.start(for_restart(config, port), None, after_start, self._identity)
        self.bridge.restarted.emit()

    async def _start(self, config: NodeConfig, after_start: Hook | None) -> None:
        if self.simulation is not None:
            _, addresses = await self.simulation.start()  # our node joins the simulated room with its code
            config = replace(config, code=self.simulation.join_code, peers=tuple(addresses) + config.peers)
        node = Node.open(config, self._identity)
        node.subscribe(self.bridge._deliver)
        await node.start()
        self.node = node
        self._node_started.set()
        self.bridge.started.emit()
        snapshot = node.snapshot()
        if snapshot is not None:
            self.bridge.latest = snapshot
            self.bridge.snapshot.emit(snapshot)
        if node.discovered_rooms():
            self.bridge.rooms.emit(node.discovered_rooms())
        if after_start is not None:
            await after_start(node, EngineContext(self.bridge._post, self.simulation))

    def shutdown(self, timeout: float, keep_engine: bool = False) -> None:
        """Stop the node (and the simulated people), then the loop unless another node shares it."""
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
        if not keep_engine:
            self.engine.stop()

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
            self.bridge.error.emit(str(exc))
        elif exc is not None:
            log.error("command failed", exc_info=exc)
            self.bridge.error.emit(f"something went wrong: {exc}")

    def call(self, name: str, args: Sequence[object], reply: str | None = None, refused: str | None = None) -> None:
        async def run() -> None:
            try:  # a command sent while the node starts (onboarding is quick) waits for it
                await asyncio.wait_for(self._node_started.wait(), STARTUP_WAIT)
            except TimeoutError:
                pass
            if self.node is None:
                raise NosediveError("still starting up; try again in a moment")
            await engine_commands.run(self.node, name, args, self.bridge._post, reply, refused)
        self._submit(run())

