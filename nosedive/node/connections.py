"""Running connections: accepting them, the transport's callbacks, and one connection per peer."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.net.events import PeerAddresses, TreeSignal
from nosedive.net.frames import control
from nosedive.net.handshake import NO_ROOM, Credentials
from nosedive.net.peers import PeerCache, format_address
from nosedive.net.protocol import Authenticated, Closed, Limits, ReceivedFork, Session, Welcomed
from nosedive.net.transport import Connection
from nosedive.node.bus import EventBus
from nosedive.node.keyring import Keyring
from nosedive.node.links import Links
from nosedive.node.replication import Replication
from nosedive.node.tasks import TaskSet
from nosedive.room.events import PeerDown, PeerUp

log = logging.getLogger("nosedive.node")
QUIET_CLOSES = ("no-room", "duplicate", "bye")  # expected: not worth a log line
#: What a node in no room (or without its secret) answers every dialler, like any mismatch.
NO_ROOM_FRAME = control({"t": "error", "code": "no-room", "text": NO_ROOM})


def initiated_by_smaller_key(me: str, peer: str, outbound: bool) -> bool:
    """When both sides dialled each other, both keep the connection the smaller key initiated."""
    initiator = me if outbound else peer
    return initiator == min(me, peer)


class Connections:
    """Runs each connection (accepted here or dialled by the :class:`~nosedive.node.dialer.Dialer`)
    and is the transport's :class:`~nosedive.net.transport.Handler` for all of them."""

    def __init__(self, identity: Identity, ledger: Ledger, links: Links, room: Replication, bus: EventBus,
                 peer_cache: PeerCache, tasks: TaskSet, keyring: Keyring, *, limits: Limits, name: str,
                 enter: Callable[[str], None], admits: Callable[[str], bool]) -> None:
        self._identity, self._ledger, self._links, self._room, self._bus = identity, ledger, links, room, bus
        self._peer_cache, self._tasks, self._keyring = peer_cache, tasks, keyring
        self._limits, self._name, self._enter, self._admits = limits, name, enter, admits
        self._server: asyncio.Server | None = None
        self._endings: dict[Connection, Closed] = {}
        self.port = 0
        self.learned: Callable[[str, int], None] = lambda host, port: None  # the dialer's, set by the node

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
        acceptance = self._keyring.accepting(self._room.room_id)
        if acceptance is None:  # no room here: the same answer as any mismatch, and goodbye
            writer.write(NO_ROOM_FRAME)
            writer.close()
            try:
                await asyncio.wait_for(writer.wait_closed(), 2)
            except (TimeoutError, ConnectionError, OSError):
                pass
            return
        session = Session(self._identity, acceptance.member, self._ledger, dialer=False, join_code=acceptance.code,
                          limiter=self._keyring.limiter, peer_address=str(peer[0]), admits=self._admits,
                          limits=self._limits, listen_port=self.port, name=self._name, clock=self._room.clock.now)
        await self._run(session, reader, writer, address=format_address(peer[0], peer[1]))

    async def dial(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, credentials: Credentials, *,
                   dialed: tuple[str, int]) -> Closed | None:
        """One connection we opened, proving *credentials*, until it closes; returns how it ended."""
        session = Session(self._identity, credentials, self._ledger, dialer=True, admits=self._admits,
                          limits=self._limits, listen_port=self.port, name=self._name, clock=self._room.clock.now)
        return await self._run(session, reader, writer, address=format_address(*dialed), dialed=dialed)

    async def _run(self, session: Session, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                   address: str, dialed: tuple[str, int] | None = None) -> Closed | None:
        conn = Connection(session, reader, writer, self, outbound=dialed is not None, address=address, dialed=dialed)
        self._links.all.add(conn)
        try:
            await conn.run()
        finally:
            self._links.all.discard(conn)
        return self._endings.pop(conn, None)

    # ------------------------------------------------------------ the transport's callbacks
    def on_welcomed(self, conn: Connection, event: Welcomed) -> None:
        """Let in with the code: keep the secret, leave any other room, and be in this one before its
        messages arrive (they follow on this very connection)."""
        self._keyring.welcomed(event)
        if event.room_id == self._room.room_id:
            return
        for other in list(self._links.all):  # sessions of another room go; other joins in flight stay
            if other.session.room_id not in ("", event.room_id):
                self._tasks.spawn(other.close("changing rooms", "bye"), name=f"close {other.address}")
        self._enter(event.room_id)

    def on_authenticated(self, conn: Connection, event: Authenticated) -> None:
        existing = self._links.by_key.get(event.peer_key)
        if existing is not None and existing is not conn and existing.is_open:
            keep_new = initiated_by_smaller_key(self._identity.public_hex, event.peer_key, conn.outbound)
            loser = existing if keep_new else conn
            self._tasks.spawn(loser.close("duplicate connection", "duplicate"), name=f"close {loser.address}")
            if not keep_new:
                return
        self._links.by_key[event.peer_key] = conn
        self._room.tree.up(conn)
        conn.send(conn.session.tell_peers(self._links.listening(but=event.peer_key)))  # one link reaches all
        self._room.clock.note_peer(event.peer_key, conn.session.peer_clock)
        if event.peer_port:
            self._peer_cache.remember(event.peer_key, conn.address.rpartition(":")[0], event.peer_port)
        log.info("peer up: %s (%s) at %s", event.peer_name or "?", event.peer_key[:12], conn.address)
        self._bus.emit(PeerUp(event.peer_key, conn.address))

    async def on_received(self, conn: Connection, raws: list[bytes]) -> None:
        await self._room.receive(conn, raws)

    def on_fork(self, conn: Connection, event: ReceivedFork) -> None:
        self._room.receive_fork(conn, event)

    def on_peers(self, conn: Connection, event: PeerAddresses) -> None:
        """Dial where the peer's other peers listen, if I have no link to that key (nor that address) yet."""
        known = self._links.reachable()
        for key, host, port in event.peers:
            if key not in self._links.by_key and key != self._identity.public_hex and (host, port) not in known:
                self.learned(host, port)

    def on_tree(self, conn: Connection, event: TreeSignal) -> None:
        self._room.tree.on_signal(conn, event)

    def on_closed(self, conn: Connection, event: Closed) -> None:
        self._endings[conn] = event
        if event.code not in QUIET_CLOSES:
            log.info("peer %s closed: %s", conn.address, event.reason)
        if self._links.by_key.get(conn.peer_key) is conn:
            del self._links.by_key[conn.peer_key]
            self._room.tree.down(conn)
            self._bus.emit(PeerDown(conn.peer_key, event.reason))
