"""Read-only queries on the ledger file: plain functions of a connection, no caches, no writes."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from nosedive.core import messages as msgs
from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.ledger.records import RoomRecord
from nosedive.ledger.schema import DamagedMessageError


def scalar(conn: sqlite3.Connection, sql: str, *params: str) -> int:
    value: int = conn.execute(sql, params).fetchone()[0]
    return value


def since(conn: sqlite3.Connection, room: str, author: str, after_seq: int, limit: int) -> list[bytes]:
    rows = conn.execute(
        "SELECT raw FROM messages WHERE room=? AND author=? AND seq>? ORDER BY seq LIMIT ?",
        (room, author, after_seq, limit),
    )
    return [raw for (raw,) in rows]


def messages(conn: sqlite3.Connection, room: str, types: Iterable[str] | None,
             after: int) -> Iterator[tuple[int, Message]]:
    query = "SELECT rowid, id, raw FROM messages WHERE room=? AND rowid>?"
    params: list[Any] = [room, after]
    if types is not None:
        wanted = list(types)
        query += f" AND type IN ({','.join('?' * len(wanted))})"
        params += wanted
    for rowid, message_id, raw in conn.execute(query + " ORDER BY rowid", params):
        yield rowid, _trusted(raw, message_id)


def rooms(conn: sqlite3.Connection) -> list[RoomRecord]:
    result = []
    for room_id, raw in conn.execute("SELECT id, raw FROM messages WHERE type='room' ORDER BY rowid").fetchall():
        genesis = _trusted(raw, room_id)
        members = scalar(conn, "SELECT count(DISTINCT author) FROM messages WHERE room=?", room_id)
        result.append(RoomRecord(room_id, genesis.body["name"], genesis.author, genesis.ts, members))
    return result


def _trusted(raw: bytes, message_id: str) -> Message:
    """A stored message, or a clear error when its bytes were damaged on disk since they were checked."""
    try:
        return msgs.decode_trusted(raw, message_id)
    except (ValueError, KeyError, TypeError, IndexError):
        raise DamagedMessageError(
            _("stored message {message_id} is damaged on disk; run 'nosedive check' to quarantine it (peers send a "
              "good copy at the next sync)").format(message_id=message_id[:12])
        ) from None
