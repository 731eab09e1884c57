"""This node on the LAN (mDNS): advertised with its room, and the addresses it shows people."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from nosedive.net.interfaces import lan_addresses
from nosedive.net.peers import format_address
from nosedive.net.protocol import RoomAdvert
from nosedive.node.tasks import TaskSet

if TYPE_CHECKING:  # zeroconf is imported only when discovery is on
    from nosedive.net.discovery import Discovery, PeerHint

log = logging.getLogger("nosedive.node")


def shown_addresses(host: str, port: int) -> tuple[str, ...]:
    """HOST:PORT as another machine would type it: the listening host, or this machine's LAN addresses."""
    hosts = [host] if host not in ("0.0.0.0", "") else lan_addresses()
    return tuple(format_address(address, port) for address in hosts)


class Lan:
    """Keeps the mDNS TXT record current (a joiner learns the room's name only after syncing)."""

    def __init__(self, key: str) -> None:
        self._key = key
        self._discovery: Discovery | None = None
        self._announced: RoomAdvert | None = None
        self._tasks = TaskSet()

    async def start(self, port: int, room_id: str | None, advert: RoomAdvert | None,
                    on_hint: Callable[[PeerHint], None]) -> None:
        try:
            from nosedive.net.discovery import Discovery
        except ImportError as exc:
            log.warning("LAN discovery unavailable (%s); use --peer HOST:PORT", exc)
            return
        self._discovery = Discovery(
            key=self._key, port=port, room_id=room_id or "", room_name=advert.name if advert else "",
            people=advert.people if advert else 0, facilitator=advert.facilitator if advert else "",
            on_peer=on_hint,
        )
        await self._discovery.start()

    async def enter(self, room_id: str, advert: RoomAdvert | None) -> None:
        """Advertise a room just entered (its name is still unknown if its genesis is not here)."""
        if self._discovery is not None:
            await self._discovery.update(room_id=room_id, room_name=advert.name if advert else "",
                                         people=advert.people if advert else 0,
                                         facilitator=advert.facilitator if advert else "")

    def announce(self, advert: RoomAdvert) -> None:
        """Re-advertise when the room's name, size or facilitator changed since the last time."""
        if self._discovery is None or advert == self._announced:
            return
        self._announced = advert
        self._tasks.spawn(self._discovery.update(room_id=advert.room_id, room_name=advert.name,
                                                 people=advert.people, facilitator=advert.facilitator),
                          name="mdns update")

    async def stop(self) -> None:
        await self._tasks.cancel()
        if self._discovery is not None:
            await self._discovery.stop()
