"""What the ledger keeps in memory of its ``messages`` table, and the rows a batch has yet to write.

Heads, replication summaries and room creators are read once and then kept current by the
ledger's own inserts. Another process writing the same file (the CLI beside a running node)
changes ``PRAGMA data_version``; the ledger checks it at the start of every write transaction
and before cached reads, and drops what may be stale.

The rows of the batch being stored wait here and go to SQLite in one ``executemany`` before
the commit: per-row inserts were a measurable share of ingest time.
"""
from __future__ import annotations

import sqlite3

from nosedive.core.messages import Message
from nosedive.ledger.records import EMPTY_CHAIN, ChainHead

_INSERT = "INSERT INTO messages (id, room, author, seq, type, ts, raw) VALUES (?,?,?,?,?,?,?)"


class ChainCache:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.rooms: dict[str, str] = {}  # room id -> creator
        self._heads: dict[tuple[str, str], ChainHead] = {}
        self._have: dict[str, dict[str, tuple[int, str]]] = {}  # room -> author -> (seq, head id)
        self._unwritten: dict[tuple[str, str, int], Message] = {}  # (room, author, seq) -> message
        self._data_version = -1

    def refresh_if_changed(self) -> bool:
        """Drop caches if another connection committed since we last looked; True if it did."""
        version: int = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return False
        self._data_version = version
        self._heads.clear()
        self._have.clear()
        self.rooms = dict(self._conn.execute("SELECT id, author FROM messages WHERE type='room'").fetchall())
        return True

    def forget(self) -> None:
        """After a rollback: nothing cached can be trusted, nothing staged may be written."""
        self._unwritten.clear()
        self._heads.clear()
        self._have.clear()
        self._data_version = -1

    # ------------------------------------------------------------------ chains
    def head(self, room: str, author: str) -> ChainHead:
        cached = self._heads.get((room, author))
        if cached is not None:
            return cached
        head = self.stored_head(room, author)
        if head.seq:
            self._heads[(room, author)] = head
        return head

    def known_seq(self, room: str, author: str) -> int:
        """The head's seq if it is cached, else 0 (a hint that reads nothing)."""
        cached = self._heads.get((room, author))
        return 0 if cached is None else cached.seq

    def stored_head(self, room: str, author: str) -> ChainHead:
        """The head as the file has it, bypassing the cache (for own appends: never a self-fork)."""
        row = self._conn.execute(
            "SELECT seq, id FROM messages WHERE room=? AND author=? ORDER BY seq DESC LIMIT 1", (room, author)
        ).fetchone()
        return EMPTY_CHAIN if row is None else ChainHead(row[0], row[1])

    def stored_id(self, room: str, author: str, seq: int) -> str:
        """The id of the message stored at *seq* (at or below the author's head)."""
        staged = self._unwritten.get((room, author, seq))
        if staged is not None:
            return staged.id
        message_id: str = self._conn.execute(
            "SELECT id FROM messages WHERE room=? AND author=? AND seq=?", (room, author, seq)
        ).fetchone()[0]
        return message_id

    def stored_raw(self, room: str, author: str, seq: int) -> bytes:
        """The signed bytes of the message stored at *seq* (at or below the author's head)."""
        staged = self._unwritten.get((room, author, seq))
        if staged is not None:
            return staged.raw
        raw: bytes = self._conn.execute(
            "SELECT raw FROM messages WHERE room=? AND author=? AND seq=?", (room, author, seq)
        ).fetchone()[0]
        return raw

    def have(self, room: str) -> dict[str, tuple[int, str]]:
        """author -> (seq, id) of the head of every chain in *room*; the caller gets a copy."""
        cached = self._have.get(room)
        if cached is None:
            rows = self._conn.execute(
                "SELECT author, max(seq), id FROM messages WHERE room=? GROUP BY author", (room,)
            )
            cached = self._have[room] = {author: (seq, head_id) for author, seq, head_id in rows}
        return dict(cached)

    # ------------------------------------------------------------------ staging a batch
    def stage(self, message: Message) -> None:
        """Take *message* as its chain's new head; its row is written by :meth:`write_staged`."""
        self._unwritten[(message.room, message.author, message.seq)] = message
        self._heads[(message.room, message.author)] = ChainHead(message.seq, message.id)
        room_have = self._have.get(message.room)
        if room_have is not None:
            room_have[message.author] = (message.seq, message.id)
        if message.is_genesis:
            self.rooms[message.room] = message.author

    def write_staged(self) -> None:
        if self._unwritten:
            self._conn.executemany(_INSERT, [(m.id, m.room, m.author, m.seq, m.type, m.ts, m.raw)
                                             for m in self._unwritten.values()])
            self._unwritten.clear()
