"""The bad-state table, on real processes and files: each damaged or unusual data folder gives one
clear line on stderr, a non-zero exit, no traceback, and nothing of the person's files is overwritten."""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nosedive.core import paths
from nosedive.core.identity import load_or_create
from nosedive.ledger import Ledger
from nosedive.room.resolve import remember_room
from tests.core.helpers import Author

from .helpers import COMMAND, run
from .helpers import assert_one_clear_line as _one_clear_line

PAGE = 4096


def _person(data: Path) -> str:
    """A data folder with an identity, a room it facilitates and 200 ratings of a member; the member's key."""
    data.mkdir(parents=True, exist_ok=True)
    me = load_or_create(paths.key_path(data))
    with Ledger(paths.ledger_path(data)) as ledger:
        room = ledger.create_room(me, "Class 5B", {}).room
        member = Author(room)
        ledger.ingest_many([member.rate(me.public_hex, 1 + n % 5, note="x" * 60).raw for n in range(200)])
        ledger.append(me, room, "rate", {"subject": member.key, "stars": 4})
    remember_room(data, room)
    return member.key


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout


def assert_one_clear_line(result: subprocess.CompletedProcess[str], words: str) -> None:
    """The helper's check (non-zero, *words* on one stderr line, no traceback), with the case's figures printed."""
    case = os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0]
    print(f"\n{case}: {' '.join(result.args[5:])!r} exit {result.returncode}, "
          f"{len(result.stderr.strip().splitlines())} line, traceback {'Traceback' in result.stderr}: "
          f"{result.stderr.strip()[:160]!r}")
    _one_clear_line(result, words)


@pytest.fixture()
def person(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    return data, _person(data)


def test_a_truncated_ledger(person: tuple[Path, str]) -> None:
    data, member = person
    ledger = paths.ledger_path(data)
    os.truncate(ledger, ledger.stat().st_size // 2)
    before = _digest(data)
    for args in (("check",), ("rooms",), ("rate", member, "3")):
        result = run(data, *args)
        assert_one_clear_line(result, "ledger")
        assert "damaged" in result.stderr or "not a Nosedive ledger" in result.stderr
    assert _digest(data) == before


def test_a_random_header(person: tuple[Path, str]) -> None:
    data, member = person
    ledger = paths.ledger_path(data)
    with open(ledger, "r+b") as handle:
        handle.write(random.Random(1).randbytes(100))
    before = _digest(data)
    for args in (("check",), ("rate", member, "3")):
        assert_one_clear_line(run(data, *args), "not a Nosedive ledger")
    assert _digest(data) == before


def test_a_random_middle_page(person: tuple[Path, str]) -> None:
    data, member = person
    ledger = paths.ledger_path(data)
    pages = ledger.stat().st_size // PAGE
    with open(ledger, "r+b") as handle:
        handle.seek(pages // 2 * PAGE)
        handle.write(random.Random(2).randbytes(PAGE))
    before = _digest(data)
    result = run(data, "check")
    assert_one_clear_line(result, "is damaged")
    assert _digest(data) == before


@pytest.mark.parametrize(("content", "words"), [(b"", "is empty (0 bytes)"),
                                                 (random.Random(3).randbytes(119), "is corrupt")])
def test_an_empty_or_random_key_file(person: tuple[Path, str], content: bytes, words: str) -> None:
    data, member = person
    paths.key_path(data).write_bytes(content)
    before = _digest(data)
    for args in (("id",), ("rate", member, "3")):
        result = run(data, *args)
        assert_one_clear_line(result, words)
        assert "changed nothing" in result.stderr and "backup" in result.stderr
    assert _digest(data) == before and paths.key_path(data).read_bytes() == content


@pytest.fixture()
def read_only_person(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A data folder on a file system mounted read-only (as root), or a folder without write permission."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() == 0:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)]).returncode != 0:
            pytest.skip("cannot mount a tmpfs")
        try:
            member = _person(mount / "data")
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
            yield mount / "data", member
        finally:
            subprocess.run(["umount", "-l", str(mount)], check=True)
    else:
        member = _person(mount / "data")
        os.chmod(mount / "data", 0o500)
        try:
            yield mount / "data", member
        finally:
            os.chmod(mount / "data", 0o700)


def test_a_read_only_data_folder(read_only_person: tuple[Path, str]) -> None:
    data, member = read_only_person
    before = _digest(data)
    assert_one_clear_line(run(data, "rate", member, "3"), "ledger")
    assert_one_clear_line(run(data, "node", "--no-discovery", "--host", "127.0.0.1"), "cannot use the data directory")
    assert _digest(data) == before


def test_an_immutable_data_folder(person: tuple[Path, str]) -> None:
    data, member = person
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(data)],
                                                        capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        before = _digest(data)
        result = run(data, "rate", member, "3")
        assert_one_clear_line(result, "ledger")
        assert _digest(data) == before
    finally:
        subprocess.run(["chattr", "-i", str(data)], check=True)


def test_two_nodes_on_one_data_folder(person: tuple[Path, str]) -> None:
    data, member = person
    args = [*COMMAND, "--data", str(data), "node", "--no-discovery", "--host", "127.0.0.1", "--quiet"]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as first:
        try:
            assert first.stdout is not None
            ready = first.stdout.readline()
            assert " listening on port " in ready, first.communicate(timeout=30)[1][-2000:]
            second = run(data, "node", "--no-discovery", "--host", "127.0.0.1")
            assert_one_clear_line(second, f"another Nosedive is already running with this data directory "
                                          f"(pid {first.pid}); close it first or use --data DIR")
            rated = run(data, "rate", member, "2")  # plain commands beside a running node stay allowed
            assert rated.returncode == 0, rated.stderr
        finally:
            first.send_signal(signal.SIGINT)
            _, err = first.communicate(timeout=30)
    assert first.returncode == 0 and "Traceback" not in err
    assert run(data, "check").returncode == 0


def test_a_flipped_byte_in_a_stored_message_is_found_by_check(person: tuple[Path, str]) -> None:
    data, _member = person
    ledger = paths.ledger_path(data)
    conn = sqlite3.connect(ledger)
    rowid, raw = conn.execute("SELECT rowid, raw FROM messages WHERE type='rate' ORDER BY rowid LIMIT 1 OFFSET 51"
                              ).fetchone()
    damaged = bytearray(raw)
    damaged[damaged.index(b'"stars":') + 8] ^= 0x01
    conn.execute("UPDATE messages SET raw=? WHERE rowid=?", (bytes(damaged), rowid))
    conn.commit()
    conn.close()
    result = run(data, "check")
    _no_traceback(result)
    assert result.returncode != 0 and not result.stderr
    assert "message 52 of " in result.stdout and "no longer verifies (signature does not match" in result.stdout
    assert "1 quarantined, 148 later message(s)" in result.stdout
    print(f"\nflipped byte: 'check' exit {result.returncode}, traceback False, stderr empty; "
          f"{[line for line in result.stdout.splitlines() if 'quarantined' in line]}")
    conn = sqlite3.connect(ledger)
    kept = conn.execute("SELECT raw FROM quarantine").fetchall()
    conn.close()
    assert kept == [(bytes(damaged),)]  # nothing thrown away: the damaged bytes are kept in quarantine
    clean = run(data, "check")
    assert clean.returncode == 0 and "every signature, id and chain link verifies" in clean.stdout
