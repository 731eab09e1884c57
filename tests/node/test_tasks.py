"""TaskSet: tasks are kept while they run, leave when they end, and stop with it."""
from __future__ import annotations

import asyncio
import logging

import pytest

from nosedive.node.tasks import TaskSet


def test_a_task_is_kept_until_it_ends() -> None:
    async def scenario() -> None:
        tasks = TaskSet()
        release = asyncio.Event()
        task = tasks.spawn(release.wait(), name="waiting")
        assert len(tasks) == 1
        release.set()
        await task
        await asyncio.sleep(0)  # done callbacks run on the next turn of the loop
        assert len(tasks) == 0
    asyncio.run(scenario())


def test_cancel_ends_every_task() -> None:
    async def scenario() -> None:
        tasks = TaskSet()
        forever = [tasks.spawn(asyncio.Event().wait(), name=f"forever {i}") for i in range(3)]
        await tasks.cancel()
        assert all(task.cancelled() for task in forever)
        assert len(tasks) == 0
    asyncio.run(scenario())


def test_drain_lets_tasks_finish_then_cancels_stragglers() -> None:
    async def scenario() -> None:
        tasks = TaskSet()
        quick = tasks.spawn(asyncio.sleep(0), name="quick")
        stuck = tasks.spawn(asyncio.Event().wait(), name="stuck")
        await tasks.drain(timeout=0.2)
        assert quick.done() and not quick.cancelled()
        assert stuck.cancelled()
    asyncio.run(scenario())


def test_a_failing_task_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def fail() -> None:
        raise ValueError("boom")

    async def scenario() -> None:
        tasks = TaskSet()
        task = tasks.spawn(fail(), name="failing")
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)
    with caplog.at_level(logging.ERROR, logger="nosedive.node"):
        asyncio.run(scenario())
    assert any(r.getMessage() == "task failing failed" and r.exc_info for r in caplog.records)
