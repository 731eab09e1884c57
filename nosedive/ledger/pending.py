"""The hold queue: valid messages that arrived ahead of a gap in their author's chain, or early.

A message dated ahead of the receiving clock (by more than the tolerance) waits here too:
:meth:`HoldQueue.due` names those the clock has caught up with. The reason a message waits is
read from the message (its ts against the clock, its seq against its chain), not stored.

A held message waits in the ``pending`` table until the message before it (or its room's
genesis) is stored, then it is released and judged again. The queue is bounded in total and
per author, so one author withholding a message cannot fill it for everyone; what is refused
for lack of room is fetched again later by anti-entropy.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from nosedive.core.errors import SeqGapError
from nosedive.core.i18n import _
from nosedive.core.messages import Message, decode_trusted

DEFAULT_MAX_PENDING = 20_000
DEFAULT_MAX_PENDING_PER_AUTHOR = 2_000  # one author cannot fill the queue for everyone


@dataclass(frozen=True)
class HoldLimits:
    """How many messages may wait, in all and per author (in one room)."""

    total: int = DEFAULT_MAX_PENDING
    per_author: int = DEFAULT_MAX_PENDING_PER_AUTHOR

    def check_total(self, message: Message, held_total: int) -> None:
        if held_total >= self.total:
            raise SeqGapError(
                _("message {seq} of {author} is ahead of a gap and the hold queue is full; it will be fetched again "
                  "later").format(seq=message.seq, author=message.author[:12])
            )

    def check_author(self, message: Message, held_for_author: int) -> None:
        if held_for_author >= self.per_author:
            raise SeqGapError(
                _("{author} already has {held_for_author} messages waiting for a gap to fill; this one will be "
                  "fetched again later").format(author=message.author[:12], held_for_author=held_for_author)
            )


class HoldQueue:
    """The ``pending`` table; :attr:`count` follows every change made through this object.

    It runs inside the ledger's write transactions; after a rollback, or when another
    process wrote the file, the ledger calls :meth:`recount`.
    """

    def __init__(self, conn: sqlite3.Connection, limits: HoldLimits) -> None:
        self._conn = conn
        self.limits = limits
        self.count = 0

    def recount(self) -> None:
        self.count = self._conn.execute("SELECT count(*) FROM pending").fetchone()[0]

    def check_room_for(self, message: Message) -> None:
        """Raise SeqGapError when *message* may not wait: the queue or its author's share is full."""
        self.limits.check_total(message, self.count)
        held_for_author: int = self._conn.execute(
            "SELECT count(*) FROM pending WHERE room=? AND author=?", (message.room, message.author)
        ).fetchone()[0]
        self.limits.check_author(message, held_for_author)

    def add(self, message: Message) -> None:
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO pending (id, room, author, seq, raw) VALUES (?,?,?,?,?)",
            (message.id, message.room, message.author, message.seq, message.raw),
        )
        self.count += cursor.rowcount

    def release_after(self, stored: Message) -> list[bytes]:
        """Now that *stored* is in its chain: drop what it supersedes, return what may follow it.

        After a genesis that is every held message of its room (ordered by author and seq);
        otherwise the one held at the next seq of its author, if any. The caller takes each
        out with :meth:`remove` as it judges it again.
        """
        self._delete("DELETE FROM pending WHERE room=? AND author=? AND seq<=?",
                     (stored.room, stored.author, stored.seq))
        if stored.is_genesis:
            rows = self._conn.execute(
                "SELECT raw FROM pending WHERE room=? ORDER BY author, seq", (stored.room,)
            ).fetchall()
        else:
            rows = self._conn.execute(
                "SELECT raw FROM pending WHERE room=? AND author=? AND seq=?",
                (stored.room, stored.author, stored.seq + 1),
            ).fetchall()
        return [raw for (raw,) in rows]

    def due(self, ts_limit: int, links_on: Callable[[Message], bool]) -> list[Message]:
        """Held messages dated at or before *ts_limit* that *links_on* says are next in their chain,
        in chain order: those only the clock held back."""
        if not self.count:
            return []
        rows = self._conn.execute("SELECT raw FROM pending ORDER BY room, author, seq").fetchall()
        held = (decode_trusted(raw) for (raw,) in rows)
        return [message for message in held if message.ts <= ts_limit and links_on(message)]

    def remove(self, message_id: str) -> None:
        self._delete("DELETE FROM pending WHERE id=?", (message_id,))

    def purge_from(self, room: str, author: str, seq: int) -> None:
        """Drop an author's held messages from *seq* on (they hang off a fork and will never link)."""
        self._delete("DELETE FROM pending WHERE room=? AND author=? AND seq>=?", (room, author, seq))

    def _delete(self, sql: str, params: tuple[str | int, ...]) -> None:
        self.count -= self._conn.execute(sql, params).rowcount
