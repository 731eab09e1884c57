"""The debrief's questions, asked of this node's ledger (``node.debriefs``).

The ledger is read on the node's loop (its thread: SQLite is never shared across threads
here); the re-scoring and the files are done in the loop's executor, so the node keeps
syncing while a 100,000-rating session is scored again. Every answer is a frozen value.
"""
from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from nosedive.core.errors import NosediveError
from nosedive.core.messages import Message
from nosedive.debrief import DebriefData, Exported, collect, export
from nosedive.debrief.whatif import WhatIf, what_if
from nosedive.ledger.store import Ledger
from nosedive.scoring.comparison import utc_clock
from nosedive.scoring.counterfactual import policy_from


class Debriefs:
    def __init__(self, ledger: Ledger, room: Callable[[], str | None]) -> None:
        self._ledger, self._room = ledger, room

    def _read(self) -> tuple[DebriefData, list[Message], dict[str, int]]:
        room = self._room()
        if room is None:
            raise NosediveError("no room yet: join or create one first")
        held = [message for _row, message in self._ledger.messages(room)]
        return collect(self._ledger, room), held, self._ledger.forked_authors(room)

    async def gather(self) -> DebriefData:
        """The room's debrief (the projector's three pages)."""
        return self._read()[0]

    async def what_if(self, choice: str | None, rules_off: Sequence[str] = ()) -> WhatIf:
        """The session under the room's rules and under *choice* (a preset or a policy file; None: the room's
        own) with *rules_off* turned off (``nosedive.scoring.counterfactual.TOGGLES``), side by side."""
        if choice:
            policy_from(choice)  # a bad file is one clear error before the ledger is read
        real, held, forks = self._read()
        return await asyncio.get_running_loop().run_in_executor(
            None, functools.partial(what_if, real, held, forks, choice, tuple(rules_off)))

    async def export(self, folder: Path, choice: str | None = None, rules_off: Sequence[str] = ()) -> Exported:
        """Write the debrief into *folder*, with the comparison when *choice* or *rules_off* asks for one."""
        real, held, forks = self._read()
        compared = bool(choice or rules_off)

        def write() -> Exported:
            data = what_if(real, held, forks, choice, tuple(rules_off), clock=utc_clock).real if compared else real
            return export(data, folder)

        return await asyncio.get_running_loop().run_in_executor(None, write)
