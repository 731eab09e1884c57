"""The append-only ledger of signed messages, in SQLite (WAL).

Invariants, on every node:
- only fully validated messages are stored; storing a known message changes nothing;
- each author's chain in a room is contiguous from seq 1 (prev links checked);
- a message ahead of a gap is held (bounded) in ``pending`` until the gap fills;
- two valid messages with one author and seq are kept as a fork proof;
- your own new message is durable (fsynced) before anyone may announce it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from nosedive.core import messages as msgs
from nosedive.core.errors import (
    ForkError,
    MalformedError,
    NosediveError,
    NotFacilitatorError,
    PrevMismatchError,
    SeqGapError,
    WrongRoomError,
)
from nosedive.core.identity import Identity
from nosedive.core.messages import Message

DEFAULT_MAX_PENDING = 20_000
DEFAULT_MAX_PENDING_PER_AUTHOR = 2_000  # one author cannot fill the queue for everyone


@dataclass(frozen=True)
class ForkProof:
    room: str
    author: str
    seq: int
    raw_a: bytes
    raw_b: bytes


@dataclass(frozen=True)
class RoomRecord:
    id: str
    name: str
    creator: str
    created_ts: int
    members: int


@dataclass
class IngestReport:
    """What one ingest call did. ``added`` is in chain order (pending ones drained included)."""

    added: list[Message] = field(default_factory=list)
    duplicates: int = 0
    held: int = 0
    forks: list[ForkProof] = field(default_factory=list)
    errors: list[tuple[int, NosediveError]] = field(default_factory=list)


class Ledger:
    """One SQLite file holding every room this person has seen."""

    def __init__(self, path: Path | str, *, max_pending: int = DEFAULT_MAX_PENDING,
                 max_pending_per_author: int = DEFAULT_MAX_PENDING_PER_AUTHOR) -> None:
        self.path = Path(path)
        self.max_pending = max_pending
        self.max_pending_per_author = max_pending_per_author
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout=10000")
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._create_schema()
        self._heads: dict[tuple[str, str], tuple[int, str]] = {}
        self._rooms: dict[str, str] = {}  # room id -> creator
        self._have: dict[str, dict[str, tuple[int, str]]] = {}  # room -> author -> head, kept current
        self._pending_count = 0
        self._data_version = -1
        # Rows of the batch being ingested, written with one executemany at its end.
        self._unwritten: dict[tuple[str, str, int], tuple] = {}
        self._refresh_if_changed()

    # ------------------------------------------------------------------ setup
    def _create_schema(self) -> None:
        db = sqlite_utils.Database(self._conn)
        if "messages" not in db.table_names():
            db["messages"].create(
                {"rowid": int, "id": str, "room": str, "author": str, "seq": int,
                 "type": str, "ts": int, "raw": bytes},
                pk="rowid", not_null={"id", "room", "author", "seq", "type", "ts", "raw"},
            )
            # No index on id: it hashes the payload, which holds (room, author, seq), so that
            # unique index already refuses a second copy; a random-key index cost ~2 µs per insert.
            db["messages"].create_index(["room", "author", "seq"], unique=True)
        if "pending" not in db.table_names():
            db["pending"].create(
                {"id": str, "room": str, "author": str, "seq": int, "raw": bytes}, pk="id"
            )
            db["pending"].create_index(["room", "author", "seq"])
        if "forks" not in db.table_names():
            db["forks"].create(
                {"room": str, "author": str, "seq": int, "raw_a": bytes, "raw_b": bytes},
                pk=("room", "author", "seq"),
            )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _refresh_if_changed(self) -> None:
        """Drop caches when another process (the CLI beside a node) wrote the file."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._data_version = version
            self._heads.clear()
            self._have.clear()
            self._rooms = dict(self._conn.execute(
                "SELECT id, author FROM messages WHERE type='room'").fetchall())
            self._pending_count = self._conn.execute("SELECT count(*) FROM pending").fetchone()[0]

    # ------------------------------------------------------------------ writing
    def ingest(self, raw: bytes, *, room: str | None = None, now: int | None = None) -> IngestReport:
        """Ingest one message; raises its error if it was refused."""
        report = self.ingest_many([raw], room=room, now=now)
        if report.errors:
            raise report.errors[0][1]
        return report

    def ingest_many(
        self, raws: Iterable[bytes], *, room: str | None = None, now: int | None = None
    ) -> IngestReport:
        """Verify, validate and store many messages in one transaction.

        Bad messages are reported in ``errors`` (by position) and never stored;
        the good ones are stored regardless of their order in *raws*.
        """
        report = IngestReport()
        decoded: list[tuple[int, Message]] = []
        for index, raw in enumerate(raws):
            try:
                message = msgs.decode(raw, now=now)
                if room is not None and message.room != room:
                    raise WrongRoomError(f"message belongs to room {message.room[:12]}, not {room[:12]}")
                decoded.append((index, message))
            except NosediveError as exc:
                report.errors.append((index, exc))
        decoded.sort(key=lambda item: (not item[1].is_genesis, item[1].room, item[1].author, item[1].seq))
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            # Inside the write lock: another process (the CLI) cannot commit between
            # this check and our inserts, so cached heads are current.
            self._refresh_if_changed()
            for index, message in decoded:
                try:
                    self._ingest_one(message, report, verified=False)
                except NosediveError as exc:
                    report.errors.append((index, exc))
            self._write_unwritten()
            self._conn.execute("COMMIT")
        except BaseException:
            self._unwritten.clear()
            self._conn.execute("ROLLBACK")
            self._heads.clear()
            self._have.clear()
            self._data_version = -1
            raise
        self._data_version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return report

    def _ingest_one(self, message: Message, report: IngestReport, *, verified: bool) -> None:
        if not message.is_genesis and message.room not in self._rooms:
            self._hold(message, report, verified)
            return
        head_seq, head_id = self._head(message.room, message.author)
        if message.seq <= head_seq:
            self._known_seq(message, report)
        elif message.seq > head_seq + 1:
            self._hold(message, report, verified)
        else:
            if message.prev != head_id:
                raise PrevMismatchError(
                    f"message {message.seq} of {message.author[:12]} does not follow its previous message"
                )
            if message.type == "policy" and self._rooms[message.room] != message.author:
                raise NotFacilitatorError("only the room's facilitator may change its policy")
            if not verified:
                msgs.verify(message)
            self._insert(message, report)

    def _known_seq(self, message: Message, report: IngestReport) -> None:
        unwritten = self._unwritten.get((message.room, message.author, message.seq))
        row = (unwritten[0], unwritten[6]) if unwritten else self._conn.execute(
            "SELECT id, raw FROM messages WHERE room=? AND author=? AND seq=?",
            (message.room, message.author, message.seq),
        ).fetchone()
        if row[0] == message.id:
            report.duplicates += 1
            return
        msgs.verify(message)  # only a valid signature makes a fork proof
        proof = self._store_fork(message.room, message.author, message.seq, row[1], message.raw)
        if proof is not None:
            report.forks.append(proof)
        raise ForkError(
            f"{message.author[:12]} signed two different messages at seq {message.seq}; kept as fork proof"
        )

    def _store_fork(self, room: str, author: str, seq: int, raw_a: bytes, raw_b: bytes) -> ForkProof | None:
        raw_a, raw_b = sorted((raw_a, raw_b))  # one canonical proof on every node
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO forks (room, author, seq, raw_a, raw_b) VALUES (?,?,?,?,?)",
            (room, author, seq, raw_a, raw_b),
        )
        # Held messages from the fork on may hang off either branch and never link;
        # they count for nothing anyway, so they must not sit in the queue forever.
        self._pending_count -= self._conn.execute(
            "DELETE FROM pending WHERE room=? AND author=? AND seq>=?", (room, author, seq)).rowcount
        return ForkProof(room, author, seq, raw_a, raw_b) if cursor.rowcount else None

    def _hold(self, message: Message, report: IngestReport, verified: bool) -> None:
        forked_at = self._conn.execute(
            "SELECT min(seq) FROM forks WHERE room=? AND author=?", (message.room, message.author)
        ).fetchone()[0]
        if forked_at is not None and message.seq >= forked_at:
            raise ForkError(
                f"{message.author[:12]} forked at seq {forked_at}; later messages are not held"
            )
        if self._pending_count >= self.max_pending:
            raise SeqGapError(
                f"message {message.seq} of {message.author[:12]} is ahead of a gap and the hold "
                "queue is full; it will be fetched again later"
            )
        held_for_author = self._conn.execute(
            "SELECT count(*) FROM pending WHERE room=? AND author=?", (message.room, message.author)
        ).fetchone()[0]
        if held_for_author >= self.max_pending_per_author:
            raise SeqGapError(
                f"{message.author[:12]} already has {held_for_author} messages waiting for a gap to fill; "
                "this one will be fetched again later"
            )
        if not verified:
            msgs.verify(message)
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO pending (id, room, author, seq, raw) VALUES (?,?,?,?,?)",
            (message.id, message.room, message.author, message.seq, message.raw),
        )
        self._pending_count += cursor.rowcount
        report.held += 1

    def _insert(self, message: Message, report: IngestReport) -> None:
        self._unwritten[(message.room, message.author, message.seq)] = (
            message.id, message.room, message.author, message.seq, message.type, message.ts, message.raw)
        self._heads[(message.room, message.author)] = (message.seq, message.id)
        room_have = self._have.get(message.room)
        if room_have is not None:
            room_have[message.author] = (message.seq, message.id)
        report.added.append(message)
        if message.is_genesis:
            self._rooms[message.room] = message.author
        if self._pending_count:
            self._drain(message, report)

    def _write_unwritten(self) -> None:
        if self._unwritten:
            self._conn.executemany(
                "INSERT INTO messages (id, room, author, seq, type, ts, raw) VALUES (?,?,?,?,?,?,?)",
                self._unwritten.values(),
            )
            self._unwritten.clear()

    def _drain(self, message: Message, report: IngestReport) -> None:
        """Release held messages that now follow on (or whose room is now known)."""
        self._pending_count -= self._conn.execute(
            "DELETE FROM pending WHERE room=? AND author=? AND seq<=?",
            (message.room, message.author, message.seq),
        ).rowcount
        if message.is_genesis:
            rows = self._conn.execute(
                "SELECT raw FROM pending WHERE room=? ORDER BY author, seq", (message.room,)
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT raw FROM pending WHERE room=? AND author=? AND seq=?",
                (message.room, message.author, message.seq + 1),
            ).fetchall()
        for (raw,) in rows:
            held = msgs.decode_trusted(raw)
            self._pending_count -= self._conn.execute(
                "DELETE FROM pending WHERE id=?", (held.id,)).rowcount
            try:
                self._ingest_one(held, report, verified=True)
            except NosediveError:
                pass  # a held message that no longer fits (e.g. prev mismatch) is dropped

    def ingest_fork_proof(self, raw_a: bytes, raw_b: bytes, *, now: int | None = None) -> ForkProof | None:
        """Store a fork proof gossiped by a peer, after checking it proves a fork."""
        a, b = msgs.parse(raw_a, now=now), msgs.parse(raw_b, now=now)
        if (a.room, a.author, a.seq) != (b.room, b.author, b.seq) or a.id == b.id:
            raise MalformedError("a fork proof needs two different messages with one author, room and seq")
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            proof = self._store_fork(a.room, a.author, a.seq, a.raw, b.raw)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return proof

    def append(
        self, identity: Identity, room: str, type: str, body: Mapping[str, Any], *, ts: int | None = None
    ) -> Message:
        """Sign and store your own next message; it is on disk (fsynced) when this returns."""
        if room not in self._rooms:
            self._refresh_if_changed()
            if room not in self._rooms:
                raise NosediveError(f"unknown room {room[:12]}; create or join it first")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("BEGIN IMMEDIATE")  # head read + insert atomic across processes: no self-fork
        try:
            head = self._conn.execute(
                "SELECT seq, id FROM messages WHERE room=? AND author=? ORDER BY seq DESC LIMIT 1",
                (room, identity.public_hex),
            ).fetchone()
            seq, prev = (head[0] + 1, head[1]) if head else (1, None)
            message = msgs.create(identity, room=room, seq=seq, prev=prev, type=type, body=body, ts=ts)
            if message.type == "policy" and self._rooms[room] != identity.public_hex:
                raise NotFacilitatorError("only the room's facilitator may change its policy")
            self._insert(message, IngestReport())
            self._write_unwritten()
            self._conn.execute("COMMIT")
        except BaseException:
            self._unwritten.clear()
            self._conn.execute("ROLLBACK")
            self._heads.clear()
            self._have.clear()
            raise
        finally:
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._data_version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return message

    def create_room(self, identity: Identity, name: str, policy: Mapping[str, Any]) -> Message:
        genesis = msgs.create_room(identity, name, policy)
        self._conn.execute("PRAGMA synchronous=FULL")
        try:
            self.ingest(genesis.raw)
        finally:
            self._conn.execute("PRAGMA synchronous=NORMAL")
        return genesis

    # ------------------------------------------------------------------ reading
    def _head(self, room: str, author: str) -> tuple[int, str | None]:
        key = (room, author)
        cached = self._heads.get(key)
        if cached is not None:
            return cached
        row = self._conn.execute(
            "SELECT seq, id FROM messages WHERE room=? AND author=? ORDER BY seq DESC LIMIT 1",
            key,
        ).fetchone()
        if row is None:
            return 0, None
        self._heads[key] = (row[0], row[1])
        return row[0], row[1]

    def head(self, room: str, author: str) -> tuple[int, str | None]:
        self._refresh_if_changed()
        return self._head(room, author)

    def have(self, room: str) -> dict[str, tuple[int, str]]:
        """Replication summary: author -> (latest seq, head id). Cached, kept current on insert."""
        self._refresh_if_changed()
        cached = self._have.get(room)
        if cached is None:
            rows = self._conn.execute(
                "SELECT author, max(seq), id FROM messages WHERE room=? GROUP BY author", (room,)
            )
            cached = self._have[room] = {author: (seq, head_id) for author, seq, head_id in rows}
        return dict(cached)

    def since(self, room: str, author: str, after_seq: int, limit: int = 500) -> list[bytes]:
        """Raw messages of *author* in *room* after *after_seq*, in chain order."""
        rows = self._conn.execute(
            "SELECT raw FROM messages WHERE room=? AND author=? AND seq>? ORDER BY seq LIMIT ?",
            (room, author, after_seq, limit),
        )
        return [raw for (raw,) in rows]

    def messages(self, room: str, *, types: Iterable[str] | None = None, after: int = 0) -> Iterator[tuple[int, Message]]:
        """(local arrival number, message) pairs of *room*, in arrival order."""
        query = "SELECT rowid, id, raw FROM messages WHERE room=? AND rowid>?"
        params: list[Any] = [room, after]
        if types is not None:
            types = list(types)
            query += f" AND type IN ({','.join('?' * len(types))})"
            params += types
        for rowid, message_id, raw in self._conn.execute(query + " ORDER BY rowid", params):
            yield rowid, msgs.decode_trusted(raw, message_id)

    def last_arrival(self) -> int:
        return self._conn.execute("SELECT coalesce(max(rowid), 0) FROM messages").fetchone()[0]

    def count(self, room: str | None = None) -> int:
        if room is None:
            return self._conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        return self._conn.execute("SELECT count(*) FROM messages WHERE room=?", (room,)).fetchone()[0]

    def pending_count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM pending").fetchone()[0]

    def forks(self, room: str) -> list[ForkProof]:
        rows = self._conn.execute(
            "SELECT room, author, seq, raw_a, raw_b FROM forks WHERE room=? ORDER BY author, seq", (room,)
        )
        return [ForkProof(*row) for row in rows]

    def forked_authors(self, room: str) -> dict[str, int]:
        """author -> the lowest seq at which they forked (their messages from there count for nothing)."""
        rows = self._conn.execute(
            "SELECT author, min(seq) FROM forks WHERE room=? GROUP BY author", (room,)
        )
        return dict(rows.fetchall())

    def rooms(self) -> list[RoomRecord]:
        self._refresh_if_changed()
        result = []
        for room_id, raw in self._conn.execute("SELECT id, raw FROM messages WHERE type='room' ORDER BY rowid"):
            genesis = msgs.decode_trusted(raw, room_id)
            members = self._conn.execute(
                "SELECT count(DISTINCT author) FROM messages WHERE room=?", (room_id,)).fetchone()[0]
            result.append(RoomRecord(room_id, genesis.body["name"], genesis.author, genesis.ts, members))
        return result

    def creator(self, room_id: str) -> str | None:
        """The facilitator of a room this ledger holds the genesis of (cheap: cached)."""
        self._refresh_if_changed()
        return self._rooms.get(room_id)

    def room(self, room_id: str) -> RoomRecord | None:
        return next((info for info in self.rooms() if info.id == room_id), None)

    def integrity_ok(self) -> bool:
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
