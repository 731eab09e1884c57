"""The asyncio side of Plumtree (:mod:`nosedive.net.plumtree`): links in, frames out, one timer.

Replication hands it every message the node adds; connections report links opening and closing and
the peers' ihave / graft / prune. What to do is decided by the plain :class:`Plumtree`; this only maps
peer keys to connections, queues the frames, and wakes up when the tree has something due (a graft
or gathered announcements), otherwise it sleeps.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from nosedive.core.messages import Message, decode_trusted
from nosedive.ledger.records import IngestReport
from nosedive.net.events import TreeSignal
from nosedive.net.plumtree import Action, Announce, Graft, Plumtree, Prune
from nosedive.net.transport import Connection
from nosedive.node.links import Links

log = logging.getLogger("nosedive.node")
PUSH_BATCH = 64  # messages: a batch this small may be a push; a bigger one is a stream


class Dissemination:
    """Pushes new messages along the tree's eager links and announces them on a few lazy ones."""

    def __init__(self, links: Links, me: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.tree = Plumtree(me)
        self._links, self._clock = links, clock
        self._wake = asyncio.Event()

    def reset(self, held: dict[str, int]) -> None:
        self.tree.reset(held)

    def up(self, conn: Connection) -> None:
        self.tree.up(conn.peer_key)

    def down(self, conn: Connection) -> None:
        if conn.peer_key and self._links.by_key.get(conn.peer_key) in (None, conn):
            self.tree.down(conn.peer_key)

    def spread(self, source: Connection | None, messages: list[Message]) -> None:
        """*messages* are new here (from *source*, or mine): push them eagerly, announce them lazily."""
        peers = self.tree.deliver(source.peer_key if source else None, [(m.author, m.seq) for m in messages],
                                  self._clock())
        for peer in peers:
            conn = self._links.by_key.get(peer)
            if conn is not None and conn.is_open:
                conn.push(conn.session.push(messages))
        self._wake.set()

    def received(self, conn: Connection, raws: list[bytes], report: IngestReport) -> None:
        """A push that brought nothing new (all held already): its link is pruned from those authors' trees.
        (A big batch is a stream of what a have or graft asked for, not a push: never pruned for.)"""
        if report.duplicates and not report.added and not report.held and not report.errors \
                and len(raws) <= PUSH_BATCH:
            authors: dict[str, int] = {}
            for raw in raws:
                message = decode_trusted(raw)
                authors[message.author] = max(authors.get(message.author, 0), message.seq)
            self._carry_out(self.tree.duplicate(conn.peer_key, authors))

    def on_signal(self, conn: Connection, event: TreeSignal) -> None:
        peer = conn.peer_key
        if self._links.by_key.get(peer) is not conn:
            return  # a duplicate connection about to close
        if event.kind == "ihave":
            self.tree.announced(peer, event.have, self._clock())
            self._wake.set()
        elif event.kind == "prune":
            self.tree.pruned(peer, event.have)
        else:  # graft: the session planned what it lacks; from now on it gets pushes
            self.tree.grafted(peer, event.have)

    def _carry_out(self, actions: list[Action]) -> None:
        for action in actions:
            conn = self._links.by_key.get(action.peer)
            if conn is None or not conn.is_open:
                continue
            if isinstance(action, Announce):
                conn.send(conn.session.ihave(action.have))
            elif isinstance(action, Graft):
                log.debug("grafting %s for %d author(s)", conn.address, len(action.have))
                conn.send(conn.session.graft(action.have))
            elif isinstance(action, Prune):
                conn.send(conn.session.prune(action.have))

    async def run(self) -> None:
        """Sleep until the tree has something due (or is told something new), then do it; forever."""
        while True:
            due = self.tree.next_due()
            try:  # asyncio.timeout, not wait_for: 3.11's wait_for can swallow a cancellation
                async with asyncio.timeout(None if due is None else max(0.0, due - self._clock())):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()
            self._carry_out(self.tree.tick(self._clock()))
