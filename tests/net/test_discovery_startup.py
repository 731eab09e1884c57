"""Zeroconf startup and cancellation, against a real AsyncZeroconf (on loopback: no multicast needed).

The crowd failure of issue 15: zeroconf's ``async_wait_for_start`` awaits the engine's shared
``running_future`` unshielded, so cancelling *any* task waiting there cancels the future itself, and
that instance never runs (every later register or request raises NotRunningException).
"""
from __future__ import annotations

import asyncio
import gc
from typing import Any

from zeroconf import IPVersion, ServiceStateChange
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from nosedive.net.discovery import SERVICE_TYPE, Discovery

LOOPBACK = ["127.0.0.1"]


def _unretrieved(loop: asyncio.AbstractEventLoop) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: seen.append(context))
    return seen


def test_cancelling_a_task_waiting_for_startup_kills_that_zeroconf_instance() -> None:
    """The root cause, shown on zeroconf itself: one cancelled request and the instance never starts."""
    async def scenario() -> tuple[bool, bool]:
        aiozc = AsyncZeroconf(interfaces=LOOPBACK, ip_version=IPVersion.V4Only)
        request = asyncio.get_running_loop().create_task(
            AsyncServiceInfo(SERVICE_TYPE, f"x.{SERVICE_TYPE}").async_request(aiozc.zeroconf, 3000))
        await asyncio.sleep(0)  # the request now waits inside async_wait_for_start
        request.cancel()
        await asyncio.gather(request, return_exceptions=True)
        future = aiozc.zeroconf.engine.running_future
        cancelled = future is not None and future.cancelled()
        await asyncio.sleep(0.3)  # ample for the sockets to open on loopback
        started = aiozc.zeroconf.started
        await aiozc.async_close()
        return cancelled, started

    cancelled, started = asyncio.run(scenario())
    assert cancelled and not started


def test_discovery_survives_a_name_that_changes_twice_at_once() -> None:
    """The old code cancelled the first resolve here, while it waited for startup: the instance died."""
    async def scenario() -> tuple[bool, int, list[dict[str, Any]]]:
        problems = _unretrieved(asyncio.get_running_loop())
        discovery = Discovery(port=4000, on_peer=lambda hint: None, addresses=LOOPBACK)
        await discovery.start()
        instance = discovery.instance
        assert instance is not None
        name = f"other.{SERVICE_TYPE}"
        for change in (ServiceStateChange.Added, ServiceStateChange.Updated, ServiceStateChange.Updated):
            discovery._on_service_change(instance.zeroconf, SERVICE_TYPE, name, change)
        in_flight = len(discovery._resolving)
        await asyncio.wait_for(instance.zeroconf.async_wait_for_start(), 2)
        running = discovery.running
        await discovery.stop()
        gc.collect()
        await asyncio.sleep(0)
        return running, in_flight, problems

    running, in_flight, problems = asyncio.run(scenario())
    assert running
    assert in_flight == 1  # one resolve per name; the changes are noted, not cancelled
    assert problems == []  # no "Task exception was never retrieved"


def test_a_cancelled_start_does_not_cancel_zeroconf_startup() -> None:
    async def scenario() -> bool:
        discovery = Discovery(port=4000, on_peer=lambda hint: None, addresses=LOOPBACK)
        start = asyncio.get_running_loop().create_task(discovery.start())
        await asyncio.sleep(0)
        start.cancel()
        await asyncio.gather(start, return_exceptions=True)
        instance = discovery.instance
        assert instance is not None
        await asyncio.wait_for(instance.zeroconf.async_wait_for_start(), 2)
        started = instance.zeroconf.started
        await instance.async_close()
        return started

    assert asyncio.run(scenario())
