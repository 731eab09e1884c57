"""What runs beside the node wherever the node runs (its thread, or its own process): Qt-free.

``NodeBridge.start(after_start=...)`` takes a hook called once the node is up, with the node and an
:class:`EngineContext`. The hook runs in the engine (thread or child process), so it must be
picklable — a module-level function, a frozen dataclass or a ``functools.partial`` of one — and
it sends what the window needs with ``context.post(signal, value)``: the bridge emits it as
``posted(signal, value)`` in the GUI process (the wall's boards, for example).
"""
from __future__ import annotations

import logging
import random
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from nosedive.node import stable_port
from nosedive.node.node import Node
from nosedive.room.events import SnapshotChanged
from nosedive.room.snapshot import RoomSnapshot
from nosedive.room.wall import WallBoards

if TYPE_CHECKING:  # the simulation is only ever handed in (by `nosedive demo`), never imported here
    from nosedive.sim.simulation import Simulation

log = logging.getLogger("nosedive.ui")
Post = Callable[[str, object], None]


@dataclass
class EngineContext:
    """What a hook may use besides the node: a way to the window, and the demo's simulated people."""

    post: Post
    simulation: Simulation | None = None


class Hook(Protocol):
    def __call__(self, node: Node, context: EngineContext) -> Awaitable[None]: ...


@dataclass(frozen=True)
class Hooks:
    """Several hooks, run in order."""

    hooks: tuple[Hook, ...]

    async def __call__(self, node: Node, context: EngineContext) -> None:
        for hook in self.hooks:
            await hook(node, context)


async def remember_port(node: Node, context: EngineContext) -> None:
    """A kiosk's or wall's node asks for the same port next time (nosedive/node/stable_port.py)."""
    stable_port.remember(node.data, node.port)


async def wall_boards(node: Node, context: EngineContext) -> None:
    """Make a wall board of every new snapshot, here beside the node, and post it as ``board``."""
    boards, lock = WallBoards(), threading.Lock()

    def show(snapshot: RoomSnapshot) -> None:
        with lock:
            try:
                board = boards.board(snapshot)
            except Exception:  # a board that cannot be made must not stop the node's listeners
                log.exception("the wall could not show snapshot %d", snapshot.version)
                return
        context.post("board", board)

    def on_event(event: object) -> None:
        if isinstance(event, SnapshotChanged):
            show(event.snapshot)
    node.subscribe(on_event)
    snapshot = node.snapshot()
    if snapshot is not None:
        show(snapshot)


@dataclass(frozen=True)
class DemoWelcome:
    """The demo's room greets its newcomer (a few ratings, two friendships, which the newcomer accepts)."""

    seed: int | None

    async def __call__(self, node: Node, context: EngineContext) -> None:
        if context.simulation is None:
            return
        await node.ready(60)
        for friend in await context.simulation.welcome(node.identity.public_hex, random.Random(self.seed)):
            await node.befriend(friend, True)
