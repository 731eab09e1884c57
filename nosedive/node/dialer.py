"""Dialling peers: the configured ones, cached ones, mDNS hints, and again when a link is lost."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from nosedive.net.peers import PeerCache, format_address
from nosedive.node.connections import Connections
from nosedive.node.links import Links
from nosedive.node.replication import Replication
from nosedive.node.tasks import TaskSet
from nosedive.room.snapshot import DiscoveredRoom

if TYPE_CHECKING:  # zeroconf is imported only when discovery is on
    from nosedive.net.discovery import PeerHint

log = logging.getLogger("nosedive.node")
DIAL_TIMEOUT = 5.0


class Dialer:
    """At most one dial per address at a time; none once the node is stopping."""

    def __init__(self, connections: Connections, links: Links, room: Replication, peer_cache: PeerCache,
                 tasks: TaskSet, *, peers: tuple[tuple[str, int], ...],
                 learn: Callable[[DiscoveredRoom], None]) -> None:
        self._connections, self._links, self._room, self._peer_cache = connections, links, room, peer_cache
        self._tasks, self._peers, self._learn = tasks, peers, learn
        self._dialing: set[tuple[str, int]] = set()
        self._stopping = False

    def stop(self) -> None:
        self._stopping = True

    def dial(self, host: str, port: int) -> None:
        if self._stopping or (host, port) in self._dialing:
            return
        self._dialing.add((host, port))
        self._tasks.spawn(self._dial(host, port), name=f"dial {host}:{port}")

    def dial_known(self) -> None:
        """The configured peers, then every address where a handshake once succeeded."""
        for host, port in list(self._peers) + self._peer_cache.addresses():
            self.dial(host, port)

    async def redial(self, interval: float) -> None:
        """Keep the configured peers connected: they are what a room without multicast relies on."""
        while True:
            await asyncio.sleep(interval)
            connected_to = self._links.dialed()
            for address in self._peers:
                if address not in connected_to:
                    self.dial(*address)

    def on_hint(self, hint: PeerHint) -> None:
        """Another node seen on mDNS: note its room, and connect if it is in mine."""
        if not hint.room_id:
            return
        self._learn(DiscoveredRoom(hint.room_id, hint.room_name, hint.facilitator, hint.people,
                                   tuple(format_address(a, hint.port) for a in hint.addresses)))
        if hint.room_id == self._room.room_id and hint.key not in self._links.by_key:
            for address in hint.addresses:
                self.dial(address, hint.port)

    async def _dial(self, host: str, port: int) -> None:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), DIAL_TIMEOUT)
        except (TimeoutError, OSError) as exc:
            log.debug("cannot reach %s:%d: %s", host, port, exc)
            self._dialing.discard((host, port))
            return
        lobby = self._room.room_id is None
        try:
            await self._connections.run(reader, writer, outbound=True, address=format_address(host, port),
                                        dialed=(host, port))
        finally:
            self._dialing.discard((host, port))
        if lobby and self._room.room_id is not None and not self._stopping:
            self.dial(host, port)  # we asked which room it is in and joined it: now connect for real
