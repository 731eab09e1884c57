"""Restore from a backup with nothing but real processes: two `nosedive node`s on loopback, ratings typed as
`nosedive rate` beside the running node, and the data folder copied back from a backup. The race order —
rating the instant the restored node starts, before any peer has answered — must lose nothing and fork
nothing, and the person must be told (the node's log)."""
from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nosedive.core.identity import load
from nosedive.ledger import Ledger

from .helpers import COMMAND, run


def _until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll real files and processes until *condition* holds (bounded in time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


@contextmanager
def _node(data: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], list[str]]]:
    """A `nosedive node` on loopback; yields the process and its first stdout line (its port); once it has
    stopped, its whole stderr (the log) is appended to that list."""
    command = [*COMMAND, "--data", str(data), "node", "--no-discovery", "--host", "127.0.0.1", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = [process.stdout.readline()]
    assert " listening on port " in lines[0], process.communicate(timeout=30)[1][-2000:]
    try:
        yield process, lines
    finally:
        process.send_signal(signal.SIGINT)
        lines.append(process.communicate(timeout=30)[1])


def _head(data: Path, room: str, author: str) -> int:
    with Ledger(data / "ledger.sqlite3") as ledger:
        return ledger.head(room, author)[0]


def _forks(data: Path, room: str) -> dict[str, int]:
    with Ledger(data / "ledger.sqlite3") as ledger:
        return ledger.forked_authors(room)


def test_a_restored_folder_rating_at_once_beside_its_node_loses_and_forks_nothing(tmp_path: Path) -> None:
    a_dir, b_dir, backup = tmp_path / "a", tmp_path / "b", tmp_path / "backup"
    with _node(a_dir, "--create-room", "Process room", "--name", "Ann") as (a, first):
        port = int(first[0].rsplit(" ", 1)[1])
        assert a.stdout is not None
        code = a.stdout.readline().split()[-1]
        with Ledger(a_dir / "ledger.sqlite3") as ledger:
            room = ledger.rooms()[0].id
            ann = ledger.rooms()[0].creator
        peer = ("--peer", f"127.0.0.1:{port}")
        with _node(b_dir, "--code", code, *peer, "--name", "Bea"):
            me = load(b_dir / "identity.key").public_hex
            _until(lambda: _head(a_dir, room, me) >= 1, "Bea's profile at Ann's")
            assert run(b_dir, "rate", ann, "4").returncode == 0
            _until(lambda: _head(a_dir, room, me) == _head(b_dir, room, me), "the first rating at Ann's")
        shutil.copytree(b_dir, backup)  # the backup
        with _node(b_dir, *peer):
            for stars in ("5", "2"):
                done = run(b_dir, "rate", ann, stars)
                assert done.returncode == 0, done.stderr
            room_head = _head(b_dir, room, me)
            _until(lambda: _head(a_dir, room, me) == room_head, "the later ratings at Ann's")
        shutil.rmtree(b_dir)
        shutil.copytree(backup, b_dir)  # restored: two ratings older than the room's copy
        backup_head = _head(b_dir, room, me)
        with _node(b_dir, *peer) as (_b, b_out):
            rated = [run(b_dir, "rate", ann, stars) for stars in ("3", "1")]  # the instant it started
            assert all(r.returncode == 0 and "rated" in r.stdout for r in rated), [r.stderr for r in rated]
            _until(lambda: _head(a_dir, room, me) == room_head + 2, "every acknowledged rating at Ann's")
    told = [line.split(": ", 1)[-1] for line in b_out[-1].splitlines() if "restored" in line]
    forks = _forks(a_dir, room), _forks(b_dir, room)
    print(f"\nrestore with real processes, race: backup head {backup_head}, room's {room_head}; 2 rated at once; "
          f"Ann holds Bea up to {_head(a_dir, room, me)} (want {room_head + 2}); forks {forks}; told {told}")
    assert backup_head == room_head - 2
    assert forks == ({}, {}), "no self-fork"
    assert any("restored from an older copy" in line for line in told), "the person is told"
