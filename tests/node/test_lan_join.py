"""A node whose Zeroconf instance dies under it recovers discovery by itself, and a newcomer then finds
it on the LAN and joins with the code (real mDNS, looped back on this machine's LAN address).

Skipped where this machine has no LAN address for mDNS.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nosedive.net.interfaces import lan_addresses

from .cluster import Cluster, code_of

pytestmark = pytest.mark.skipif(not lan_addresses(), reason="no LAN address here for mDNS")
ON_THE_LAN = dict(host="0.0.0.0", discovery=True)


def test_a_host_whose_zeroconf_died_is_found_again_and_joined(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, int]:
        cluster = Cluster(tmp_path)
        try:
            host = await cluster.add("host", create="Found again", **ON_THE_LAN)
            lan = host._lan
            await cluster.wait_until(lambda: lan.discovery is not None and lan.discovery.running, timeout=20,
                                     what="the host advertising")
            assert lan.discovery is not None and lan.discovery.instance is not None
            await lan.discovery.instance.async_close()  # dies under the node, before anyone found it
            newcomer = await cluster.add("newcomer", code=code_of(host), **ON_THE_LAN)  # knows no address
            await newcomer.ready(60)
            await cluster.wait_until(cluster.converged, timeout=30, what="the newcomer in the room")
            return lan.restarts, len(newcomer._links.by_key)
        finally:
            await cluster.stop()

    restarts, peers = asyncio.run(scenario())
    assert restarts >= 1 and peers == 1
