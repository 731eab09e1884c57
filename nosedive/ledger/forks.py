"""Fork proofs: two valid messages an author signed at one seq, kept once, in one order.

An author's messages from the lowest seq at which they forked count for nothing; the proof
is gossiped so every node reaches the same verdict.
"""
from __future__ import annotations

import sqlite3

from nosedive.ledger.chain import canonical_pair
from nosedive.ledger.records import ForkProof


class ForkTable:
    """The ``forks`` table; writes run inside the ledger's write transactions."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def add(self, room: str, author: str, seq: int, raw_a: bytes, raw_b: bytes) -> ForkProof | None:
        """Keep the proof; return it if it is new, None if this fork was already proven."""
        raw_a, raw_b = canonical_pair(raw_a, raw_b)
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO forks (room, author, seq, raw_a, raw_b) VALUES (?,?,?,?,?)",
            (room, author, seq, raw_a, raw_b),
        )
        return ForkProof(room, author, seq, raw_a, raw_b) if cursor.rowcount else None

    def forked_at(self, room: str, author: str) -> int | None:
        """The lowest seq at which *author* forked in *room*, or None."""
        seq: int | None = self._conn.execute(
            "SELECT min(seq) FROM forks WHERE room=? AND author=?", (room, author)
        ).fetchone()[0]
        return seq

    def of_room(self, room: str) -> list[ForkProof]:
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
