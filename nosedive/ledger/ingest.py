"""Placing messages in their chains, inside the ledger's open write transaction.

:func:`decode_batch` does the stateless part (decode, right room, chain order);
:class:`ChainWriter` asks :func:`~nosedive.ledger.chain.judge` about each message and acts:
stage it, hold it, count a duplicate, or keep a fork proof; and when a message is stored it
releases the held ones that now follow on.

A message dated more than ``FUTURE_TOLERANCE_MS`` ahead of the receiving clock is valid but
early: it is held like a message ahead of a gap (never refused, so never stranded) and
released by :meth:`ChainWriter.release_due` once the clock passes ``ts - FUTURE_TOLERANCE_MS``.
Whether a held message waits for a gap or for the clock is read from the message itself.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from nosedive.core import messages as msgs
from nosedive.core.encoding import MAX_INT
from nosedive.core.errors import FutureTimestampError, NosediveError, PrevMismatchError, WrongRoomError
from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.ledger import chain
from nosedive.ledger.cache import ChainCache
from nosedive.ledger.chain import Verdict
from nosedive.ledger.forks import ForkTable
from nosedive.ledger.pending import HoldQueue
from nosedive.ledger.records import ForkProof, IngestReport
from nosedive.ledger.verifier import Verifier

NO_CLOCK = MAX_INT  # decoding leaves the timestamp to placing: an early message is held, not refused


def is_early(message: Message, now: int) -> bool:
    """Dated further ahead of *now* than peers tolerate: it waits for the clock."""
    return message.ts > now + msgs.FUTURE_TOLERANCE_MS


def decode_batch(
    raws: Iterable[bytes], *, room: str | None, report: IngestReport,
    on_decoded: Callable[[Message], None] | None = None,
) -> list[tuple[int, Message]]:
    """(position, message) of every well-formed message of *raws*, in chain order; the rest into *report*.

    *on_decoded* sees each well-formed message as soon as it is decoded (a verifier pool starts
    on its signature meanwhile). The timestamp is not judged here: :meth:`ChainWriter.place`
    holds what is early."""
    decoded: list[tuple[int, Message]] = []
    for index, raw in enumerate(raws):
        try:
            message = msgs.decode(raw, now=NO_CLOCK)
            if room is not None and message.room != room:
                raise WrongRoomError(_("message belongs to room {room}, not {wanted}").format(
                    room=message.room[:12], wanted=room[:12]))
            decoded.append((index, message))
            if on_decoded is not None:
                on_decoded(message)
        except NosediveError as exc:
            report.errors.append((index, exc))
    decoded.sort(key=lambda item: chain.ingest_order(item[1]))
    return decoded


def decode_and_verify(
    raws: Iterable[bytes], room: str | None, report: IngestReport, verifier: Verifier,
    known_seq: Callable[[str, str], int],
) -> tuple[list[tuple[int, Message]], Callable[[Message], None]]:
    """:func:`decode_batch`, handing *verifier* each new message as it is decoded; and the signature check
    for placing them. One at or below its author's *known_seq* head is a duplicate: not sent to verify."""
    signatures = verifier.batch()
    if not signatures.collects:  # verified here, where the rules ask: nothing to hand over
        return decode_batch(raws, room=room, report=report), msgs.verify

    def decoded_one(message: Message) -> None:
        if message.seq > known_seq(message.room, message.author):
            signatures.add(message)

    decoded = decode_batch(raws, room=room, report=report, on_decoded=decoded_one)
    signatures.finish()
    return decoded, signatures.check


