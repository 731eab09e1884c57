"""The ledger file's schema: old files migrate in place, newer and foreign files are refused clearly."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.ledger import Ledger, LedgerFileError, SchemaVersionError, schema
from tests.core.helpers import FIXED_TS, Author

# The previous release's file, statement for statement as sqlite-utils created it (no user_version).
PREVIOUS_RELEASE_DDL = (
    'CREATE TABLE "messages" (\n   "rowid" INTEGER PRIMARY KEY,\n   "id" TEXT NOT NULL,\n   "room" TEXT NOT NULL,\n'
    '   "author" TEXT NOT NULL,\n   "seq" INTEGER NOT NULL,\n   "type" TEXT NOT NULL,\n   "ts" INTEGER NOT NULL,\n'
    '   "raw" BLOB NOT NULL\n)',
    'CREATE UNIQUE INDEX "idx_messages_room_author_seq"\n    ON "messages" ("room", "author", "seq")',
    'CREATE TABLE "pending" (\n   "id" TEXT PRIMARY KEY,\n   "room" TEXT,\n   "author" TEXT,\n   "seq" INTEGER,\n'
    '   "raw" BLOB\n)',
    'CREATE INDEX "idx_pending_room_author_seq"\n    ON "pending" ("room", "author", "seq")',
    'CREATE TABLE "forks" (\n   "room" TEXT,\n   "author" TEXT,\n   "seq" INTEGER,\n   "raw_a" BLOB,\n'
    '   "raw_b" BLOB,\n   PRIMARY KEY ("room", "author", "seq")\n)',
)


class PreviousRelease:
    """A room as the previous release stored it: three chained messages, one held, one fork proof."""

    def __init__(self) -> None:
        self.host = Author()
        self.stored = [self.host.open_room()]
        self.room = self.stored[0].room
        self.bob = Author(self.room)
        self.bob_chain = [self.bob.next("profile", {"name": "Bob"}), self.bob.rate(self.host.key, 4),
                          self.bob.rate(self.host.key, 2)]
        self.stored += self.bob_chain[:1]
        self.held = self.bob_chain[2]  # seq 3 arrived before seq 2
        self.forker = Author(self.room)
        first = self.forker.rate(self.host.key, 5)
        self.twin = msgs.create(self.forker.identity, room=self.room, seq=1, prev=None, type="rate",
                                body={"subject": self.host.key, "stars": 1}, ts=FIXED_TS + 7)
        self.stored.append(first)
        self.fork = tuple(sorted((first.raw, self.twin.raw)))

    def write(self, path: Path) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        for statement in PREVIOUS_RELEASE_DDL:
            conn.execute(statement)
        conn.executemany("INSERT INTO messages (id, room, author, seq, type, ts, raw) VALUES (?,?,?,?,?,?,?)",
                         [(m.id, m.room, m.author, m.seq, m.type, m.ts, m.raw) for m in self.stored])
        conn.execute("INSERT INTO pending (id, room, author, seq, raw) VALUES (?,?,?,?,?)",
                     (self.held.id, self.held.room, self.held.author, self.held.seq, self.held.raw))
        conn.execute("INSERT INTO forks VALUES (?,?,?,?,?)",
                     (self.room, self.forker.key, 1, *self.fork))
        conn.close()


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        return version
    finally:
        conn.close()


def _schema_text(path: Path) -> list[tuple[str, str, str | None]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


def _sidecars(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p != path)


def test_a_new_ledger_has_the_previous_release_tables_and_the_current_version(tmp_path: Path) -> None:
    previous, new = tmp_path / "previous.sqlite3", tmp_path / "new.sqlite3"
    PreviousRelease().write(previous)
    Ledger.open(new).close()
    assert _user_version(new) == schema.CURRENT_VERSION >= 1
    version_1 = [row for row in _schema_text(new) if row[1] not in ("quarantine", "unsigned")]  # v2, v3 add these
    assert version_1 == _schema_text(previous)  # version 1 is the previous release's layout, byte for byte
    assert "quarantine" in {name for _, name, _ in _schema_text(new)}


def test_a_previous_release_ledger_is_migrated_in_place_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    old = PreviousRelease()
    old.write(path)
    assert _user_version(path) == 0
    with Ledger(path) as ledger:
        room = old.room
        assert [m.id for _, m in ledger.messages(room)] == [m.id for m in old.stored]
        assert ledger.pending_count() == 1
        assert ledger.forked_authors(room) == {old.forker.key: 1}
        assert [(p.raw_a, p.raw_b) for p in ledger.forks(room)] == [old.fork]
        assert ledger.creator(room) == old.host.key and ledger.integrity_ok()
        # and it carries on: the gap fills, the held message follows on, new rows go in
        report = ledger.ingest_many([old.bob_chain[1].raw])
        assert [m.seq for m in report.added] == [2, 3] and ledger.pending_count() == 0
        appended = ledger.append(old.host.identity, room, "rate", {"subject": old.bob.key, "stars": 5})
        assert appended.seq == 2 and ledger.count(room) == len(old.stored) + 3
    assert _user_version(path) == schema.CURRENT_VERSION
    with Ledger(path) as reopened:
        assert reopened.head(room, old.bob.key) == (3, old.bob_chain[2].id)


def test_an_interrupted_previous_release_file_gets_its_missing_tables(tmp_path: Path) -> None:
    """The old code created its tables one by one, outside a transaction: a crash could leave some."""
    path = tmp_path / "ledger.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(PREVIOUS_RELEASE_DDL[0])  # messages only, not even its index
    conn.close()
    with Ledger(path) as ledger:
        genesis = ledger.create_room(Identity.generate(), "Fresh", {})
        assert ledger.pending_count() == 0 and ledger.forks(genesis.room) == []
    reference = tmp_path / "reference.sqlite3"
    Ledger(reference).close()
    assert _schema_text(path) == _schema_text(reference)


def test_a_ledger_from_a_newer_nosedive_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    newer = schema.CURRENT_VERSION + 3
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE messages (id TEXT, shape_of_the_future BLOB)")
    conn.execute(f"PRAGMA user_version={newer}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaVersionError) as refused:
        Ledger(path)
    assert str(refused.value) == (
        f"the ledger {path} was written by a newer Nosedive (schema {newer}, this one knows "
        f"{schema.CURRENT_VERSION}); update Nosedive, or move the file away to start afresh"
    )
    assert path.read_bytes() == before  # not even switched to WAL
    assert _sidecars(path) == []


def test_a_file_that_is_not_sqlite_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    before = path.read_bytes()
    with pytest.raises(LedgerFileError, match=r"is not a Nosedive ledger .*move the file away"):
        Ledger(path)
    assert path.read_bytes() == before


def test_an_sqlite_file_of_another_program_is_refused_and_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.close()
    with pytest.raises(LedgerFileError, match=r"not a Nosedive ledger \(its table 'recipes'"):
        Ledger(path)
    assert [name for _, name, _ in _schema_text(path)] == ["recipes"] and _user_version(path) == 0


def test_a_folder_that_does_not_exist_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError, match="cannot open the ledger .*folder exists"):
        Ledger(tmp_path / "missing" / "ledger.sqlite3")


def test_later_steps_run_in_order_and_a_failing_step_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    PreviousRelease().write(path)
    before = _schema_text(path)
    broken = schema.MIGRATIONS + (schema.Migration("a step that fails half way", (
        "CREATE TABLE half (x)", "INSERT INTO no_such_table VALUES (1)")),)
    with pytest.raises(sqlite3.OperationalError):
        schema.connect(path, broken)
    assert _user_version(path) == 0 and _schema_text(path) == before  # step 1 rolled back with it
    later = schema.MIGRATIONS + (schema.Migration("receipts", ("CREATE TABLE receipts (id TEXT)",)),)
    schema.connect(path, later).close()
    assert _user_version(path) == len(later) and "receipts" in {name for _, name, _ in _schema_text(path)}
    with pytest.raises(SchemaVersionError, match=f"schema {len(later)}, this one knows {schema.CURRENT_VERSION}"):
        Ledger(path)  # this code knows one step fewer than the file


def test_the_command_line_says_what_to_do_instead_of_a_traceback(tmp_path: Path) -> None:
    ledger_file = tmp_path / "ledger.sqlite3"
    conn = sqlite3.connect(ledger_file)
    conn.execute(f"PRAGMA user_version={schema.CURRENT_VERSION + 1}")
    conn.close()
    result = subprocess.run([sys.executable, "-m", "nosedive.cli", "--data", str(tmp_path), "rooms"],
                            capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "written by a newer Nosedive" in result.stderr and "update Nosedive" in result.stderr
