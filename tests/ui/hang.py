"""An ``after_start`` hook that blocks the engine's loop, as a bug in a node's coroutine would (Qt-free:
the engine process imports it by name)."""
from __future__ import annotations

import time

BLOCK_SECONDS = 30.0  # bounded: the engine is killed long before


async def block_the_loop(node: object, context: object) -> None:
    time.sleep(BLOCK_SECONDS)  # a blocking call on the loop: no heartbeat, no snapshot, no command runs