class ChainWriter:
    """Acts on the chain rules' verdicts; every method runs inside a write transaction."""

    def __init__(self, cache: ChainCache, held: HoldQueue, forks: ForkTable) -> None:
        self._cache = cache
        self._held = held
        self._forks = forks
        self._verify: Callable[[Message], None] = msgs.verify  # where each signature is checked

    def place_batch(self, decoded: Iterable[tuple[int, Message]], report: IngestReport, now: int,
                    verify: Callable[[Message], None] = msgs.verify) -> None:
        """Place each (position, message), reporting a refused one by its position.

        *verify* checks a signature where the rules need it (a verifier pool's answers, or
        :func:`~nosedive.core.messages.verify`): the same calls, in the same order, either way."""
        self._verify = verify
        try:
            for index, message in decoded:
                try:
                    if self.place(message, report, verified=False, now=now):
                        self.release_followers(message, report, now)
                except NosediveError as exc:
                    report.errors.append((index, exc))
        finally:
            self._verify = msgs.verify

    def place(self, message: Message, report: IngestReport, *, verified: bool, now: int) -> bool:
        """Judge *message* against its chain and act on the verdict; True if it was stored.

        One that would be stored but is early (:func:`is_early` at *now*) is held instead."""
        room, author = message.room, message.author
        try:
            verdict = chain.judge(
                message, creator=self._cache.rooms.get(room), head=self._cache.head(room, author),
                stored_id=lambda seq: self._cache.stored_id(room, author, seq),
            )
        except PrevMismatchError:
            if not verified:
                self._verify(message)  # a forgery proves nothing; a signed one proves the chains part below it
            report.conflicts.append(message)
            raise
        if verdict is Verdict.ACCEPT and is_early(message, now):
            self._hold(message, report, verified=verified, early=True)
            return False
        if verdict is Verdict.ACCEPT:
            if not verified:
                self._verify(message)
            self.store(message, report)
            return True
        if verdict is Verdict.HOLD:
            self._hold(message, report, verified=verified)
        elif verdict is Verdict.DUPLICATE:
            report.duplicates += 1
        else:
            self._verify(message)  # only a valid signature makes a fork proof
            proof = self.store_fork(message, self._cache.stored_raw(room, author, message.seq))
            if proof is not None:
                report.forks.append(proof)
                if message.seq > 1 and message.prev != self._cache.stored_id(room, author, message.seq - 1) \
                        and self._forks.forked_at(room, author) == message.seq:
                    report.parted_below.append(message)  # not yet the first seq where the chains part
            raise chain.fork_error(message)
        return False

    def store(self, message: Message, report: IngestReport) -> None:
        """Take a message that extends its chain (already judged and verified)."""
        self._cache.stage(message)
        report.added.append(message)

    def release_followers(self, first: Message, report: IngestReport, now: int) -> None:
        """Store the held messages that now follow on from *first* (or whose room it opened).

        Depth first, so ``report.added`` stays in chain order; a loop, not recursion, so a
        long held chain cannot exhaust the stack.
        """
        if not self._held.count:
            return
        waiting = [iter(self._held.release_after(first))]
        while waiting:
            raw = next(waiting[-1], None)
            if raw is None:
                waiting.pop()
                continue
            held = msgs.decode_trusted(raw)
            self._held.remove(held.id)
            try:
                stored = self.place(held, report, verified=True, now=now)
            except NosediveError:
                continue  # a held message that no longer fits (e.g. prev mismatch) is dropped
            if stored and self._held.count:
                waiting.append(iter(self._held.release_after(held)))

    def store_fork(self, message: Message, other_raw: bytes) -> ForkProof | None:
        """Keep the proof that *message* and *other_raw* share an author and seq; None if known."""
        proof = self._forks.add(message.room, message.author, message.seq, other_raw, message.raw)
        # Held messages from the fork on may hang off either branch and never link;
        # they count for nothing anyway, so they must not sit in the queue forever.
        self._held.purge_from(message.room, message.author, message.seq)
        return proof

    def release_due(self, now: int, report: IngestReport) -> None:
        """Store the held messages whose time has come (not early at *now*, next in their chain)."""
        for held in self._held.due(now + msgs.FUTURE_TOLERANCE_MS, self._links_on):
            self._held.remove(held.id)
            try:
                if self.place(held, report, verified=True, now=now):
                    self.release_followers(held, report, now)
            except NosediveError:
                continue  # no longer fits (a fork came first): dropped, like any held message

    def _links_on(self, message: Message) -> bool:
        """Whether *message* is next in its chain (or opens its room): only the clock held it."""
        if message.is_genesis:
            return True
        room, author = message.room, message.author
        return room in self._cache.rooms and self._cache.head(room, author)[0] == message.seq - 1

    def _hold(self, message: Message, report: IngestReport, *, verified: bool, early: bool = False) -> None:
        chain.refuse_hold_after_fork(message, self._forks.forked_at(message.room, message.author))
        try:
            self._held.check_room_for(message)
        except NosediveError as exc:
            if not early:
                raise
            raise FutureTimestampError(
                _("message {seq} of {author} is dated ahead of this clock and the hold queue is full; it will be "
                  "fetched again later").format(seq=message.seq, author=message.author[:12])
            ) from exc
        if not verified:
            self._verify(message)
        self._held.add(message)
        report.held += 1
        if early:
            report.early += 1
