"""My own chain is never forked by accident: no signing over a head the room knows is newer.

A machine whose ledger was restored from a backup (or copied back from an older one) holds
fewer of my messages than the room. Signing my "next" message there signs a second message at
a seq I already used: a fork, and my ratings from there on count for nothing, for good.

So :meth:`OwnChain.check_may_append` refuses to sign while a connected peer has told (in its
``have``) that it holds more of my chain than my ledger; I am told why, sync fetches my missing
messages from that peer, and signing works again as soon as my ledger has caught up.

Not covered yet: a restored machine that rates before any peer has answered (offline, or in
the first moment after connecting) still signs over the room's newer head.
"""
from __future__ import annotations

import logging

from nosedive.core.errors import NosediveError
from nosedive.ledger.store import Ledger
from nosedive.node.bus import EventBus
from nosedive.node.links import Links
from nosedive.room.events import NodeError

log = logging.getLogger("nosedive.node")

RESTORED = ("this machine's copy of your ratings is older than the room's: restored from a backup? "
            "Catching up before you can rate ({missing} of your messages to fetch)")


class RestoredError(NosediveError):
    """The room holds more of my chain than this machine: signing now would fork it."""

    code = "restored"


class OwnChain:
    """Answers one question before every message I sign: may this machine extend my chain now?"""

    def __init__(self, me: str, ledger: Ledger, links: Links, bus: EventBus) -> None:
        self._me, self._ledger, self._links, self._bus = me, ledger, links, bus
        self._told = False  # the restore was reported (log line and NodeError event): once per run

    def behind(self, room: str) -> int:
        """How many of my messages some connected peer holds and my ledger does not."""
        mine = self._ledger.head(room, self._me)[0]
        claimed = [conn.session.claims.get(self._me, 0) for conn in self._links.open() if conn.session.heard]
        return max([0, *(seq - mine for seq in claimed)])

    def received_mine(self, count: int) -> None:
        """A peer sent *count* of my own messages my ledger lacked: this copy was older than the room's."""
        if count and not self._told:
            self._tell(RESTORED.format(missing=count))

    def _tell(self, text: str) -> None:
        self._told = True
        log.warning("%s", text)
        self._bus.emit(NodeError(text, code="restored"))

    def check_may_append(self, room: str) -> None:
        """Raise RestoredError when signing now could fork my own chain; say so once per restore."""
        missing = self.behind(room)
        if missing:
            text = RESTORED.format(missing=missing)
            if not self._told:
                self._tell(text)
            raise RestoredError(text)
