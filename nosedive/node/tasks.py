"""Tasks the node starts, kept until they end: the loop holds only weak references to tasks."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("nosedive.node")


class TaskSet:
    """A set of running tasks; each leaves the set when it ends. A task's error is logged, not lost."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, coroutine: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        return self.adopt(asyncio.get_running_loop().create_task(coroutine, name=name))

    def adopt(self, task: asyncio.Task[Any]) -> asyncio.Task[Any]:
        """Keep a task started elsewhere (e.g. the server's task for an accepted connection)."""
        self._tasks.add(task)
        task.add_done_callback(self._ended)
        return task

    def _ended(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("task %s failed", task.get_name(), exc_info=task.exception())

    async def cancel(self) -> None:
        """Cancel every task and wait until all have ended."""
        await self.drain(timeout=0)

    async def drain(self, timeout: float) -> None:
        """Let the tasks end by themselves for up to *timeout* seconds, then cancel the stragglers."""
        current = asyncio.current_task()
        tasks = [task for task in self._tasks if task is not current]
        if not tasks:
            return
        if timeout > 0:
            _, pending = await asyncio.wait(tasks, timeout=timeout)
        else:
            pending = set(tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
