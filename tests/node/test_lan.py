"""The node's LAN part heals itself: stop its Zeroconf instance under it, and it is found again.

Needs a LAN address on this machine (real multicast, looped back to this process); skipped otherwise.
"""
from __future__ import annotations

import asyncio

import pytest

from nosedive.net.discovery import PeerHint
from nosedive.net.interfaces import lan_addresses
from nosedive.node.lan import Advert, Lan

pytestmark = pytest.mark.skipif(not lan_addresses(), reason="no LAN address here for mDNS")


async def _next_hint(hints: asyncio.Queue[PeerHint], port: int) -> PeerHint:
    while True:
        hint = await hints.get()
        if hint.port == port:
            return hint


def test_discovery_comes_back_after_its_zeroconf_stops() -> None:
    async def scenario() -> tuple[int, PeerHint, PeerHint, str | None]:
        hints: asyncio.Queue[PeerHint] = asyncio.Queue()
        advertiser, browser = Lan(check_interval=0.1), Lan(check_interval=0.1)
        advert = Advert(name="Recovery", plate=7, tag="0123456789abcdef")
        try:
            await advertiser.start(4101, advert, on_hint=lambda hint: None, on_gone=lambda hint: None)
            await browser.start(4102, None, on_hint=hints.put_nowait, on_gone=lambda hint: None)
            first = await asyncio.wait_for(_next_hint(hints, 4101), 15)
            assert advertiser.discovery is not None and advertiser.discovery.instance is not None
            await advertiser.discovery.instance.async_close()  # the instance dies under the node
            again = await asyncio.wait_for(_next_hint(hints, 4101), 20)
            return advertiser.restarts, first, again, advertiser.trouble
        finally:
            await advertiser.stop()
            await browser.stop()

    restarts, first, again, trouble = asyncio.run(scenario())
    assert restarts == 1
    assert first.name == again.name == "Recovery" and again.plate == 7
    assert trouble is None
