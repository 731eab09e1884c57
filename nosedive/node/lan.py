"""This node on the LAN (mDNS): advertised with its room, and the addresses it shows people."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nosedive.net.interfaces import lan_addresses
from nosedive.net.peers import format_address
from nosedive.node.tasks import TaskSet

if TYPE_CHECKING:  # zeroconf is imported only when discovery is on
    from nosedive.net.discovery import Discovery, PeerHint

log = logging.getLogger("nosedive.node")


def shown_addresses(host: str, port: int) -> tuple[str, ...]:
    """HOST:PORT as another machine would type it: the listening host, or this machine's LAN addresses."""
    hosts = [host] if host not in ("0.0.0.0", "") else lan_addresses()
    return tuple(format_address(address, port) for address in hosts)


@dataclass(frozen=True)
class Advert:
    """What the LAN may know of my room: its name, its code's plate (0: no joins), its members' tag."""

    name: str
    plate: int
    tag: str


class Lan:
    """Keeps the mDNS TXT record current. A node in no room (or not holding its secret) only browses."""

    def __init__(self) -> None:
        self._discovery: Discovery | None = None
        self._announced: Advert | None = None
        self._tasks = TaskSet()

    async def start(self, port: int, advert: Advert | None, *, on_hint: Callable[[PeerHint], None],
                    on_gone: Callable[[PeerHint], None]) -> None:
        try:
            from nosedive.net.discovery import Discovery
        except ImportError as exc:
            log.warning("LAN discovery unavailable (%s); use --peer HOST:PORT", exc)
            return
        self._announced = advert
        self._discovery = Discovery(port=port, name=advert.name if advert else "", plate=advert.plate if advert else 0,
                                    tag=advert.tag if advert else "", on_peer=on_hint, on_gone=on_gone)
        await self._discovery.start()

    def announce(self, advert: Advert | None) -> None:
        """Re-advertise when the room's name, plate or tag changed since the last time."""
        if self._discovery is None or advert is None or advert == self._announced:
            return
        self._announced = advert
        self._tasks.spawn(self._discovery.update(name=advert.name, plate=advert.plate, tag=advert.tag),
                          name="mdns update")

    async def stop(self) -> None:
        await self._tasks.cancel()
        if self._discovery is not None:
            await self._discovery.stop()
