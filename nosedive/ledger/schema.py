"""The ledger file's schema, versioned with ``PRAGMA user_version``, and opening a file safely.

``MIGRATIONS[n - 1]`` takes a file from version ``n - 1`` to ``n``; a new table or column is a
new step at the end, never an edit of an old one. Opening a file:

- refuses anything that is not SQLite, or is SQLite but not a ledger, with a
  :class:`LedgerFileError` that says what to do;
- refuses a file written by a newer Nosedive (:class:`SchemaVersionError`) before writing a byte;
- brings an older file up to :data:`CURRENT_VERSION` in place, in one transaction, keeping its rows.

Ledgers written before the schema had a version hold version 1's tables at ``user_version`` 0;
step 1 creates its tables only where they are missing, so such a file is simply stamped.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from nosedive.core.errors import DiskFullError, NosediveError, StorageError
from nosedive.core.i18n import _
from nosedive.core.memory import give_back_freed_memory


class LedgerFileError(NosediveError):
    """The ledger file cannot be used: not a database, not a ledger, or cannot be opened."""

    code = "ledger-file"


class SchemaVersionError(LedgerFileError):
    """The ledger file was written by a newer Nosedive than this one."""

    code = "ledger-schema"


class DamagedMessageError(LedgerFileError):
    """A stored message's bytes no longer decode: quarantine it with ``nosedive check``."""

    code = "damaged-message"


@dataclass(frozen=True)
class Migration:
    """One step up: plain SQL statements run in order inside the migrating transaction."""

    summary: str
    statements: tuple[str, ...]


# Version 1 is the layout sqlite-utils created before versions existed, statement for statement
# (SQLite stores the text without "IF NOT EXISTS", so new and old files read back identical).
_VERSION_1 = Migration(
    "messages, held messages and fork proofs",
    (
        'CREATE TABLE IF NOT EXISTS "messages" (\n   "rowid" INTEGER PRIMARY KEY,\n   "id" TEXT NOT NULL,\n'
        '   "room" TEXT NOT NULL,\n   "author" TEXT NOT NULL,\n   "seq" INTEGER NOT NULL,\n'
        '   "type" TEXT NOT NULL,\n   "ts" INTEGER NOT NULL,\n   "raw" BLOB NOT NULL\n)',
        # No index on id: it hashes the payload, which holds (room, author, seq), so this unique
        # index already refuses a second copy; a random-key index cost ~2 µs per insert.
        'CREATE UNIQUE INDEX IF NOT EXISTS "idx_messages_room_author_seq"\n'
        '    ON "messages" ("room", "author", "seq")',
        'CREATE TABLE IF NOT EXISTS "pending" (\n   "id" TEXT PRIMARY KEY,\n   "room" TEXT,\n'
        '   "author" TEXT,\n   "seq" INTEGER,\n   "raw" BLOB\n)',
        'CREATE INDEX IF NOT EXISTS "idx_pending_room_author_seq"\n    ON "pending" ("room", "author", "seq")',
        'CREATE TABLE IF NOT EXISTS "forks" (\n   "room" TEXT,\n   "author" TEXT,\n   "seq" INTEGER,\n'
        '   "raw_a" BLOB,\n   "raw_b" BLOB,\n   PRIMARY KEY ("room", "author", "seq")\n)',
    ),
)

# Version 2: stored messages that no longer verify (a damaged disk, a hand edit) are moved here
# by the check, so their seq is simply missing and normal sync fetches a good copy again.
_VERSION_2 = Migration(
    "quarantined messages",
    (
        'CREATE TABLE IF NOT EXISTS "quarantine" (\n   "id" TEXT NOT NULL,\n   "room" TEXT NOT NULL,\n'
        '   "author" TEXT NOT NULL,\n   "seq" INTEGER NOT NULL,\n   "raw" BLOB NOT NULL,\n'
        '   "reason" TEXT NOT NULL,\n   "found" INTEGER NOT NULL\n)',
    ),
)

# Version 3: my own messages made while this machine could not yet know my chain's head (a
# restored backup may be older than the room's copy): kept unsigned, in order, signed later
# (ledger/outbox.py). Each row is signed and deleted in one transaction: never twice, never lost.
_VERSION_3 = Migration(
    "messages kept unsigned until my head is confirmed",
    (
        'CREATE TABLE IF NOT EXISTS "unsigned" (\n   "rowid" INTEGER PRIMARY KEY,\n   "room" TEXT NOT NULL,\n'
        '   "author" TEXT NOT NULL,\n   "type" TEXT NOT NULL,\n   "body" BLOB NOT NULL,\n   "ts" INTEGER NOT NULL\n)',
    ),
)

