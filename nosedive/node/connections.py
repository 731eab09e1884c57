"""Running connections: accepting them, the transport's callbacks, and one connection per peer."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.net.peers import PeerCache, format_address
from nosedive.net.protocol import Authenticated, Closed, Limits, ReceivedFork, RoomAdvert, Session
from nosedive.net.transport import Connection
from nosedive.node.bus import EventBus
from nosedive.node.links import Links
from nosedive.node.replication import Replication
from nosedive.node.tasks import TaskSet
from nosedive.room.events import PeerDown, PeerUp
from nosedive.room.snapshot import DiscoveredRoom

log = logging.getLogger("nosedive.node")
QUIET_CLOSES = ("roominfo", "duplicate", "bye")  # expected: not worth a log line


def initiated_by_smaller_key(me: str, peer: str, outbound: bool) -> bool:
    """When both sides dialled each other, both keep the connection the smaller key initiated."""
    initiator = me if outbound else peer
    return initiator == min(me, peer)


class Connections:
    """Runs each connection (accepted here or dialled by the :class:`~nosedive.node.dialer.Dialer`)
    and is the transport's :class:`~nosedive.net.transport.Handler` for all of them."""

    def __init__(self, identity: Identity, ledger: Ledger, links: Links, room: Replication, bus: EventBus,
                 peer_cache: PeerCache, tasks: TaskSet, *, limits: Limits, name: str,
                 learn: Callable[[DiscoveredRoom], None]) -> None:
        self._identity, self._ledger, self._links, self._room, self._bus = identity, ledger, links, room, bus
        self._peer_cache, self._tasks, self._limits, self._name, self._learn = peer_cache, tasks, limits, name, learn
        self._server: asyncio.Server | None = None
        self.port = 0

    async def listen(self, host: str, port: int) -> int:
        self._server = await asyncio.start_server(self._accept, host, port)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    async def close_all(self, reason: str) -> None:
        for conn in list(self._links.all):
            await conn.close(reason, "bye")

    async def stop(self) -> None:
        """Say goodbye to every peer, let the connections end (cancel stragglers), stop listening."""
        await self.close_all("node shutting down")
        await self._tasks.drain(timeout=3)  # closed connections end by themselves
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:  # the server started this task: keep it with ours, so stop waits for it
            self._tasks.adopt(task)
        peer = writer.get_extra_info("peername") or ("?", 0)
        await self.run(reader, writer, outbound=False, address=format_address(peer[0], peer[1]))

    async def run(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, outbound: bool,
                  address: str, dialed: tuple[str, int] | None = None) -> None:
        """One connection, from the handshake until it closes."""
        session = Session(self._identity, self._room.room_id, self._ledger, limits=self._limits,
                          listen_port=self.port, name=self._name, room_info=self._room.advert)
        conn = Connection(session, reader, writer, self, outbound=outbound, address=address, dialed=dialed)
        self._links.all.add(conn)
        try:
            await conn.run()
        finally:
            self._links.all.discard(conn)

    # ------------------------------------------------------------ the transport's callbacks
    def on_authenticated(self, conn: Connection, event: Authenticated) -> None:
        existing = self._links.by_key.get(event.peer_key)
        if existing is not None and existing is not conn and existing.is_open:
            keep_new = initiated_by_smaller_key(self._identity.public_hex, event.peer_key, conn.outbound)
            loser = existing if keep_new else conn
            self._tasks.spawn(loser.close("duplicate connection", "duplicate"), name=f"close {loser.address}")
            if not keep_new:
                return
        self._links.by_key[event.peer_key] = conn
        if event.peer_port:
            self._peer_cache.remember(event.peer_key, conn.address.rpartition(":")[0], event.peer_port)
        log.info("peer up: %s (%s) at %s", event.peer_name or "?", event.peer_key[:12], conn.address)
        self._bus.emit(PeerUp(event.peer_key, conn.address))

    async def on_received(self, conn: Connection, raws: list[bytes]) -> None:
        await self._room.receive(conn, raws)

    def on_fork(self, conn: Connection, event: ReceivedFork) -> None:
        self._room.receive_fork(conn, event)

    def on_room_info(self, conn: Connection, event: RoomAdvert) -> None:
        self._learn(DiscoveredRoom(event.room_id, event.name, event.facilitator, event.people,
                                   (conn.address,) if conn.dialed else ()))

    def on_closed(self, conn: Connection, event: Closed) -> None:
        if event.code not in QUIET_CLOSES:
            log.info("peer %s closed: %s", conn.address, event.reason)
        if self._links.by_key.get(conn.peer_key) is conn:
            del self._links.by_key[conn.peer_key]
            self._bus.emit(PeerDown(conn.peer_key, event.reason))
