"""The node: one person's identity, ledger, scores and peers on one asyncio loop.

It publishes events (:mod:`nosedive.events`) to whoever listens — the CLI, the
desktop app — and takes commands (rate, befriend, join…). Listeners are called
on the node's loop thread; the app's bridge carries them over to Qt.
"""
from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nosedive.core import paths, policy
from nosedive.core.errors import NosediveError, UsageError
from nosedive.core.identity import Identity, load_or_create
from nosedive.core.messages import Message
from nosedive.ledger.store import Ledger
from nosedive.net.peers import PeerCache, format_address
from nosedive.net.protocol import Authenticated, Closed, Limits, ReceivedFork, RoomAdvert, Session
from nosedive.net.transport import Connection
from nosedive.room.events import (
    NodeError,
    NodeEvent,
    NoPeersFound,
    PeerDown,
    PeerUp,
    RatedYou,
    RoomsDiscovered,
    SnapshotChanged,
)
from nosedive.room.resolve import current_room_id, remember_room
from nosedive.room.snapshot import DiscoveredRoom, RoomSnapshot
from nosedive.room.view import RoomView

log = logging.getLogger("nosedive.node")
INGEST_CHUNK = 500


@dataclass(frozen=True)
class NodeConfig:
    data_dir: Path
    room: str | None = None  # room id or name to join; None = the last room used, if any
    create_room: str | None = None  # create a room with this name (and join it)
    preset: str = "nosedive"
    name: str | None = None  # publish a profile with this name if it differs from my latest
    avatar: bytes | None = None
    peers: tuple[tuple[str, int], ...] = ()
    host: str = "0.0.0.0"
    port: int = 0
    discovery: bool = True
    no_peer_warning_after: float = 10.0
    limits: Limits = field(default_factory=Limits)
    anti_entropy_interval: float = 5.0
    redial_interval: float = 5.0
    watch_interval: float = 0.5  # how often to look for messages another process appended
    snapshot_interval: float = 0.1  # at most ten snapshots a second


