"""Re-verifying what the ledger holds, and quarantining what no longer verifies.

Bytes on a disk can change after they were checked (a failing disk, a restored half-copy,
someone editing the file). :func:`scan` checks every stored message again as if a peer had
just sent it — its id, its signature, the link to the message before it — and
:func:`quarantine` moves a message that fails into the ``quarantine`` table. Its seq is then
simply missing, so the author's later messages wait in the hold queue and normal sync fetches
a good copy from any peer; the quarantined bytes stay for whoever wants to look.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field

from nosedive.core import messages as msgs
from nosedive.core.errors import NosediveError

# Stored messages were checked against the clock when they came; a re-check must not refuse
# them because of it (and never depend on this machine's clock).
_NO_CLOCK = 2**62
_SCAN = "SELECT rowid, id, room, author, seq, raw FROM messages WHERE rowid>? ORDER BY rowid LIMIT ?"


@dataclass(frozen=True)
class Damage:
    """One stored message that no longer verifies, and why."""

    room: str
    author: str
    seq: int
    id: str
    reason: str


@dataclass
class CheckReport:
    checked: int = 0
    damaged: list[Damage] = field(default_factory=list)
    held: int = 0  # later messages of a damaged chain, waiting in the hold queue for a good copy
    last_rowid: int = 0  # where the scan stopped: pass it as *after* to go on

    @property
    def ok(self) -> bool:
        return not self.damaged


def scan(conn: sqlite3.Connection, after: int = 0, limit: int | None = None) -> CheckReport:
    """Check the stored messages with rowid > *after* (at most *limit* of them)."""
    report = CheckReport(last_rowid=after)
    rows = conn.execute(_SCAN, (after, -1 if limit is None else limit)).fetchall()
    for rowid, stored_id, room, author, seq, raw in rows:
        reason = _why_not(conn, bytes(raw), stored_id, room, author, seq)
        if reason is not None:
            report.damaged.append(Damage(room, author, seq, stored_id, reason))
        report.checked += 1
        report.last_rowid = rowid
    return report


def quarantine(conn: sqlite3.Connection, damaged: list[Damage]) -> int:
    """Move *damaged* to quarantine and the rest of each chain after it to the hold queue.

    Runs inside the caller's write transaction; returns how many messages now wait.
    """
    found = int(time.time())
    held = 0
    first: dict[tuple[str, str], int] = {}
    for damage in damaged:
        conn.execute("INSERT INTO quarantine (id, room, author, seq, raw, reason, found) "
                     "SELECT id, room, author, seq, raw, ?, ? FROM messages WHERE room=? AND author=? AND seq=?",
                     (damage.reason, found, damage.room, damage.author, damage.seq))
        conn.execute("DELETE FROM messages WHERE room=? AND author=? AND seq=?",
                     (damage.room, damage.author, damage.seq))
        key = (damage.room, damage.author)
        first[key] = min(first.get(key, damage.seq), damage.seq)
    for (room, author), seq in first.items():
        held += conn.execute("INSERT OR IGNORE INTO pending (id, room, author, seq, raw) SELECT id, room, author, "
                             "seq, raw FROM messages WHERE room=? AND author=? AND seq>?",
                             (room, author, seq)).rowcount
        conn.execute("DELETE FROM messages WHERE room=? AND author=? AND seq>?", (room, author, seq))
    return held


def quarantined_count(conn: sqlite3.Connection) -> int:
    count: int = conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]
    return count


def _why_not(conn: sqlite3.Connection, raw: bytes, stored_id: str, room: str, author: str, seq: int) -> str | None:
    """None if the stored message verifies in its place; otherwise the reason, in words."""
    try:
        message = msgs.decode(raw, now=_NO_CLOCK)
        msgs.verify(message)
    except NosediveError as exc:
        return str(exc)
    except (ValueError, UnicodeError) as exc:  # defensive: decode should only raise our errors
        return f"unreadable ({exc})"
    if (message.id, message.room, message.author, message.seq) != (stored_id, room, author, seq):
        return "its stored id, room, author or seq does not match its signed bytes"
    if seq > 1:
        before = conn.execute("SELECT id FROM messages WHERE room=? AND author=? AND seq=?",
                              (room, author, seq - 1)).fetchone()
        if before is None:
            return f"message {seq - 1} before it is missing"
        if before[0] != message.prev:
            return f"it does not link to message {seq - 1} (prev mismatch)"
    return None
