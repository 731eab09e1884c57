"""A full disk, for real: a tiny tmpfs filled to many levels while the ledger, the identity and
rooms.json are written. After every failure: the file is intact, every chain contiguous, ``have()``
equals what the file holds, the identity loads; once space frees, the same write succeeds."""
from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from nosedive.core import roomkeys
from nosedive.core.errors import DiskFullError, StorageError
from nosedive.core.identity import Identity, load, load_or_create
from nosedive.core.messages import Message, decode_trusted
from nosedive.ledger import Ledger
from nosedive.ledger.outbox import Outbox
from tests.core.helpers import Author

PAGE = 4096


class TinyDisk:
    """A tmpfs of *size* bytes mounted at *path*; :meth:`leave` fills it to *free* bytes left."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.filler = path / "filler"

    def leave(self, free: int) -> None:
        self.release()
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            while os.write(fd, b"\0" * PAGE):
                pass
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        os.truncate(self.filler, max(0, self.filler.stat().st_size - free))

    def release(self) -> None:
        self.filler.unlink(missing_ok=True)


@pytest.fixture()
def disk(tmp_path: Path) -> Iterator[TinyDisk]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield TinyDisk(mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def _chains_contiguous(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT room, author, seq, raw FROM messages ORDER BY room, author, seq").fetchall()
    finally:
        conn.close()
    previous: dict[tuple[str, str], tuple[int, str]] = {}
    for room, author, seq, raw in rows:
        message = decode_trusted(raw)
        before = previous.get((room, author))
        expected = (1, None) if before is None else (before[0] + 1, before[1])
        if (seq, message.prev) != expected:
            return False
        previous[(room, author)] = (seq, message.id)
    return True


def _assert_intact(ledger: Ledger, rooms: list[str], key_file: Path, me: Identity) -> None:
    assert ledger.integrity_ok()
    assert _chains_contiguous(ledger.path)
    with Ledger(ledger.path) as fresh:  # what the file holds, read by a connection with no history
        for room in rooms:
            assert ledger.have(room) == fresh.have(room)
        assert ledger.count() == fresh.count() and ledger.pending_count() == fresh.pending_count()
    assert load(key_file).public_hex == me.public_hex


class Figures:
    def __init__(self) -> None:
        self.points = 0
        self.failures = 0

    def attempt(self, disk: TinyDisk, free: int, write: Callable[[], object], check: Callable[[], None]) -> None:
        """Fill the disk to *free* bytes, try *write*, check the state, free the disk, *write* must succeed."""
        self.points += 1
        disk.leave(free)
        try:
            write()
        except DiskFullError as exc:
            self.failures += 1
            assert "the disk is full: free some space; nothing was lost" in str(exc)
            check()
            disk.release()
            write()  # recovery once space frees
        except StorageError as exc:  # pragma: no cover - would mean a full disk reported as something else
            pytest.fail(f"a full disk was reported as {exc!r}")
        finally:
            disk.release()
        check()


def test_every_write_survives_a_full_disk_at_many_points(disk: TinyDisk) -> None:
    data = disk.path / "data"
    data.mkdir()
    key_file = data / "identity.key"
    me = load_or_create(key_file)
    figures = Figures()
    ledger = Ledger(data / "ledger.sqlite3")
    rooms: list[str] = []

    def check() -> None:
        _assert_intact(ledger, rooms, key_file, me)

    # create_room: the genesis is fsynced, or nothing is there
    for free in range(0, 12 * PAGE, PAGE):
        figures.attempt(disk, free, lambda: rooms.append(ledger.create_room(me, f"Room {len(rooms)}", {}).room),
                        check)
    room = rooms[0]
    # append: my own next message
    for free in range(0, 12 * PAGE, PAGE // 2):
        figures.attempt(disk, free, lambda: ledger.append(me, room, "profile", {"name": "Mo"}), check)
    # my kept (unsigned) messages: kept durably, or not at all; signed and deleted in one transaction
    outbox = Outbox(ledger)
    for free in range(0, 6 * PAGE, PAGE // 2):

        def kept_whole(before: int = outbox.count(me.public_hex, room)) -> None:
            check()
            assert outbox.count(me.public_hex, room) in (before, before + 1)

        figures.attempt(disk, free, lambda: outbox.keep(me.public_hex, room, "friend",
                                                        {"subject": Author().key, "on": True}, 1), kept_whole)
    for free in range(0, 6 * PAGE, PAGE // 2):

        def signed_or_kept(state: tuple[int, int] = (outbox.count(me.public_hex, room),
                                                      ledger.head(room, me.public_hex)[0])) -> None:
            check()  # either still kept and unsigned, or signed and gone: never both, never neither
            kept, head = outbox.count(me.public_hex, room), ledger.head(room, me.public_hex)[0]
            assert (kept, head) in (state, (state[0] - 1, state[1] + 1))

        figures.attempt(disk, free, partial(outbox.sign_oldest, me, room, now=2), signed_or_kept)
    # ingest of a batch from a peer: 200 messages of new people, some held ahead of a gap
    for free in range(0, 40 * PAGE, 2 * PAGE):
        people = [Author(room) for _ in range(4)]
        batch: list[Message] = [p.rate(me.public_hex, 1 + n % 5) for n in range(50) for p in people]
        del batch[1]  # people[1]'s first rating goes missing: the rest of their chain is held
        figures.attempt(disk, free, partial(ledger.ingest_many, [m.raw for m in batch]), check)
    # identity creation on a new key file: the key is either whole or absent, never empty
    for free in range(0, 2 * PAGE, 256):
        other = data / f"other-{figures.points}.key"

        def key_whole_or_absent(other: Path = other) -> None:
            check()
            assert not other.exists() or load(other).public_hex

        figures.attempt(disk, free, partial(load_or_create, other), key_whole_or_absent)
    # rooms.json: the previous file survives whole
    keys = roomkeys.RoomKeys.open(data)
    for free in range(0, 3 * PAGE, 512):

        def rooms_file_whole(before: int = len(keys.all())) -> None:
            check()
            assert len(roomkeys.RoomKeys.open(data).all()) in (before, before + 1)

        figures.attempt(disk, free, lambda: keys.remember(roomkeys.new_room_key(os.urandom(32).hex())),
                        rooms_file_whole)
    ledger.close()
    print(f"\nfull disk: {figures.points} fill points, {figures.failures} writes refused with DiskFullError, "
          f"every one intact and recovered")
    assert figures.points >= 50 and figures.failures >= 25
