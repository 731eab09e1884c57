"""Dialling peers: the configured ones, cached ones, mDNS hints, and again when a link is lost.

What a dial proves is decided when it starts: while the node is joining, the join code
(``JoiningWith``); otherwise the secret of its room (``MemberOf``); with neither, nothing is
dialled. Members dial the hints whose tag is their room's; a joiner dials those whose plate is
its code's, and never again a node that said the code is wrong.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from nosedive.net.handshake import JoiningWith, MemberOf
from nosedive.net.peers import PeerCache
from nosedive.node.connections import Connections
from nosedive.node.keyring import Keyring
from nosedive.node.links import Links
from nosedive.node.replication import Replication
from nosedive.node.rooms import RoomFinder
from nosedive.node.tasks import TaskSet

if TYPE_CHECKING:  # zeroconf is imported only when discovery is on
    from nosedive.net.discovery import PeerHint

log = logging.getLogger("nosedive.node")
DIAL_TIMEOUT = 5.0


class Dialer:
    """At most one dial per address at a time; none once the node is stopping."""

    def __init__(self, connections: Connections, links: Links, room: Replication, keyring: Keyring,
                 finder: RoomFinder, peer_cache: PeerCache, tasks: TaskSet, *,
                 peers: tuple[tuple[str, int], ...]) -> None:
        self._connections, self._links, self._room, self._keyring = connections, links, room, keyring
        self._finder, self._peer_cache, self._tasks, self._peers = finder, peer_cache, tasks, peers
        self._dialing: set[tuple[str, int]] = set()
        self._stopping = False
        connections.learned = self.dial  # peers learned from peers

    def stop(self) -> None:
        self._stopping = True

    def dial(self, host: str, port: int, tag: str = "") -> None:
        """Dial *host:port* (advertising *tag*, if it came from mDNS) with what this node can prove now."""
        if self._stopping or (host, port) in self._dialing:
            return
        credentials = self._keyring.dialing(self._room.room_id)
        if credentials is None:
            return
        if isinstance(credentials, JoiningWith) and not self._keyring.may_try((host, port), tag):
            return
        self._dialing.add((host, port))
        self._tasks.spawn(self._dial(host, port, credentials, tag), name=f"dial {host}:{port}")

    def dial_known(self) -> None:
        """The configured peers, every address where a handshake once succeeded, and (joining) the
        nodes advertising the code's plate."""
        for host, port in list(self._peers) + self._peer_cache.addresses():
            self.dial(host, port)
        self._dial_plate()

    async def redial(self, interval: float) -> None:
        """Keep the configured peers connected (a room without multicast relies on them); a joiner
        tries again where it was told to wait."""
        while True:
            await asyncio.sleep(interval)
            connected_to = self._links.reachable()
            for address in self._peers:
                if address not in connected_to:
                    self.dial(*address)
            self._dial_plate()

    def _dial_plate(self) -> None:
        code = self._keyring.joining
        if code is not None:
            for tag, (host, port) in self._finder.with_plate(code.plate):
                self.dial(host, port, tag)

    def on_hint(self, hint: PeerHint) -> None:
        """A node seen on mDNS: note its room; connect if it is mine, or if joining and its plate is my code's."""
        self._finder.learn(hint)
        credentials = self._keyring.dialing(self._room.room_id)
        mine = isinstance(credentials, MemberOf) and hint.tag == credentials.tag
        joining = isinstance(credentials, JoiningWith) and hint.plate == credentials.code.plate
        if mine or joining:
            connected_to = self._links.reachable()
            for address in hint.addresses:
                if (address, hint.port) not in connected_to:
                    self.dial(address, hint.port, hint.tag)

    def on_gone(self, hint: PeerHint) -> None:
        self._finder.forget(hint)

    async def _dial(self, host: str, port: int, credentials: MemberOf | JoiningWith, tag: str) -> None:
        try:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), DIAL_TIMEOUT)
            except (TimeoutError, OSError) as exc:
                log.debug("cannot reach %s:%d: %s", host, port, exc)
                return
            ended = await self._connections.dial(reader, writer, credentials, dialed=(host, port))
        finally:
            self._dialing.discard((host, port))
        if isinstance(credentials, JoiningWith) and ended is not None:
            self._keyring.join_ended((host, port), ended, tag=tag, explicit=(host, port) in self._peers)
