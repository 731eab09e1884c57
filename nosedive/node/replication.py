"""The room I am in: what the ledger gains goes into the view and on to the peers.

New rows come from three places — peers (a received batch), me (a command) and
another process on the same ledger (``nosedive rate`` from a shell, picked up by
:meth:`Replication.watch`). All of them pass through :meth:`Replication.catch_up`.
"""
from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from collections.abc import Callable

from nosedive.core.errors import ForkError, NosediveError, NotFacilitatorError, StorageError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity
from nosedive.core.messages import Message, now_ms
from nosedive.ledger.store import ForkProof, Ledger
from nosedive.net.protocol import ReceivedFork
from nosedive.net.transport import Connection
from nosedive.node import fork_trace
from nosedive.node.bus import EventBus
from nosedive.node.clock import RoomClock
from nosedive.node.dissemination import Dissemination
from nosedive.node.links import Links
from nosedive.node.own_chain import OwnChain, alone_wait_of
from nosedive.node.profile import Profile
from nosedive.room.events import RatedYou
from nosedive.room.view import RoomView

log = logging.getLogger("nosedive.node")
INGEST_CHUNK = 500  # messages stored per transaction before other peers and timers get a turn


class Replication:
    """Holds the room id, its view, and how far into the ledger the view has read."""

    def __init__(self, identity: Identity, ledger: Ledger, links: Links, bus: EventBus, profile: Profile, *,
                 changed: Callable[[], None], clock: Callable[[], int] = now_ms,
                 sign_alone_after: float | None = None) -> None:
        self._identity, self._ledger, self._links, self._bus, self._profile = identity, ledger, links, bus, profile
        self._changed = changed
        self.room_id: str | None = None
        self.view: RoomView | None = None  # None until the room's genesis is here
        self.ready = asyncio.Event()  # set while the view exists: commands work
        self._seen_rowid = 0
        self.own_chain = OwnChain(identity.public_hex, ledger, links, bus,  # never sign over a newer head
                                  wait=lambda: self._alone_wait(sign_alone_after))
        self.clock = RoomClock(ledger, links, bus, clock)  # never sign with a clock the room would hold back
        self.clock.mine = lambda: (self.room_id, identity.public_hex)
        profile.sign_at = lambda: self.own_chain.sign_at(self.room_id, self.clock.sign_at)
        self.tree = Dissemination(links, identity.public_hex)  # Plumtree: each message to each node about once

    def enter(self, room_id: str) -> None:
        self.room_id, self.view, self._seen_rowid = room_id, None, 0
        self.tree.reset({})
        self.ready.clear()
        self.catch_up(live=False)

    def append(self, type_: str, body: dict[str, object]) -> str:
        """Sign and store my next message (durable before it is announced), then pass it on; its id."""
        if self.room_id is None or self.view is None:
            raise NosediveError(_("not in a room yet: join or create one first"))
        if not self.own_chain.may_sign_now(self.room_id):  # my head here may be older than the room's
            self.clock.check_may_sign()
            self.own_chain.keep(self.room_id, type_, body, self.clock.now())  # signed by sign_kept, in order
            return ""  # no id yet: it is signed once my chain here is caught up
        message = self._ledger.append(self._identity, self.room_id, type_, body, ts=self.clock.sign_at())
        self.catch_up(live=True)
        return message.id

    def sign_kept(self) -> None:
        """Sign what was kept unsigned (here or by `nosedive rate` beside me) once my head is confirmed,
        publish my profile if it waited too, and pass it all on."""
        room, view = self.room_id, self.view
        if room is None or view is None or not (self._profile.waiting or self.own_chain.outbox.count(
                self._identity.public_hex, room)):
            return
        if not self.own_chain.confirmed(room) or self.own_chain.behind(room):
            return
        before = self._ledger.last_arrival()
        try:
            self.own_chain.flush(room, self._identity, self.clock.sign_at)
            if self._profile.waiting:
                self._profile.publish_if_needed(view, room)
        except NosediveError as exc:  # a clock ahead of the room's (told already), a full disk: kept, tried again
            log.info("kept messages not signed yet: %s", exc)
        if self._ledger.last_arrival() != before:
            self.catch_up(live=True)

    def _alone_wait(self, override: float | None) -> float:
        policy = {} if override is not None or self.view is None else self.view.engine.policy.raw
        return override if override is not None else alone_wait_of(policy)

    def catch_up(self, *, live: bool, added: list[Message] | None = None, source: Connection | None = None) -> None:
        """Apply whatever the ledger gained and push it on; *live*: tell listeners who rated me.

        *added*: what this node's own ingest just stored (from *source*). When no other process
        wrote meanwhile, those are exactly the new rows, and reading them back is skipped.
        """
        if self.room_id is None:
            return
        view = self.view
        if view is None:
            view = self._open_view(self.room_id)
            if view is None:
                return  # the genesis has not arrived yet
            live = False  # the backlog of a room just opened is not news
        messages = self._new_messages(self.room_id, added)
        if messages:
            change = view.apply(messages)
            # Rows another process wrote meanwhile (`nosedive rate` beside me) did not come from *source*:
            # they are spread as mine, or that peer would be the one left without the push.
            came = {m.id for m in added or ()} if source is not None else set()
            if others := [m for m in messages if m.id not in came]:
                self.tree.spread(None, others)
            if len(others) < len(messages):
                self.tree.spread(source, [m for m in messages if m.id in came])
            if live:
                for item in change.rated_me:
                    self._bus.emit(RatedYou(item))
        self._changed()

    def _open_view(self, room_id: str) -> RoomView | None:
        if self._ledger.creator(room_id) is None:
            return None
        view = self.view = RoomView(self._ledger, room_id, self._identity.public_hex)
        self._seen_rowid = self._ledger.last_arrival()
        self.tree.reset({author: seq for author, (seq, _) in self._ledger.have(room_id).items()})
        try:
            self._profile.publish_if_needed(view, room_id)  # a row after _seen_rowid: applied just below
        except NosediveError as exc:  # my clock is ahead of the room's: told already; published once it is right
            log.info("profile not published: %s", exc)
        self.ready.set()
        return view

    def _new_messages(self, room_id: str, added: list[Message] | None) -> list[Message]:
        last = self._ledger.last_arrival()
        if added is not None and last == self._seen_rowid + len(added):
            self._seen_rowid = last
            return [m for m in added if m.room == room_id]
        rows = list(self._ledger.messages(room_id, after=self._seen_rowid))
        self._seen_rowid = max(self._seen_rowid, rows[-1][0]) if rows else last
        return [m for _, m in rows]

    # ------------------------------------------------------------ from peers
    async def receive(self, conn: Connection, raws: list[bytes]) -> None:
        """Store a peer's batch in chunks, refusing what is invalid, and pass on what is new.

        Each chunk is decoded and its signatures handed to the verifier (:meth:`Ledger.prepare`)
        before the chunk ahead of it is stored: a pool verifies the next one meanwhile."""
        chunks = [raws[start:start + INGEST_CHUNK] for start in range(0, len(raws), INGEST_CHUNK)]
        room, ahead = self.room_id, None
        for index, chunk in enumerate(chunks):
            if ahead is None or room != self.room_id:  # the first, or I entered another room meanwhile
                ahead = self._ledger.prepare(chunk, room=self.room_id)
            prepared, room = ahead, self.room_id
            ahead = self._ledger.prepare(chunks[index + 1], room=room) if index + 1 < len(chunks) else None
            try:
                report = self._ledger.ingest_many(prepared, now=self.clock.now())
            except (sqlite3.Error, StorageError) as exc:  # rolled back whole, even on a full disk: sync brings it again
                log.error("could not store messages from %s: %s", conn.address, exc)
                return
            conn.session.peer_holds(report.added)
            self.tree.received(conn, chunk, report)
            self.own_chain.received_mine(sum(m.author == self._identity.public_hex for m in report.added))
            if report.errors:
                log.info("refused %d message(s) from %s: %s", len(report.errors), conn.address, report.errors[0][1])
                # A validly signed message of a forked author is evidence, not misbehaviour of the sender.
                invalid = sum(not isinstance(error, ForkError) for _index, error in report.errors)
                await conn.handle(conn.session.count_invalid(invalid))
            for proof in report.forks:
                self._new_fork(proof)
            for message in report.parted_below:  # the chains part lower down: my messages below, to find where
                conn.send(fork_trace.below(self._ledger, message))
            if report.conflicts:  # its chain parts from mine below: our heads show it where
                log.info("%s sent a message that does not follow my copy of its author's chain; comparing heads",
                         conn.address)
                conn.send(conn.session.have())
            self.catch_up(live=True, added=report.added, source=conn)
            await asyncio.sleep(0)  # let other peers and timers run between chunks

    def receive_fork(self, conn: Connection, event: ReceivedFork) -> None:
        try:
            proof = self._ledger.ingest_fork_proof(event.raw_a, event.raw_b)
        except NosediveError as exc:
            log.info("refused a fork proof from %s: %s", conn.address, exc)
            return
        if proof is not None:
            self._new_fork(proof)

    def _new_fork(self, proof: ForkProof) -> None:
        log.warning("fork: %s signed two messages at seq %d", proof.author[:12], proof.seq)
        if self.view is not None and self.room_id is not None:
            self.view.set_forks(self._ledger.forked_authors(self.room_id))
        for conn in list(self._links.all):
            conn.send(conn.session.push_fork(proof))
        self._changed()

    # ------------------------------------------------------------ background
    async def anti_entropy(self, interval: float) -> None:
        """Now and then, compare summaries with a random peer: repairs whatever the tree missed. The
        tree's own timer (grafts, announcements) runs beside it, in the same background task."""
        rng = random.Random()

        async def compare() -> None:
            while True:
                await asyncio.sleep(interval * rng.uniform(0.5, 1.5))
                open_ = self._links.open()
                if open_:
                    conn = rng.choice(open_)
                    conn.send(conn.session.summary())
        await asyncio.gather(compare(), self.tree.run())

    async def watch(self, interval: float) -> None:
        """Pick up what `nosedive rate` / `friend` appended to the same ledger from the shell."""
        while True:
            await asyncio.sleep(interval)
            if self.room_id is not None and self._ledger.last_arrival() > self._seen_rowid:
                self.catch_up(live=True)
            self.sign_kept()  # what waited for my head to be confirmed (kept here or by the shell)

    def sync_remaining(self) -> int:
        """Messages the connected peers say they hold and I do not (yet)."""
        if self.room_id is None:
            return 0
        mine = self._ledger.have(self.room_id)
        best: dict[str, int] = {}  # the most any peer claims per author: no double counting
        for conn in self._links.by_key.values():
            for author, seq in conn.session.claims.items():
                best[author] = max(best.get(author, 0), seq)
        return sum(max(0, seq - mine.get(author, (0, ""))[0]) for author, seq in best.items())


def entered_view(room: Replication) -> RoomView:
    """The room this node is in, or the one refusal every command gives before there is one."""
    if room.room_id is None or room.view is None:
        raise NosediveError(_("not in a room yet: join or create one first"))
    return room.view


def facilitator_view(room: Replication, me: str, action: str) -> RoomView:
    """The room, when *me* facilitates it; else the refusal naming the facilitator and the *action*."""
    view = entered_view(room)
    if view.facilitator != me:
        raise NotFacilitatorError(_("only the room's facilitator ({name}) may {action}").format(
            name=view.label_of(view.facilitator), action=action))
    return view
