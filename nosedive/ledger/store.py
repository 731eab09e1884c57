"""The append-only ledger of signed messages, in one SQLite file (WAL).

Invariants, on every node:
- only fully validated messages are stored; storing a known message changes nothing;
- each author's chain in a room is contiguous from seq 1 (prev links checked);
- a message ahead of a gap is held (bounded) in ``pending`` until the gap fills, and one dated
  ahead of the clock until the clock passes it (:meth:`Ledger.release_due`): neither is refused;
- two valid messages with one author and seq are kept as a fork proof;
- your own new message is durable (fsynced) before anyone may announce it.

This module opens the file (:mod:`~nosedive.ledger.schema` versions and migrates it), runs
every write in the one write transaction (:mod:`~nosedive.ledger.transaction`) and answers reads.
Inside a write, :class:`~nosedive.ledger.ingest.ChainWriter` asks the pure rules of
:mod:`~nosedive.ledger.chain` where each message goes and acts on the answer through the hold
queue (:mod:`~nosedive.ledger.pending`), the fork table and the caches.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nosedive.core import messages as msgs
from nosedive.core.errors import NosediveError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.ledger import audit, chain, queries, schema
from nosedive.ledger.cache import ChainCache
from nosedive.ledger.forks import ForkTable
from nosedive.ledger.ingest import NO_CLOCK, ChainWriter, decode_and_verify
from nosedive.ledger.pending import DEFAULT_MAX_PENDING, DEFAULT_MAX_PENDING_PER_AUTHOR, HoldLimits, HoldQueue
from nosedive.ledger.records import ForkProof, IngestReport, RoomRecord
from nosedive.ledger.transaction import raise_translated, write_transaction
from nosedive.ledger.verifier import HERE, Verifier

__all__ = ["DEFAULT_MAX_PENDING", "DEFAULT_MAX_PENDING_PER_AUTHOR", "ForkProof", "IngestReport", "Ledger",
           "PreparedBatch", "RoomRecord"]


@dataclass
class PreparedBatch:
    """A batch :meth:`Ledger.prepare` decoded and handed to the verifier (a pool starts on its
    signatures at once), not stored yet: ``ingest_many`` of it stores it, once. A catch-up prepares
    its next batch before storing this one, so the workers verify that one while this process writes."""

    report: IngestReport | None  # what decoding refused; None once placed
    decoded: list[tuple[int, Message]]
    verify: Callable[[Message], None]

    @classmethod
    def decode(cls, raws: Iterable[bytes], room: str | None, verifier: Verifier,
               known_seq: Callable[[str, str], int]) -> PreparedBatch:
        report = IngestReport()
        return cls(report, *decode_and_verify(raws, room, report, verifier, known_seq))

    def place(self, writer: ChainWriter, now: int) -> IngestReport:
        """Inside the write transaction: place and store the batch (its second half of ingest_many)."""
        if self.report is None:
            raise ValueError("this batch was ingested already")
        report, self.report = self.report, None
        writer.place_batch(self.decoded, report, now, self.verify)
        return report


Batch = Iterable[bytes] | PreparedBatch  # what ingest_many takes: raw messages, or a batch prepared already


class Ledger:
    """One SQLite file holding every room this person has seen; ``Ledger(path)`` opens it.

    Opening refuses a file that is not a ledger, or is from a newer Nosedive, with a
    :class:`~nosedive.ledger.schema.LedgerFileError`, and migrates an older one in place.
    """

    def __init__(self, path: Path | str, *, max_pending: int = DEFAULT_MAX_PENDING,
                 max_pending_per_author: int = DEFAULT_MAX_PENDING_PER_AUTHOR, verifier: Verifier = HERE) -> None:
        self.path = Path(path)
        self.verifier = verifier  # who checks a batch's signatures (a pool, from the composition root)
        self._conn = schema.connect(self.path)
        self._cache = ChainCache(self._conn)
        self._held = HoldQueue(self._conn, HoldLimits(max_pending, max_pending_per_author))
        self._forks = ForkTable(self._conn)
        self._writer = ChainWriter(self._cache, self._held, self._forks)
        try:
            self._refresh_if_changed()
        except sqlite3.Error as exc:  # the header read fine but a page does not
            self._conn.close()
            raise_translated(exc, self.path)
            raise

    @classmethod
    def open(cls, path: Path | str, *, max_pending: int = DEFAULT_MAX_PENDING,
             max_pending_per_author: int = DEFAULT_MAX_PENDING_PER_AUTHOR, verifier: Verifier = HERE) -> Ledger:
        """Open (creating or migrating) the ledger at *path*: the explicit spelling of ``Ledger(path)``."""
        return cls(path, max_pending=max_pending, max_pending_per_author=max_pending_per_author, verifier=verifier)

    @property
    def max_pending(self) -> int:
        return self._held.limits.total

    @property
    def max_pending_per_author(self) -> int:
        return self._held.limits.per_author

    def close(self) -> None:
        schema.close(self._conn)
        self.verifier.close()  # no worker process outlives the ledger it verified for

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _refresh_if_changed(self) -> None:
        """Drop caches when another process (the CLI beside a node) wrote the file."""
        if self._cache.refresh_if_changed():
            self._held.recount()

    def _writing(self, *, durable: bool = False) -> AbstractContextManager[None]:
        """The one write transaction (:func:`~nosedive.ledger.transaction.write_transaction`)."""
        return write_transaction(self._conn, self.path, self._cache, refresh=self._refresh_if_changed,
                                 durable=durable)

    # ------------------------------------------------------------------ writing
    def ingest(self, raw: bytes, *, room: str | None = None, now: int | None = None) -> IngestReport:
        """Ingest one message; raises its error if it was refused."""
        report = self.ingest_many([raw], room=room, now=now)
        if report.errors:
            raise report.errors[0][1]
        return report

    def ingest_many(
        self, raws: Batch, *, room: str | None = None, now: int | None = None
    ) -> IngestReport:
        """Verify, validate and store many messages in one transaction.

        Bad messages are reported in ``errors`` (by position) and never stored;
        the good ones are stored regardless of their order in *raws* (or the batch :meth:`prepare` made).
        """
        return self._ingest_batch(raws, room=room, now=now, durable=False)

    def create_room(self, identity: Identity, name: str, policy: Mapping[str, Any]) -> Message:
        """Sign and store the genesis of a new room; it is on disk (fsynced) when this returns."""
        genesis = msgs.create_room(identity, name, policy)
        report = self._ingest_batch([genesis.raw], room=None, now=None, durable=True)
        if report.errors:
            raise report.errors[0][1]
        return genesis

    def append(
        self, identity: Identity, room: str, type: str, body: Mapping[str, Any], *, ts: int | None = None
    ) -> Message:
        """Sign and store your own next message; it is on disk (fsynced) when this returns."""
        self._creator_of_known(room)  # refuse early, before taking the write lock
        with self._writing(durable=True):  # head read + insert atomic across processes: no self-fork
            creator = self._creator_of_known(room)
            seq, prev = chain.next_link(self._cache.stored_head(room, identity.public_hex))
            message = msgs.create(identity, room=room, seq=seq, prev=prev, type=type, body=body, ts=ts)
            chain.check_may_post(message.type, message.author, creator)
            report = IngestReport()
            self._writer.store(message, report)
            self._writer.release_followers(message, report, msgs.now_ms())
        return message

    def release_due(self, *, now: int | None = None) -> IngestReport:
        """Store the held messages that were dated ahead of the clock and no longer are (at *now*)."""
        report = IngestReport()
        if self._held.count:
            with self._writing():
                self._writer.release_due(msgs.now_ms() if now is None else now, report)
        return report

    def ingest_fork_proof(self, raw_a: bytes, raw_b: bytes, *, now: int | None = None) -> ForkProof | None:
        """Store a fork proof gossiped by a peer, after checking it proves a fork (however early it is dated)."""
        a, b = msgs.parse(raw_a, now=NO_CLOCK), msgs.parse(raw_b, now=NO_CLOCK)
        chain.check_fork_proof(a, b)
        with self._writing():
            return self._writer.store_fork(a, b.raw)

    def prepare(self, raws: Iterable[bytes], *, room: str | None = None) -> PreparedBatch:  # see PreparedBatch
        return PreparedBatch.decode(raws, room, self.verifier, self._cache.known_seq)

    def _ingest_batch(self, raws: Batch, *, room: str | None, now: int | None, durable: bool) -> IngestReport:
        batch = raws if isinstance(raws, PreparedBatch) else self.prepare(raws, room=room)
        with self._writing(durable=durable):
            return batch.place(self._writer, msgs.now_ms() if now is None else now)

    def _creator_of_known(self, room: str) -> str:
        self._refresh_if_changed()
        creator = self._cache.rooms.get(room)
        if creator is None:
            raise NosediveError(_("unknown room {room}; create or join it first").format(room=room[:12]))
        return creator

    # ------------------------------------------------------------------ reading
    def head(self, room: str, author: str) -> tuple[int, str | None]:
        self._refresh_if_changed()
        return self._cache.head(room, author)

    def have(self, room: str) -> dict[str, tuple[int, str]]:
        """Replication summary: author -> (latest seq, head id). Cached, kept current on insert."""
        self._refresh_if_changed()
        return self._cache.have(room)

    def since(self, room: str, author: str, after_seq: int, limit: int = 500) -> list[bytes]:
        """Raw messages of *author* in *room* after *after_seq*, in chain order."""
        return queries.since(self._conn, room, author, after_seq, limit)

    def messages(
        self, room: str, *, types: Iterable[str] | None = None, after: int = 0
    ) -> Iterator[tuple[int, Message]]:
        """(local arrival number, message) pairs of *room*, in arrival order."""
        return queries.messages(self._conn, room, types, after)

    def last_arrival(self) -> int:
        return self._scalar("SELECT coalesce(max(rowid), 0) FROM messages")

    def count(self, room: str | None = None) -> int:
        if room is None:
            return self._scalar("SELECT count(*) FROM messages")
        return self._scalar("SELECT count(*) FROM messages WHERE room=?", room)

    def pending_count(self) -> int:
        return self._scalar("SELECT count(*) FROM pending")

    def forks(self, room: str) -> list[ForkProof]:
        return self._forks.of_room(room)

    def forked_authors(self, room: str) -> dict[str, int]:
        """author -> the lowest seq at which they forked (their messages from there count for nothing)."""
        return self._forks.forked_authors(room)

    def rooms(self) -> list[RoomRecord]:
        self._refresh_if_changed()
        return queries.rooms(self._conn)

    def creator(self, room_id: str) -> str | None:
        """The facilitator of a room this ledger holds the genesis of (cheap: cached)."""
        self._refresh_if_changed()
        return self._cache.rooms.get(room_id)

    def room(self, room_id: str) -> RoomRecord | None:
        return next((info for info in self.rooms() if info.id == room_id), None)

    def check(self, *, after: int = 0, limit: int | None = None) -> audit.CheckReport:
        """Re-verify stored messages (arrival number > *after*, at most *limit*); quarantine what fails.

        A quarantined message's seq is then missing: the author's later messages wait in the hold
        queue and sync fetches a good copy from any peer that has one.
        """
        report = audit.scan(self._conn, after, limit)
        if report.damaged:
            with self._writing(durable=True):
                report.held = audit.quarantine(self._conn, report.damaged)
            self._cache.forget()  # our own commit does not change data_version: drop the caches by hand
        return report

    def quarantined(self) -> int:
        return audit.quarantined_count(self._conn)

    def integrity_ok(self) -> bool:
        return bool(self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def _scalar(self, sql: str, *params: str) -> int:
        return queries.scalar(self._conn, sql, *params)

