"""The debrief's questions, asked of this node's ledger (``node.debriefs``).

Everything is done in the loop's executor, on a read connection of its own to the ledger's
file (SQLite in WAL mode: a reader never waits for the node's writes, and the node's own
connection is never shared across threads), so the node keeps syncing while a 100,000-rating
session is gathered and scored again. Every answer is a frozen value.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from nosedive.core.errors import NosediveError
from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.debrief import DebriefData, Exported, collect, export
from nosedive.debrief.whatif import WhatIf, points, what_if
from nosedive.ledger.store import Ledger
from nosedive.scoring.comparison import utc_clock
from nosedive.scoring.counterfactual import policy_from
from nosedive.scoring.history import bucket_for

T = TypeVar("T")
Held = tuple[DebriefData, list[Message], dict[str, int], int]  # the debrief, the messages, the forks, the bucket


class Debriefs:
    def __init__(self, ledger: Ledger, room: Callable[[], str | None]) -> None:
        self._path, self._room = ledger.path, room

    async def _off_the_loop(self, work: Callable[[Held], T], bucket_ms: int | None = None) -> T:
        room = self._room()
        if room is None:
            raise NosediveError(_("no room yet: join or create one first"))

        def run() -> T:
            with Ledger(self._path) as reader:
                held = [message for _row, message in reader.messages(room)]
                stamps, people = [m.ts for m in held], len({m.author for m in held})
                bucket = bucket_ms or bucket_for(min(stamps, default=0), max(stamps, default=0), most=points(people))
                real = collect(reader, room, bucket_ms=bucket)
                return work((real, held, reader.forked_authors(room), bucket))

        return await asyncio.get_running_loop().run_in_executor(None, run)

    async def gather(self) -> DebriefData:
        """The room's debrief (the projector's pages), one point a minute."""
        return await self._off_the_loop(lambda held: held[0], bucket_ms=60_000)

    async def what_if(self, choice: str | None, rules_off: Sequence[str] = ()) -> WhatIf:
        """The session under the room's rules and under *choice* (a preset or a policy file; None: the room's
        own) with *rules_off* turned off (``nosedive.scoring.counterfactual.TOGGLES``), side by side; its
        sentences say "this session's rules" and "the other rules" (the projector's columns name them).
        Both sides are replayed in the same buckets (a minute, longer for a long session)."""
        if choice:
            policy_from(choice)  # a bad file is one clear error before the ledger is read
        off = tuple(rules_off)
        return await self._off_the_loop(lambda held: what_if(held[0], held[1], held[2], choice, off,
                                                             bucket_ms=held[3], brief=True))

    async def export(self, folder: Path, choice: str | None = None, rules_off: Sequence[str] = ()) -> Exported:
        """Write the debrief into *folder*, with the comparison when *choice* or *rules_off* asks for one."""
        off = tuple(rules_off)

        def write(held: Held) -> Exported:
            real, messages, forks, bucket = held
            if choice or off:
                real = what_if(real, messages, forks, choice, off, bucket_ms=bucket, clock=utc_clock).real
            return export(real, folder)

        return await self._off_the_loop(write, bucket_ms=60_000)