MIGRATIONS: tuple[Migration, ...] = (_VERSION_1, _VERSION_2, _VERSION_3)
CURRENT_VERSION = len(MIGRATIONS)

# What an unversioned file may hold to count as a ledger of the previous release.
_UNVERSIONED_COLUMNS = {
    "messages": ("rowid", "id", "room", "author", "seq", "type", "ts", "raw"),
    "pending": ("id", "room", "author", "seq", "raw"),
    "forks": ("room", "author", "seq", "raw_a", "raw_b"),
}


PAGE_CACHE_KIB = 512


def close(conn: sqlite3.Connection) -> None:
    """Close *conn* and hand the memory freed back to the system (a kiosk closes a ledger per visitor all day)."""
    conn.close()
    give_back_freed_memory()


def connect(path: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> sqlite3.Connection:
    """Open the ledger at *path* in WAL mode with its schema current; raise LedgerFileError if unusable."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise LedgerFileError(
            _("cannot open the ledger {path} ({exc}); check that its folder exists and is writable").format(
                path=path, exc=exc)
        ) from exc
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        _refuse_newer(path, _version(conn, path), len(migrations))  # before anything writes to the file
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # A bounded page cache (default 2 MB): a kiosk runs a node per visitor, and each one's filled up as the
        # room grew (the soak day's visitors' process); the OS caches the file anyway.
        conn.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        migrate(conn, path, migrations)
    except sqlite3.Error as exc:
        conn.close()
        translated = storage_error(exc, path)
        if translated is None:
            raise
        raise translated from exc
    except BaseException:
        conn.close()
        raise
    return conn


_DISK_CODES = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN,
               sqlite3.SQLITE_PERM, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def storage_error(exc: sqlite3.Error, path: Path) -> NosediveError | None:
    """What a person can do about a failure of the disk or the file; None for anything else (a bug)."""
    code = (exc.sqlite_errorcode or 0) & 0xFF  # the primary code of an extended one (IOERR_WRITE…)
    if code not in _DISK_CODES:
        return None
    if code == sqlite3.SQLITE_FULL:
        return DiskFullError(_("the disk is full: free some space; nothing was lost (the ledger {path} is as it "
                               "was)").format(path=path))
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return LedgerFileError(
            _("the ledger {path} is damaged (SQLite says: {exc}); Nosedive changed nothing. Restore it from a "
              "backup, or move it away and your room's peers will send their copies again").format(path=path, exc=exc)
        )
    if code == sqlite3.SQLITE_BUSY:
        return StorageError(_("the ledger {path} stayed locked by another program for 10 s; try again").format(
            path=path))
    if code == sqlite3.SQLITE_IOERR:
        return StorageError(_("the disk failed to read or write the ledger {path} ({exc}); nothing was lost — check "
                              "the disk, then try again").format(path=path, exc=exc))
    return StorageError(_("cannot write the ledger {path} ({exc}): make the data folder writable, or use --data "
                          "DIR; nothing was lost").format(path=path, exc=exc))


def migrate(conn: sqlite3.Connection, path: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
    """Bring the open file up to ``len(migrations)``; a no-op read when it is already there."""
    target = len(migrations)
    if _version(conn, path) == target:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = _version(conn, path)  # again under the write lock: another process may have migrated
        _refuse_newer(path, found, target)
        if found == 0:
            _refuse_foreign(conn, path)
        for migration in migrations[found:]:
            for statement in migration.statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version={target}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            raise LedgerFileError(
                _("{path} is not a Nosedive ledger (SQLite says: {exc}); move the file away to start afresh, or "
                  "point --data at the right folder").format(path=path, exc=exc)
            ) from exc
        raise
    return version


def _refuse_newer(path: Path, found: int, known: int) -> None:
    if found > known:
        raise SchemaVersionError(
            _("the ledger {path} was written by a newer Nosedive (schema {found}, this one knows {known}); update "
              "Nosedive, or move the file away to start afresh").format(path=path, found=found, known=known)
        )


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """An unversioned file must be empty or hold the previous release's tables, nothing else."""
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        expected = _UNVERSIONED_COLUMNS.get(table)
        columns = tuple(name for (name,) in conn.execute("SELECT name FROM pragma_table_info(?)", (table,)))
        if columns != expected:
            raise LedgerFileError(
                _("{path} is an SQLite database but not a Nosedive ledger (its table {table!r} is not one of a "
                  "ledger's); move the file away to start afresh, or point --data at the right folder").format(
                    path=path, table=table)
            )
