"""After start, the node checks its stored messages again in the background, a slice at a time.

A message whose bytes changed on disk (a flipped bit, a bad restore) would otherwise change
scores silently and be offered to peers who refuse it. The check quarantines it (see
:mod:`nosedive.ledger.audit`), the room's view is rebuilt without it, and the next sync
fetches a good copy. The budget bounds the work of one start; slices keep the loop responsive.
It slows down while a catch-up flows (*busy*: a backlog streamed to a peer, or a peer's messages
coming in): re-verifying 100,000 messages takes a core for seconds, which a joiner's verification
needs more — on a laptop that serves a cold join, or on a node restarted into a busy room. It
never stops, though: a busy room may never be quiet for a second, and a node restored from a bad
copy into one is exactly where the check matters. While busy it takes one slice (~20 ms) per
:data:`PAUSE` — under a tenth of a core.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from nosedive.core import keys
from nosedive.ledger.store import Ledger
from nosedive.node.replication import Replication

log = logging.getLogger("nosedive.node")
SLICE = 256  # messages per step (about 20 ms of signature checks)
BUDGET = 200_000  # messages per start
PAUSE = 0.25  # seconds between slices while a catch-up flows


async def reverify(ledger: Ledger, replication: Replication, *, budget: int = BUDGET, slice_size: int = SLICE,
                   busy: Callable[[], bool] = lambda: False) -> int:
    """Check up to *budget* stored messages, oldest first, slowly while *busy*; return how many were quarantined."""
    after = checked = quarantined = 0
    while checked < budget:
        if busy():
            await asyncio.sleep(PAUSE)  # one slice per pause: the catch-up keeps the cores
        report = ledger.check(after=after, limit=min(slice_size, budget - checked))
        if not report.checked:
            break
        checked, after = checked + report.checked, report.last_rowid
        for damage in report.damaged:
            log.warning("stored message %d of %s no longer verifies (%s): quarantined; peers will send it again",
                        damage.seq, keys.fingerprint(damage.author), damage.reason)
        quarantined += len(report.damaged)
        if replication.room_id is not None and any(d.room == replication.room_id for d in report.damaged):
            replication.enter(replication.room_id)  # scores again, without what no longer verifies
        await asyncio.sleep(0)
    log.info("re-verified %d stored messages: %d quarantined", checked, quarantined)
    return quarantined
