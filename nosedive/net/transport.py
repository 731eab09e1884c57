"""The thin asyncio adapter: one TCP connection driving one :class:`Session`.

Everything the protocol decides is in the session; this only moves bytes and
enforces resource limits no peer may exceed: reads time out, writes time out
(a peer that stops reading cannot hold us), control frames are few, pushes sit
in a bounded queue (dropped when full: anti-entropy repairs that), backlog
frames are pulled only as fast as the socket drains, and received messages are
rate-limited per peer by a token bucket (we stop reading until it refills).

The queues hold :class:`~nosedive.net.events.Send` values, not wire bytes: a
frame is sealed (:meth:`Session.wire`) only when it is written, because sealed
frames are numbered and a push dropped from a full queue must never leave a
gap in that numbering.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from nosedive.net.events import (
    Authenticated,
    Closed,
    Event,
    PeerAddresses,
    Received,
    ReceivedFork,
    Send,
    TreeSignal,
    Welcomed,
)
from nosedive.net.session import Session

log = logging.getLogger("nosedive.net")
READ_CHUNK = 256 * 1024
MAX_QUEUED_PUSHES = 256
TICK_SECONDS = 1.0


class Handler(Protocol):
    """What a connection reports to its node (all called on the loop).

    A join that succeeds calls :meth:`on_welcomed` first (store the room's secret,
    enter the room), then :meth:`on_authenticated`; sync follows.
    """

    def on_welcomed(self, conn: Connection, event: Welcomed) -> None: ...
    def on_authenticated(self, conn: Connection, event: Authenticated) -> None: ...
    async def on_received(self, conn: Connection, raws: list[bytes]) -> None: ...
    def on_fork(self, conn: Connection, event: ReceivedFork) -> None: ...
    def on_tree(self, conn: Connection, event: TreeSignal) -> None: ...
    def on_peers(self, conn: Connection, event: PeerAddresses) -> None: ...
    def on_closed(self, conn: Connection, event: Closed) -> None: ...


class Connection:
    """One TCP connection: bytes between the socket and its session, events to the handler."""

    def __init__(
        self,
        session: Session,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        handler: Handler,
        *,
        outbound: bool,
        address: str,
        dialed: tuple[str, int] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session, self.reader, self.writer, self.handler = session, reader, writer, handler
        self.outbound, self.address, self.clock = outbound, address, clock
        self.dialed = dialed  # the (host, port) we dialled, for outbound connections
        self._control: deque[Send] = deque()
        self._pushes: deque[Send] = deque(maxlen=MAX_QUEUED_PUSHES)
        self._wake = asyncio.Event()
        self._closed = asyncio.Event()
        limits = session.limits
        self._tokens, self._rate, self._burst = limits.message_burst, limits.messages_per_second, limits.message_burst
        self._refilled = clock()
        self.dropped_pushes = 0
        self.last_received = -1e9  # when messages from the peer last came (its clock), for background work to wait

    @property
    def peer_key(self) -> str:
        return self.session.peer_key

    @property
    def is_open(self) -> bool:
        return self.session.is_open and not self._closed.is_set()

    # ------------------------------------------------------------ running
    async def run(self) -> None:
        writer_task = asyncio.create_task(self._write_loop(), name=f"write {self.address}")
        try:
            await self.handle(self.session.start(self.clock()))
            await self._read_loop()
        except (ConnectionError, OSError) as exc:
            await self.handle(self.session.connection_lost(f"connection lost: {exc}"))
        finally:
            self._closed.set()
            self._wake.set()
            writer_task.cancel()
            await asyncio.gather(writer_task, return_exceptions=True)
            self.writer.close()
            try:
                await asyncio.wait_for(self.writer.wait_closed(), 2)
            except (TimeoutError, ConnectionError, OSError):
                pass
            for event in self.session.connection_lost("connection ended"):  # empty if it closed already
                if isinstance(event, Closed):
                    self.handler.on_closed(self, event)

    async def _read_loop(self) -> None:
        while not self._closed.is_set():
            try:
                data = await asyncio.wait_for(self.reader.read(READ_CHUNK), TICK_SECONDS)
            except TimeoutError:
                await self.handle(self.session.tick(self.clock()))
                continue
            if not data:
                await self.handle(self.session.close("the peer closed the connection", "eof", tell_peer=False))
                return
            await self.handle(self.session.receive(data, self.clock()))
            await self.handle(self.session.tick(self.clock()))

    async def _write_loop(self) -> None:
        timeout = self.session.limits.idle_timeout
        while True:
            frame = self._next_frame()
            if frame is None:
                if self._closed.is_set():
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            self.writer.write(self.session.wire(frame))
            self.session.sent(self.clock())
            try:
                await asyncio.wait_for(self.writer.drain(), timeout)
            except (TimeoutError, ConnectionError, OSError):
                self._closed.set()
                self.reader.feed_eof()
                return

    def _next_frame(self) -> Send | None:
        if self._control:
            return self._control.popleft()
        if self._pushes:
            return self._pushes.popleft()
        if self.session.is_open and self.session.backlog_pending:
            frames = self.session.next_backlog_frames()
            if frames:
                self._control.extend(frames[1:])
                return frames[0]
        return None

    # ------------------------------------------------------------ events
    async def handle(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, Send):
                self._control.append(event)
                self._wake.set()
            elif isinstance(event, Received):
                self.last_received = self.clock()
                await self._throttle(len(event.raws))
                await self.handler.on_received(self, event.raws)
            elif isinstance(event, Welcomed):
                self.handler.on_welcomed(self, event)
            elif isinstance(event, Authenticated):
                self.handler.on_authenticated(self, event)
                self._wake.set()
            elif isinstance(event, ReceivedFork):
                self.handler.on_fork(self, event)
            elif isinstance(event, TreeSignal):
                self.handler.on_tree(self, event)
            elif isinstance(event, PeerAddresses):
                self.handler.on_peers(self, event)
            elif isinstance(event, Closed):
                await self._flush_control()
                self._closed.set()
                self._wake.set()
                self.handler.on_closed(self, event)
        if self.session.backlog_pending:
            self._wake.set()

    def push(self, frames: list[Event]) -> None:
        """Queue eager pushes; the oldest are dropped when the peer reads too slowly."""
        for event in frames:
            if isinstance(event, Send):
                if len(self._pushes) == self._pushes.maxlen:
                    self.dropped_pushes += 1
                self._pushes.append(event)
        self._wake.set()

    def send(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, Send):
                self._control.append(event)
        self._wake.set()

    async def _flush_control(self) -> None:
        """Best effort: let the peer read why we close (e.g. 'no such room here')."""
        try:
            while self._control:
                self.writer.write(self.session.wire(self._control.popleft()))
            await asyncio.wait_for(self.writer.drain(), 1.0)
        except (TimeoutError, ConnectionError, OSError):
            pass

    async def _throttle(self, count: int) -> None:
        now = self.clock()
        self._tokens = min(self._burst, self._tokens + (now - self._refilled) * self._rate)
        self._refilled = now
        self._tokens -= count
        if self._tokens < 0:  # over the rate: stop reading this peer until the bucket refills
            await asyncio.sleep(-self._tokens / self._rate)

    async def close(self, reason: str, code: str = "bye") -> None:
        await self.handle(self.session.close(reason, code))
