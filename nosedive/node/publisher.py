"""Snapshots for the listeners, at most one per interval, and the warning when nobody is found."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from nosedive.core.i18n import _
from nosedive.core.messages import now_ms
from nosedive.node.bus import EventBus
from nosedive.room.events import NodeEvent, NoPeersFound, PeerDown, PeerUp, SnapshotChanged
from nosedive.room.snapshot import RoomSnapshot

log = logging.getLogger("nosedive.node")


class Publisher:
    """Marks the room changed (cheap, any number of times) and publishes a snapshot when due.

    It listens on the bus itself: a peer coming or going changes the snapshot, and the
    first peer clears the no-peer warning.
    """

    def __init__(self, bus: EventBus, snapshot: Callable[[], RoomSnapshot | None], *, interval: float,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._bus, self._snapshot, self._interval, self._sleep = bus, snapshot, interval, sleep
        self._dirty = asyncio.Event()
        self.warning: str | None = None
        self._wake: asyncio.TimerHandle | None = None  # publishes again when the next record or penalty is due

    def mark_dirty(self) -> None:
        self._dirty.set()

    def on_event(self, event: NodeEvent) -> None:
        if isinstance(event, PeerUp):
            self.warning = None
            self._dirty.set()
        elif isinstance(event, PeerDown):
            self._dirty.set()

    async def run(self) -> None:
        """Publish when something changed, then rest for the interval: changes meanwhile merge."""
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            snapshot = self._snapshot()
            if snapshot is not None:
                self._bus.emit(SnapshotChanged(snapshot))
                self._wake_when_due(snapshot)
            await self._sleep(self._interval)

    def _wake_when_due(self, snapshot: RoomSnapshot) -> None:
        """Records and penalties start and end by the clock alone, with no message: mark the room
        changed when the next one is due, so every screen shows the new score without waiting."""
        if self._wake is not None:
            self._wake.cancel()
        due = snapshot.scores.records.next_change()
        if due is not None:
            delay = max(0.0, (due - now_ms()) / 1000) + 0.005  # the loop's timers may fire a hair early
            self._wake = asyncio.get_running_loop().call_later(delay, self._dirty.set)

    async def warn_if_alone(self, after: float, alone: Callable[[], bool], addresses: Callable[[], tuple[str, ...]],
                            port: int, trouble: Callable[[], str | None] = lambda: None) -> None:
        """After *after* seconds without a peer, say how another machine can add this one by hand.

        *trouble*: why our own mDNS failed, if it did; then the network is not blamed."""
        await self._sleep(after)
        if not alone():
            return
        shown = addresses()
        where = _(" or ").join(shown) if shown else _("this machine's address, port {port}").format(port=port)
        ours = trouble()
        said = (_("No one found after {seconds} s. This node's own LAN discovery failed ({trouble}) and is being "
                  "restarted; meanwhile on another machine, add this one as a peer: {where}") if ours else
                _("No one found after {seconds} s. The network may block multicast: on another machine, add this one "
                  "as a peer: {where}"))
        self.warning = said.format(seconds=f"{after:.0f}", trouble=ours, where=where)
        log.warning(self.warning)
        self._bus.emit(NoPeersFound(after, shown))
        self._dirty.set()