class Node:
    def __init__(self, config: NodeConfig, identity: Identity | None = None) -> None:
        self.config = config
        self.data = paths.data_dir(config.data_dir)
        self.identity = identity or load_or_create(paths.key_path(self.data))
        self.ledger = Ledger(paths.ledger_path(self.data))
        self.peer_cache = PeerCache(self.data / "peers.json")
        self.view: RoomView | None = None
        self.room_id: str | None = None
        self.port = 0
        self._listeners: list[Callable[[NodeEvent], None]] = []
        self._connections: set[Connection] = set()
        self._by_key: dict[str, Connection] = {}
        self._dialing: set[tuple[str, int]] = set()
        self._discovered: dict[str, DiscoveredRoom] = {}
        self._wanted_name: str | None = None
        self._tasks: list[asyncio.Task] = []
        self._conn_tasks: set[asyncio.Task] = set()
        self._server: asyncio.Server | None = None
        self._discovery = None
        self._dirty = asyncio.Event()
        self._seen_rowid = 0
        self._warning: str | None = None
        self._stopping = False
        self._profile: tuple[str | None, bytes] = (config.name, config.avatar or b"")
        self._ready = asyncio.Event()

    # ------------------------------------------------------------ listeners
    def subscribe(self, listener: Callable[[NodeEvent], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, event: NodeEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not stop the node
                log.exception("listener failed on %s", type(event).__name__)

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, self.config.host, self.config.port)
        self.port = self._server.sockets[0].getsockname()[1]
        await self._choose_room()
        if self.config.discovery:
            await self._start_discovery()
        loops = (self._anti_entropy_loop, self._redial_loop, self._watch_loop, self._publish_loop, self._warn_later)
        self._tasks = [asyncio.create_task(loop(), name=loop.__name__) for loop in loops]
        self._dial_known()
        log.info("node %s listening on port %d, room %s", self.identity.fingerprint, self.port,
                 self.room_id[:12] if self.room_id else "(none yet)")

    async def stop(self) -> None:
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for conn in list(self._connections):
            await conn.close("node shutting down", "bye")
        if self._conn_tasks:  # closed connections end by themselves; only stragglers are cancelled
            _, stragglers = await asyncio.wait(list(self._conn_tasks), timeout=3)
            for task in stragglers:
                task.cancel()
            await asyncio.gather(*stragglers, return_exceptions=True)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        if self._discovery is not None:
            await self._discovery.stop()
        self.ledger.close()

    async def _choose_room(self) -> None:
        config = self.config
        if config.create_room:
            await self.create_room(config.create_room, config.preset)
            return
        wanted = config.room or current_room_id(self.data)
        if wanted is None:
            return
        rooms = self.ledger.rooms()
        local = [r for r in rooms if r.id == wanted or (len(wanted) >= 6 and r.id.startswith(wanted))] or \
                [r for r in rooms if r.name.casefold() == wanted.casefold()]
        if len(local) > 1:
            raise UsageError(f"several rooms here are called {wanted!r}; pass the room id instead")
        if local:
            await self._enter_room(local[0].id)
        elif len(wanted) == 64 and all(c in "0123456789abcdef" for c in wanted):
            await self._enter_room(wanted)  # its genesis will come from the peers
        else:
            self._wanted_name = wanted  # find it on the LAN (discovery, or asking explicit peers)

    async def _start_discovery(self) -> None:
        try:
            from nosedive.net.discovery import Discovery  # zeroconf only when discovery is on
        except ImportError as exc:
            log.warning("LAN discovery unavailable (%s); use --peer HOST:PORT", exc)
            return

        info = self._room_info()
        self._discovery = Discovery(
            key=self.identity.public_hex, port=self.port, room_id=self.room_id or "",
            room_name=info.name if info else "", people=info.people if info else 0,
            facilitator=info.facilitator if info else "", on_peer=self._on_hint,
        )
        await self._discovery.start()

    # ------------------------------------------------------------ rooms
    async def create_room(self, name: str, preset: str = "nosedive") -> str:
        genesis = self.ledger.create_room(self.identity, name, policy.load_preset(preset))
        await self._enter_room(genesis.room)
        return genesis.room

    async def join_room(self, room_id: str) -> None:
        if room_id == self.room_id:
            return
        for conn in list(self._connections):
            await conn.close("changing rooms", "bye")
        await self._enter_room(room_id)
        self._dial_known()

    async def _enter_room(self, room_id: str) -> None:
        self.room_id, self._wanted_name, self.view = room_id, None, None
        self._ready.clear()
        remember_room(self.data, room_id)
        self._seen_rowid = 0
        self._catch_up(live=False)
        if self._discovery is not None:
            info = self._room_info()
            await self._discovery.update(room_id=room_id, room_name=info.name if info else "",
                                         people=info.people if info else 0,
                                         facilitator=info.facilitator if info else "")

    def _room_info(self) -> RoomAdvert | None:
        if self.view is None:
            return None
        return RoomAdvert(self.view.room_id, self.view.room_name, self.view.facilitator,
                        len(self.view.people()))

    def discovered_rooms(self) -> tuple[DiscoveredRoom, ...]:
        return tuple(sorted(self._discovered.values(), key=lambda r: (r.name.casefold(), r.room_id)))

    def _learn_room(self, room: DiscoveredRoom) -> None:
        known = self._discovered.get(room.room_id)
        peers = tuple(sorted(set(room.peers) | set(known.peers if known else ())))
        name = room.name or (known.name if known else "")  # an empty hint never hides a known name
        self._discovered[room.room_id] = DiscoveredRoom(room.room_id, name, room.facilitator or (
            known.facilitator if known else ""), max(room.people, known.people if known else 0), peers)
        self._emit(RoomsDiscovered(self.discovered_rooms()))
        if self._wanted_name is not None:
            wanted = self._wanted_name.casefold()
            matches = [r for r in self._discovered.values() if r.name.casefold() == wanted
                       or (len(wanted) >= 6 and r.room_id.startswith(wanted))]
            if len(matches) > 1:
                listing = ", ".join(f"{r.room_id[:12]}" for r in matches)
                self._emit(NodeError(f"two rooms are called {self._wanted_name!r} ({listing}); "
                                     "start again with the room id instead of its name"))
                self._wanted_name = None
            elif matches:
                asyncio.get_running_loop().create_task(self.join_room(matches[0].room_id))

    # ------------------------------------------------------------ commands
    async def ready(self, timeout: float | None = None) -> None:
        """Wait until the node is in a room whose genesis it holds (commands work from then on)."""
        await asyncio.wait_for(self._ready.wait(), timeout)

    def snapshot(self) -> RoomSnapshot | None:
        if self.view is None:
            return None
        online = frozenset(self._by_key)
        addresses = tuple(format_address(a, self.port) for a in self._lan_addresses())
        return self.view.snapshot(online=online, peers_connected=len(self._by_key),
                                  sync_remaining=self._sync_remaining(), addresses=addresses,
                                  warning=self._warning)

    def history(self, person: str) -> tuple[tuple[int, int], ...]:
        return self.view.history(person) if self.view else ()

    async def rate(self, subject: str, stars: int, note: str = "") -> None:
        body: dict[str, object] = {"subject": subject, "stars": stars}
        if note:
            body["note"] = note
        self._append("rate", body)

    async def befriend(self, subject: str, on: bool = True) -> None:
        self._append("friend", {"subject": subject, "on": on})

    async def set_profile(self, name: str, avatar: bytes = b"") -> None:
        """My display name and picture; published now, or as soon as the room is known."""
        self._profile = (name, avatar)
        if self.view is not None:
            self._publish_profile_if_needed()
            self._catch_up(live=True)

    async def add_peer(self, host: str, port: int) -> None:
        self._dial(host, port)

    def _append(self, type_: str, body: dict[str, object]) -> None:
        if self.room_id is None or self.view is None:
            raise NosediveError("not in a room yet: join or create one first")
        self.ledger.append(self.identity, self.room_id, type_, body)  # durable before announced
        self._catch_up(live=True)

    def _publish_profile_if_needed(self) -> None:
        name, avatar = self._profile
        if self.view is None or not name:
            return
        me = self.view.snapshot().person(self.identity.public_hex)
        has_profile = self.view.name_of(self.identity.public_hex) != self.identity.fingerprint
        if not has_profile or me is None or me.name != name or (avatar and me.avatar != avatar):
            import base64

            body: dict[str, object] = {"name": name}
            if avatar:
                body["avatar"] = base64.b64encode(avatar).decode()
            self.ledger.append(self.identity, self.room_id, "profile", body)

    # ------------------------------------------------------------ the ledger → views and peers
    def _catch_up(self, *, live: bool, source: Connection | None = None, added: list[Message] | None = None) -> None:
        """Apply whatever the ledger gained (from peers, from me, or from the CLI) and push it on.

        *added*: what this node's own ingest just stored. When no other process wrote
        meanwhile, those are exactly the new rows, and reading them back is skipped.
        """
        if self.room_id is None:
            return
        if self.view is None:
            if self.ledger.creator(self.room_id) is None:
                return  # the genesis has not arrived yet
            self.view = RoomView(self.ledger, self.room_id, self.identity.public_hex)
            self._seen_rowid = self.ledger.last_arrival()
            self._publish_profile_if_needed()
            self._ready.set()
            live = False
        last = self.ledger.last_arrival()
        if added is not None and last == self._seen_rowid + len(added):
            messages = [m for m in added if m.room == self.room_id]
            self._seen_rowid = last
        else:
            rows = list(self.ledger.messages(self.room_id, after=self._seen_rowid))
            self._seen_rowid = max(self._seen_rowid, rows[-1][0]) if rows else last
            messages = [m for _, m in rows]
        if messages:
            change = self.view.apply(messages)
            self._push(messages)
            if live:
                for item in change.rated_me:
                    self._emit(RatedYou(item))
        self._dirty.set()
        self._announce_if_changed()

    def _announce_if_changed(self) -> None:
        """Keep the mDNS TXT current: a joiner learns the room's name only after syncing."""
        info = self._room_info()
        if self._discovery is None or info is None:
            return
        announced = (info.room_id, info.name, info.people, info.facilitator)
        if announced != getattr(self, "_announced", None):
            self._announced = announced
            asyncio.get_running_loop().create_task(self._discovery.update(
                room_id=info.room_id, room_name=info.name, people=info.people, facilitator=info.facilitator))

    def _push(self, messages: list[Message]) -> None:
        for conn in list(self._connections):
            if conn.is_open:
                conn.push(conn.session.push(messages))

    # ------------------------------------------------------------ connections
    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername") or ("?", 0)
        await self._run_connection(reader, writer, outbound=False, address=format_address(peer[0], peer[1]))

    def _dial(self, host: str, port: int) -> None:
        if self._stopping or (host, port) in self._dialing:
            return
        self._dialing.add((host, port))
        task = asyncio.get_running_loop().create_task(self._dial_task(host, port), name=f"dial {host}:{port}")
        self._conn_tasks.add(task)
        task.add_done_callback(self._conn_tasks.discard)

    async def _dial_task(self, host: str, port: int) -> None:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
        except (TimeoutError, OSError) as exc:
            log.debug("cannot reach %s:%d: %s", host, port, exc)
            self._dialing.discard((host, port))
            return
        lobby = self.room_id is None
        try:
            await self._run_connection(reader, writer, outbound=True, address=format_address(host, port),
                                       dialed=(host, port))
        finally:
            self._dialing.discard((host, port))
        if lobby and self.room_id is not None and not self._stopping:
            self._dial(host, port)  # we asked which room it is in and joined it: now connect for real

    async def _run_connection(self, reader, writer, *, outbound: bool, address: str,
                              dialed: tuple[str, int] | None = None) -> None:
        session = Session(self.identity, self.room_id, self.ledger, limits=self.config.limits,
                          listen_port=self.port, name=self.config.name or "", room_info=self._room_info)
        conn = Connection(session, reader, writer, self, outbound=outbound, address=address, dialed=dialed)
        self._connections.add(conn)
        if not outbound:
            task = asyncio.current_task()
            if task is not None:
                self._conn_tasks.add(task)
        try:
            await conn.run()
        finally:
            self._connections.discard(conn)
            if not outbound and asyncio.current_task() is not None:
                self._conn_tasks.discard(asyncio.current_task())

    def on_authenticated(self, conn: Connection, event: Authenticated) -> None:
        me = self.identity.public_hex
        existing = self._by_key.get(event.peer_key)
        if existing is not None and existing is not conn and existing.is_open:
            # Both dialled each other: keep the connection the smaller key initiated.
            initiator = lambda c: me if c.outbound else event.peer_key  # noqa: E731
            keep_new = initiator(conn) == min(me, event.peer_key)
            loser = existing if keep_new else conn
            asyncio.get_running_loop().create_task(loser.close("duplicate connection", "duplicate"))
            if not keep_new:
                return
        self._by_key[event.peer_key] = conn
        host = conn.address.rpartition(":")[0]
        if event.peer_port:
            self.peer_cache.remember(event.peer_key, host, event.peer_port)
        if self._warning is not None:
            self._warning = None
        log.info("peer up: %s (%s) at %s", event.peer_name or "?", event.peer_key[:12], conn.address)
        self._emit(PeerUp(event.peer_key, conn.address))
        self._dirty.set()

    async def on_received(self, conn: Connection, raws: list[bytes]) -> None:
        for start in range(0, len(raws), INGEST_CHUNK):
            try:
                report = self.ledger.ingest_many(raws[start:start + INGEST_CHUNK], room=self.room_id)
            except sqlite3.Error as exc:  # rolled back whole: nothing half-stored; anti-entropy brings it again
                log.error("could not store messages from %s: %s", conn.address, exc)
                return
            conn.session.peer_holds(report.added)
            if report.errors:
                log.info("refused %d message(s) from %s: %s", len(report.errors), conn.address, report.errors[0][1])
                await conn.handle(conn.session.count_invalid(len(report.errors)))
            for proof in report.forks:
                self._on_new_fork(proof)
            self._catch_up(live=True, source=conn, added=report.added)
            await asyncio.sleep(0)  # let other peers and timers run between chunks

    def on_fork(self, conn: Connection, event: ReceivedFork) -> None:
        try:
            proof = self.ledger.ingest_fork_proof(event.raw_a, event.raw_b)
        except NosediveError as exc:
            log.info("refused a fork proof from %s: %s", conn.address, exc)
            return
        if proof is not None:
            self._on_new_fork(proof)

    def _on_new_fork(self, proof) -> None:
        log.warning("fork: %s signed two messages at seq %d", proof.author[:12], proof.seq)
        if self.view is not None:
            self.view.set_forks(self.ledger.forked_authors(self.room_id))
        for conn in list(self._connections):
            conn.send(conn.session.push_fork(proof))
        self._dirty.set()

    def on_room_info(self, conn: Connection, event: RoomAdvert) -> None:
        self._learn_room(DiscoveredRoom(event.room_id, event.name, event.facilitator, event.people,
                                        (conn.address,) if conn.dialed else ()))

    def on_closed(self, conn: Connection, event: Closed) -> None:
        if event.code not in ("roominfo", "duplicate", "bye"):
            log.info("peer %s closed: %s", conn.address, event.reason)
        if self._by_key.get(conn.peer_key) is conn:
            del self._by_key[conn.peer_key]
            self._emit(PeerDown(conn.peer_key, event.reason))
            self._dirty.set()

    # ------------------------------------------------------------ background loops
    def _dial_known(self) -> None:
        for host, port in list(self.config.peers) + self.peer_cache.addresses():
            self._dial(host, port)

    async def _redial_loop(self) -> None:
        while True:
            await asyncio.sleep(self.config.redial_interval)
            connected_to = {c.dialed for c in self._connections if c.dialed}
            for address in self.config.peers:
                if address not in connected_to:
                    self._dial(*address)

    async def _anti_entropy_loop(self) -> None:
        rng = random.Random()
        while True:
            await asyncio.sleep(self.config.anti_entropy_interval * rng.uniform(0.5, 1.5))
            open_ = [c for c in self._connections if c.is_open]
            if open_:
                conn = rng.choice(open_)
                conn.send(conn.session.summary())

    async def _watch_loop(self) -> None:
        """Pick up what `nosedive rate` / `friend` appended to the same ledger from the shell."""
        while True:
            await asyncio.sleep(self.config.watch_interval)
            if self.room_id is not None and self.ledger.last_arrival() > self._seen_rowid:
                self._catch_up(live=True)

    async def _publish_loop(self) -> None:
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            snapshot = self.snapshot()
            if snapshot is not None:
                self._emit(SnapshotChanged(snapshot))
            await asyncio.sleep(self.config.snapshot_interval)

    async def _warn_later(self) -> None:
        await asyncio.sleep(self.config.no_peer_warning_after)
        if not self._by_key:
            addresses = tuple(format_address(a, self.port) for a in self._lan_addresses())
            where = " or ".join(addresses) if addresses else f"this machine's address, port {self.port}"
            self._warning = (f"No one found after {self.config.no_peer_warning_after:.0f} s. The network may block "
                             f"multicast: on another machine, add this one as a peer: {where}")
            log.warning(self._warning)
            self._emit(NoPeersFound(self.config.no_peer_warning_after, addresses))
            self._dirty.set()

    def _lan_addresses(self) -> list[str]:
        if self.config.host not in ("0.0.0.0", ""):
            return [self.config.host]
        try:
            from nosedive.net.discovery import lan_addresses
        except ImportError:
            return []
        return lan_addresses()

    def _sync_remaining(self) -> int:
        if self.room_id is None:
            return 0
        mine = self.ledger.have(self.room_id)
        best: dict[str, int] = {}  # the most any peer claims per author: no double counting
        for conn in self._by_key.values():
            for author, seq in conn.session.claims.items():
                best[author] = max(best.get(author, 0), seq)
        return sum(max(0, seq - mine.get(author, (0, ""))[0]) for author, seq in best.items())

    # ------------------------------------------------------------ discovery hints
    def _on_hint(self, hint) -> None:
        if hint.room_id:
            self._learn_room(DiscoveredRoom(hint.room_id, hint.room_name, hint.facilitator, hint.people,
                                            tuple(format_address(a, hint.port) for a in hint.addresses)))
        if hint.room_id and hint.room_id == self.room_id and hint.key not in self._by_key:
            for address in hint.addresses:
                self._dial(address, hint.port)
