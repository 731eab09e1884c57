"""My clock against the room's: sign nothing peers would hold back, and take in what waited for theirs.

Every ``auth`` carries the sender's clock in unix ms (``clock``, optional: v2 peers without it
are simply not counted). :class:`RoomClock` keeps, per connected peer, what its clock read and
when (by a monotonic clock) its auth arrived, so it knows the peer's clock now even after mine
is set right (a round trip of error at most: far below the tolerance).

- **Signing**: when my clock is more than ``FUTURE_TOLERANCE_MS`` ahead of the median peer's,
  every message I would sign would be held by the room until its clocks caught up, and every
  later message of mine behind it. So :meth:`RoomClock.check_may_sign` refuses, with the reason
  (log line and a NodeError event, once per run). A clock behind the room's is not refused:
  backdating is bounded only by the peers' clocks as seen at signing (docs/protocol.md).
- **Receiving**: a message dated ahead of my clock waits in the ledger's hold queue;
  :meth:`RoomClock.release_held` stores it once my clock passes it (and what waited behind it).
"""
from __future__ import annotations

import asyncio
import logging
import statistics
import time
from collections.abc import Callable

from nosedive.core.errors import NosediveError
from nosedive.core.i18n import _
from nosedive.core.messages import FUTURE_TOLERANCE_MS, Message, decode_trusted, now_ms
from nosedive.ledger.store import Ledger
from nosedive.node.bus import EventBus
from nosedive.node.links import Links
from nosedive.room.events import NodeError

log = logging.getLogger("nosedive.node")



class ClockAheadError(NosediveError):
    """My clock is further ahead of my peers' than they accept: what I sign now would wait for days."""

    code = "clock-ahead"


class RoomClock:
    """The node's clock (injectable), its peers' offsets from it, and the retry of early messages."""

    def __init__(self, ledger: Ledger, links: Links, bus: EventBus, clock: Callable[[], int] = now_ms, *,
                 elapsed: Callable[[], float] = time.monotonic) -> None:
        self._ledger, self._links, self._bus, self.now, self._elapsed = ledger, links, bus, clock, elapsed
        self._peers: dict[str, tuple[int, float]] = {}  # peer key -> (its clock at its auth, my monotonic then)
        self._told = False
        self._told_early = False
        self._told_behind = False
        self.mine: Callable[[], tuple[str | None, str]] = lambda: (None, "")  # (my room, my key): set by the node

    def note_peer(self, peer_key: str, peer_clock: int | None) -> None:
        """A peer authenticated, saying its clock read *peer_clock* (None: an older peer that did not say)."""
        if peer_clock is not None:
            self._peers[peer_key] = (peer_clock, self._elapsed())
            self._tell_if_mine_wait()

    def _tell_if_mine_wait(self) -> None:
        """Once per run: say so when my latest messages were signed ahead of the room's clock (signed
        offline with a clock set wrong): the room holds them, and every later one of mine, until then."""
        room, me = self.mine()
        head = self._ledger.head(room, me)[0] if room else 0
        if self._told_early or not head or not self._peers:
            return
        room_now = self.now() - self.ahead_ms()
        raws = self._ledger.since(room or "", me, max(0, head - 1000), 1000)
        early = [m for m in map(decode_trusted, raws) if m.ts > room_now + FUTURE_TOLERANCE_MS]
        if early:
            self._told_early = True
            hours = (early[0].ts - FUTURE_TOLERANCE_MS - room_now) / 3_600_000
            text = _("{count} of your messages were signed while your clock was ahead of the room's: the room "
                     "keeps them, and every later one of yours, until its clocks reach them (in {hours:.1f} h)"
                     ).format(count=len(early), hours=hours)
            log.warning("%s", text)
            self._bus.emit(NodeError(text, code="clock-early"))

    def ahead_ms(self) -> int:
        """How far my clock is ahead of the median connected peer's (negative: behind); 0 with none."""
        now, elapsed = self.now(), self._elapsed()
        offsets = [now - (clock + int((elapsed - then) * 1000))
                   for key, (clock, then) in self._peers.items() if key in self._links.by_key]
        return int(statistics.median(offsets)) if offsets else 0

    def check_may_sign(self) -> None:
        """Raise ClockAheadError when the room would hold back what I sign now; say so once."""
        ahead = self.ahead_ms()
        if ahead < -FUTURE_TOLERANCE_MS and not self._told_behind:  # accepted, but the person should know
            self._told_behind = True
            text = _("your clock is {minutes} minutes behind the room's: what you sign is dated in the past "
                     "(and may escape time windows such as double damage); please set it right").format(
                minutes=round(-ahead / 60_000))
            log.warning("%s", text)
            self._bus.emit(NodeError(text, code="clock-behind"))
        if ahead <= FUTURE_TOLERANCE_MS:
            return
        text = _("your clock is {minutes} minutes ahead of the room's; fix it before you rate").format(
            minutes=ahead // 60_000)
        if not self._told:
            self._told = True
            log.warning("%s", text)
            self._bus.emit(NodeError(text, code="clock-ahead"))
        raise ClockAheadError(text)

    def sign_at(self) -> int:
        """The ts to sign my next message with; raises ClockAheadError when the room would hold it back."""
        self.check_may_sign()
        return self.now()

    def release_due(self) -> list[Message]:
        """Store the held messages my clock has caught up with; what was stored, in chain order."""
        report = self._ledger.release_due(now=self.now())
        if report.added:
            log.info("stored %d message(s) that were dated ahead of this clock", len(report.added))
        return report.added

    async def release_held(self, interval: float, stored: Callable[[list[Message]], None]) -> None:
        """Now and then, store what waited for my clock and hand it on (*stored*: to the view and peers)."""
        while True:
            await asyncio.sleep(interval)
            added = self.release_due()
            if added:
                stored(added)
