"""The node: one person's identity, ledger, scores and peers on one asyncio loop.

It publishes events (:mod:`nosedive.room.events`) to whoever listens — the CLI, the
desktop app — and takes commands (rate, befriend, join…). Listeners are called
on the node's loop thread; the app's bridge carries them over to Qt.

This module only builds the parts and wires them (who calls whom)::

    Lan (mDNS) ──hints──▶ Dialer ──runs──▶ Connections ──batches, forks──▶ Replication
    Dialer ──rooms heard of──▶ RoomFinder          Keyring ──credentials──▶ Dialer, Connections
    Connections ──welcomed──▶ Keyring (keeps the secret), Node._enter_room (before the room's messages)
    Admission ──admits──▶ Connections (sessions refuse expelled keys)
    Replication ──changed──▶ Node ──▶ Publisher, Admission, Lan (the advert: name, plate, tag)
    every part ──events──▶ EventBus ──▶ the Publisher first, then the node's listeners

A node is a member of a room only when this machine holds the room's secret (``rooms.json``):
creating a room makes one, and joining with a code (:meth:`Node.join_with_code`, or
``NodeConfig.code``) receives one from the node that lets it in.
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from nosedive.core import joincode, paths, policy
from nosedive.core.datalock import DataLock
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity, load_or_create
from nosedive.core.roomkeys import FILE_NAME as ROOM_KEYS_FILE
from nosedive.core.roomkeys import RoomKeys
from nosedive.ledger.store import Ledger
from nosedive.ledger.verifier import verifier_for
from nosedive.net.peers import PeerCache
from nosedive.node.admission import Admission
from nosedive.node.bus import EventBus, Listener
from nosedive.node.config import NodeConfig
from nosedive.node.connections import Connections
from nosedive.node.debriefs import Debriefs
from nosedive.node.dialer import Dialer
from nosedive.node.facilitator import Facilitator, FacilitatorCommands
from nosedive.node.groups import GroupCommands
from nosedive.node.keyring import Keyring
from nosedive.node.lan import Lan, shown_addresses
from nosedive.node.links import Links
from nosedive.node.profile import Profile
from nosedive.node.publisher import Publisher
from nosedive.node.records import RecordCommands
from nosedive.node.replication import Replication
from nosedive.node.reverify import reverify
from nosedive.node.rooms import RoomFinder, choose_start_room
from nosedive.node.tasks import TaskSet
from nosedive.room.resolve import current_room_id, remember_room
from nosedive.room.snapshot import DiscoveredRoom, RoomSnapshot
from nosedive.room.view import RoomView

__all__ = ["Node", "NodeConfig"]

log = logging.getLogger("nosedive.node")
PEERS_FILE = "peers.json"


class Node(FacilitatorCommands, RecordCommands):
    """Open one with :meth:`open`; the constructor takes parts that are already open.

    The facilitator's commands (rounds, announcements, rule changes) come from
    :class:`~nosedive.node.facilitator.FacilitatorCommands`."""

    @classmethod
    def open(cls, config: NodeConfig, identity: Identity | None = None) -> Node:
        """Make the data directory, lock it (one node per directory), load (or create) the identity,
        open the ledger, the room keys and the peer cache."""
        if config.code is not None:
            joincode.parse(config.code)  # a mistyped code is a clear error before anything starts
            if config.create_room or config.room:
                raise UsageError(_("join with a code, or name a room to enter or create: not both"))
        data = paths.data_dir(config.data_dir)
        lock = DataLock.acquire(data)
        try:
            identity = identity or load_or_create(paths.key_path(data))
            ledger = Ledger(paths.ledger_path(data), verifier=verifier_for(config.verify_workers))
        except BaseException:
            lock.release()
            raise
        return cls(config, data=data, identity=identity, ledger=ledger, peer_cache=PeerCache(data / PEERS_FILE),
                   room_keys=RoomKeys.open(data), data_lock=lock)

    def __init__(self, config: NodeConfig, *, data: Path, identity: Identity, ledger: Ledger,
                 peer_cache: PeerCache, room_keys: RoomKeys | None = None, data_lock: DataLock | None = None) -> None:
        self.config, self.data, self.identity, self.ledger, self.peer_cache = config, data, identity, ledger, peer_cache
        self._data_lock = data_lock  # released by stop()
        self.port = 0
        self._background = TaskSet()  # the node's loops and the joins it starts
        self._connection_tasks = TaskSet()  # dials, accepted connections, closing duplicates
        self._bus = EventBus()
        self._links = Links()
        self._publisher = Publisher(self._bus, self.snapshot, interval=config.snapshot_interval)
        self._bus.subscribe(self._publisher.on_event)  # first: it clears the warning before others look
        self._lan = Lan()
        self._keyring = Keyring(room_keys or RoomKeys(data / ROOM_KEYS_FILE, {}), self._bus)
        self._profile = Profile(identity, ledger, config.name, config.avatar or b"")
        self._room = Replication(identity, ledger, self._links, self._bus, self._profile, changed=self._on_room_changed,
                                 clock=config.clock, sign_alone_after=config.alone_wait(data))
        self._admission = Admission(identity.public_hex, self._links, self._room, self._connection_tasks)
        self._bus.subscribe(self._admission.on_event)
        self._facilitator = Facilitator(identity.public_hex, self._room)
        self._finder, self.groups = RoomFinder(self._bus), GroupCommands(identity.public_hex, self._room)  # node.groups
        self._connections = Connections(identity, ledger, self._links, self._room, self._bus, peer_cache,
                                        self._connection_tasks, self._keyring, limits=config.limits,
                                        name=config.name or "", enter=self._enter_room, admits=self.admits)
        self._dialer = Dialer(self._connections, self._links, self._room, self._keyring, self._finder,
                              peer_cache, self._connection_tasks, peers=config.peers)
        self.debriefs = Debriefs(ledger, lambda: self._room.room_id)  # the debrief and its what-ifs (a facade)

    @property
    def room_id(self) -> str | None:
        return self._room.room_id

    @property
    def view(self) -> RoomView | None:
        return self._room.view

    def subscribe(self, listener: Listener) -> None:
        self._bus.subscribe(listener)

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        config = self.config
        self.port = await self._connections.listen(config.host, config.port)
        choice = choose_start_room(config, self.ledger.rooms(),
                                   None if config.code is not None else current_room_id(self.data))
        if config.code is not None:
            await self.join_with_code(config.code)
        elif choice.create:
            await self.create_room(choice.create, config.preset)
        elif choice.enter:
            self._enter_room(choice.enter)
        elif choice.seek:
            self._finder.seek(choice.seek)  # not here: on the LAN, it needs its code
        if config.discovery:
            await self._lan.start(self.port, self._keyring.advert(self._room.view), on_hint=self._dialer.on_hint,
                                  on_gone=self._dialer.on_gone)
        spawn = self._background.spawn
        spawn(self._room.anti_entropy(config.anti_entropy_interval), name="anti-entropy")
        spawn(self._dialer.redial(config.redial_interval), name="redial")
        spawn(self._room.watch(config.watch_interval), name="watch the ledger")
        spawn(self._room.clock.release_held(config.watch_interval, lambda added: self._room.catch_up(
            live=True, added=added)), name="store what waited for the clock")
        spawn(reverify(self.ledger, self._room, busy=self._links.catching_up), name="re-verify stored messages")
        spawn(self._publisher.run(), name="publish snapshots")
        spawn(self._publisher.warn_if_alone(config.no_peer_warning_after, lambda: not self._links.by_key,
                                            self._addresses, self.port, lambda: self._lan.trouble),
              name="no-peer warning")
        self._dialer.dial_known()
        log.info("node %s listening on port %d, room %s", self.identity.fingerprint, self.port,
                 self.room_id[:12] if self.room_id else "(none yet)")

    async def stop(self) -> None:
        """Stop every task the node started, say goodbye to the peers, close the ledger, unlock the data."""
        self._dialer.stop()
        await self._background.cancel()
        await self._connections.stop()
        await self._lan.stop()
        self.ledger.close()
        if self._data_lock is not None:
            self._data_lock.release()

    async def ready(self, timeout: float | None = None) -> None:
        """Wait until the node is in a room whose genesis it holds (commands work from then on)."""
        await asyncio.wait_for(self._room.ready.wait(), timeout)

    # ------------------------------------------------------------ what the node shows
    def snapshot(self) -> RoomSnapshot | None:
        view = self._room.view
        if view is None:
            return None
        return view.snapshot(online=self._links.online(), peers_connected=len(self._links.by_key),
                             sync_remaining=self._room.sync_remaining(), addresses=self._addresses(),
                             warning=self._publisher.warning, join_code=self._keyring.code_of(view.room_id))

    def history(self, person: str) -> tuple[tuple[int, int], ...]:
        return self._room.view.history(person) if self._room.view else ()

    def discovered_rooms(self) -> tuple[DiscoveredRoom, ...]:
        return self._finder.discovered()

    def _addresses(self) -> tuple[str, ...]:
        return shown_addresses(self.config.host, self.port)

    def admits(self, peer_key: str) -> bool:
        """Whether a peer that just authenticated may stay: False for a key the facilitator expelled."""
        return self._admission.admits(peer_key)

    def _on_room_changed(self) -> None:
        self._publisher.mark_dirty()
        self._admission.on_room_changed()  # a new expel closes that peer's connection now
        self._lan.announce(self._keyring.advert(self._room.view))  # the name is known once the genesis is here

    # ------------------------------------------------------------ commands
    async def rate(self, subject: str, stars: int, note: str = "") -> None:
        self._facilitator.check_rating_open()  # a rating signed now would count on no node: say why instead
        body: dict[str, object] = {"subject": subject, "stars": stars}
        if note:
            body["note"] = note
        self._room.append("rate", body)

    async def befriend(self, subject: str, on: bool = True) -> None:
        self._room.append("friend", {"subject": subject, "on": on})

    async def admit(self, key: str) -> None:
        """Let *key* in (an ``admit`` room) or take back their expulsion; the facilitator's alone."""
        self._admission.decide("admit", key)

    async def expel(self, key: str) -> None:
        """Put *key* out: nothing of theirs counts, and every node closes their connections."""
        self._admission.decide("expel", key)

    async def set_profile(self, name: str, avatar: bytes = b"") -> None:
        """My display name and picture; published now, or as soon as the room is known."""
        self._profile.want(name, avatar)
        if self._room.view is not None and self._room.room_id is not None:
            self._profile.publish_if_needed(self._room.view, self._room.room_id)
            self._room.catch_up(live=True)

    async def add_peer(self, host: str, port: int) -> None:
        self._dialer.dial(host, port)

    async def create_room(self, name: str, preset: str = "nosedive", *, admission: str | None = None) -> str:
        """A new room I facilitate, under *preset*'s rules, with a new secret and join code (the snapshot's
        ``join_code``); *admission* "admit" makes joiners wait to be let in."""
        rules = policy.load_preset(preset) | ({} if admission is None else {"admission": admission})
        genesis = self.ledger.create_room(self.identity, name, rules)
        self._keyring.create(genesis.room)
        await self.join_room(genesis.room)
        return genesis.room

    async def join_room(self, room_id: str) -> None:
        """Enter a room this machine holds the secret of (joined once with its code, or created here)."""
        self._keyring.may_enter(room_id, facilitator=self.ledger.creator(room_id) == self.identity.public_hex)
        if room_id == self._room.room_id:
            return
        await self._connections.close_all("changing rooms")
        self._enter_room(room_id)
        self._dialer.dial_known()

    async def join_with_code(self, code: str) -> None:
        """Join the room of this code (used here before: enter it); returns at once, the room's snapshots
        follow once let in. A wrong code, or too many tries, is a :class:`NodeError`."""
        wanted = joincode.parse(code)
        known = self._keyring.known_code(wanted)
        if known is not None:
            await self.join_room(known.room_id)
            return
        self._keyring.start_joining(wanted)
        log.info("joining with a code of plate %d", wanted.plate)
        self._dialer.dial_known()

    def _enter_room(self, room_id: str) -> None:
        self._finder.seeking = None
        self._keyring.entering(room_id, facilitator=self.ledger.creator(room_id) == self.identity.public_hex)
        remember_room(self.data, room_id)
        self._room.enter(room_id)
