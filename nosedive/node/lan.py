"""This node on the LAN (mDNS): advertised with its room, and the addresses it shows people."""
from __future__ import annotations

import asyncio
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
    """Keeps the mDNS TXT record current, and discovery alive. A node in no room (or not holding its
    secret) only browses.

    A watchdog looks every *check_interval* seconds: when the Zeroconf instance is not running (it
    never started, or stopped under us) or advertising failed, it closes it and starts a new one,
    waiting longer after each failure in a row (up to *max_backoff*), so a crowd does not flood the LAN.
    """

    def __init__(self, *, check_interval: float = 1.0, max_backoff: float = 30.0) -> None:
        self._discovery: Discovery | None = None
        self._announced: Advert | None = None
        self._tasks = TaskSet()
        self._check_interval, self._max_backoff = check_interval, max_backoff
        self._port = 0
        self._handlers: tuple[Callable[[PeerHint], None], Callable[[PeerHint], None]] | None = None
        self.restarts = 0  # how many times discovery was started again (tests and logs read it)

    @property
    def discovery(self) -> Discovery | None:
        return self._discovery

    @property
    def trouble(self) -> str | None:
        """Why our own mDNS does not work right now, if it does not (the no-peer advice says it)."""
        return self._discovery.trouble if self._discovery is not None else None

    async def start(self, port: int, advert: Advert | None, *, on_hint: Callable[[PeerHint], None],
                    on_gone: Callable[[PeerHint], None]) -> None:
        try:
            from nosedive.net import discovery  # noqa: F401  (zeroconf present?)
        except ImportError as exc:
            log.warning("LAN discovery unavailable (%s); use --peer HOST:PORT", exc)
            return
        self._announced, self._port, self._handlers = advert, port, (on_hint, on_gone)
        await self._open()
        self._tasks.spawn(self._watch(), name="mdns watchdog")

    async def _open(self) -> None:
        from nosedive.net.discovery import Discovery
        assert self._handlers is not None
        advert = self._announced
        self._discovery = Discovery(port=self._port, name=advert.name if advert else "",
                                    plate=advert.plate if advert else 0, tag=advert.tag if advert else "",
                                    on_peer=self._handlers[0], on_gone=self._handlers[1])
        await self._discovery.start()

    async def _watch(self) -> None:
        backoff = self._check_interval
        while True:
            await asyncio.sleep(self._check_interval)
            discovery = self._discovery
            if discovery is None or not discovery.addresses or discovery.running:
                backoff = self._check_interval
                continue
            why = discovery.trouble or "the mDNS instance stopped"
            log.warning("LAN discovery stopped working (%s); starting it again in %.0f s", why, backoff)
            await discovery.stop()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self._max_backoff)
            await self._open()
            self.restarts += 1
            if self._discovery is not None and self._discovery.trouble is None:
                log.info("LAN discovery started again (%d restart(s) so far)", self.restarts)

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
