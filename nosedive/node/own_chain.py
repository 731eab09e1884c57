"""My own chain is never forked by accident: nothing is signed over a head the room may know is newer.

A machine whose ledger was restored from a backup (or copied back from an older one) holds
fewer of my messages than the room. Signing my "next" message there signs a second message at
a seq I already used: a fork, and my ratings from there on count for nothing, for good.

This machine cannot know its own head until somebody who holds my chain has said how much of
it they hold. So, from the start of every run and per room, my head is *unconfirmed* until:

- a connected peer's ``have`` (or a summary equal to mine) shows it holds no more of my chain
  than my ledger does — if it holds more, sync fetches it first (a restore: I am told); or
- the room's ``sign_alone_after_seconds`` (policy; ``NodeConfig.sign_alone_after`` overrides it)
  passed with no peer connected at all: alone, there is nobody to ask (the trade-off, in
  docs/protocol.md: a restored machine kept offline that long can still fork itself) — no wait
  at all on a machine that knows no peer (none configured, none in ``peers.json``); or
- I created the room in this run (my chain there is its genesis alone).

Until then what I do (rate, befriend, …) is kept *unsigned* in the ledger
(:mod:`nosedive.ledger.outbox`: durable, in order) and I am told so; :meth:`OwnChain.flush`
signs it, after whatever my chain gained from peers, as soon as it may.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from nosedive.core.errors import NosediveError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity
from nosedive.core.messages import Message, decode_trusted, now_ms
from nosedive.ledger.outbox import Outbox
from nosedive.ledger.store import Ledger
from nosedive.node.bus import EventBus
from nosedive.node.links import Links
from nosedive.room.events import NodeError

log = logging.getLogger("nosedive.node")


DEFAULT_ALONE_WAIT = 30  # seconds; the policy's ``sign_alone_after_seconds`` (0 to 3600) sets another


def alone_wait_of(policy: Mapping[str, Any]) -> float:
    """The room policy's wait alone before kept messages are signed anyway (its default when unset or not
    a whole number of seconds from 0 to 3600)."""
    value = policy.get("sign_alone_after_seconds", DEFAULT_ALONE_WAIT)
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3600
    return float(value if ok else DEFAULT_ALONE_WAIT)


class RestoredError(NosediveError):
    """The room holds more of my chain than this machine: signing now would fork it."""

    code = "restored"


class KeptError(NosediveError):
    """Not signed yet: my head on this machine is not confirmed (the message is kept or wanted)."""

    code = "kept-unsigned"


class OwnChain:
    """Answers one question before every message I sign: may this machine extend my chain now?"""

    def __init__(self, me: str, ledger: Ledger, links: Links, bus: EventBus, *, wait: Callable[[], float],
                 elapsed: Callable[[], float] = time.monotonic) -> None:
        self._me, self._ledger, self._links, self._bus = me, ledger, links, bus
        self._wait, self._elapsed = wait, elapsed
        self._started = elapsed()
        self._started_wall = now_ms() - 1000  # a genesis signed after this was made in this run
        self.outbox = Outbox(ledger)
        self._confirmed: set[str] = set()  # rooms where my head is known to be the room's
        self._found = 0  # my own messages peers sent back this run: this copy was older than the room's
        self._told = False  # the restore was reported (log line and NodeError event): once per run

    def behind(self, room: str) -> int:
        """How many of my messages some connected peer holds and my ledger does not."""
        mine = self._ledger.head(room, self._me)[0]
        claimed = [conn.session.claims.get(self._me, 0) for conn in self._links.open() if conn.session.heard]
        return max([0, *(seq - mine for seq in claimed)])

    def confirmed(self, room: str) -> bool:
        """Whether my head in *room* is known here to be the room's (see the module's rules)."""
        if room in self._confirmed:
            return True
        if self._made_this_run(room):
            self._confirmed.add(room)
            return True
        open_ = self._links.open()
        wait = self._wait()
        if any(conn.session.heard for conn in open_) or wait <= 0 or (
                not open_ and self._elapsed() - self._started >= wait):
            if not any(conn.session.heard for conn in open_) and wait > 0:
                log.info("no peer answered in %.0f s: signing what I kept on this machine's copy of my chain", wait)
            self._confirmed.add(room)
            return True
        return False

    def may_sign_now(self, room: str) -> bool:
        """True when signing my next message here cannot fork my chain (and nothing kept waits before it)."""
        return self.confirmed(room) and not self.behind(room) and not self.outbox.count(self._me, room)

    def sign_at(self, room: str | None, clock: Callable[[], int]) -> int:
        """The ts for a message signed now (*clock* may refuse it); KeptError while my head is unconfirmed."""
        if room is not None and not self.may_sign_now(room):
            raise KeptError(_("not signed yet: this machine is still checking with your peers that it holds "
                              "your newest messages"))
        return clock()

    def keep(self, room: str, type_: str, body: dict[str, Any], ts: int) -> None:
        """Keep what I just did, unsigned and durable, and tell me why and until when."""
        self.outbox.keep(self._me, room, type_, body, ts)
        kept = self.outbox.count(self._me, room)
        if self.behind(room) or self._found:
            text = _("your data was restored from an older copy: {found} of your messages were found on peers and "
                     "kept; your {kept} new one(s) will be signed after them and sent once this machine has caught "
                     "up").format(found=self._found, kept=kept)
        else:
            text = _("kept on this machine, not signed yet ({kept} waiting): it is signed and sent once a peer "
                     "confirms this machine holds your newest messages, or after {wait:.0f} s with no peer at "
                     "all").format(kept=kept, wait=self._wait())
        self._tell(text, "kept-unsigned")

    def received_mine(self, count: int) -> None:
        """A peer sent *count* of my own messages my ledger lacked: this copy was older than the room's."""
        self._found += count
        if count and not self._told:
            self._told = True
            self._tell(_("this machine's copy of your messages is older than the room's: restored from a backup? "
                         "Catching up before you can rate ({missing} of your messages fetched so far)").format(
                missing=count), "restored")

    def flush(self, room: str, identity: Identity, sign_at: Callable[[], int]) -> list[Message]:
        """Sign what was kept, oldest first, once my head is confirmed; what was signed."""
        signed: list[Message] = []
        if not self.outbox.count(self._me, room) or not self.confirmed(room) or self.behind(room):
            return signed
        while (message := self.outbox.sign_oldest(identity, room, now=sign_at())) is not None:
            signed.append(message)
        if self._found:
            text = _("your data was restored from an older copy: {found} of your messages were found on peers and "
                     "kept; your {kept} kept message(s) are now signed (seq {first} to {last}) and sent")
        else:
            text = _("your {kept} kept message(s) are now signed (seq {first} to {last}) and sent")
        self._tell(text.format(found=self._found, kept=len(signed), first=signed[0].seq, last=signed[-1].seq),
                   "kept-signed")
        return signed

    def _made_this_run(self, room: str) -> bool:
        """I created *room* in this run (my chain is its genesis alone): nobody can hold more of it."""
        if self._ledger.head(room, self._me)[0] != 1 or self._ledger.creator(room) != self._me:
            return False
        raws = self._ledger.since(room, self._me, 0, 1)
        return bool(raws) and decode_trusted(raws[0]).ts >= self._started_wall

    def _tell(self, text: str, code: str) -> None:
        log.warning("%s", text)
        self._bus.emit(NodeError(text, code=code))
