"""A process killed with SIGKILL in the middle of a batch leaves an intact ledger."""
from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from nosedive.core import messages as msgs
from nosedive.ledger.store import Ledger
from tests.core.helpers import Author

BATCH = 1500
AUTHORS = 8
PER_AUTHOR = 900  # 8 × 900 + genesis = 7,201 messages: several batches


@pytest.fixture(scope="module")
def frames_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[msgs.Message]]:
    host = Author()
    stream = [host.open_room()]
    people = [Author(host.room) for _ in range(AUTHORS)]
    for round_ in range(PER_AUTHOR):  # round-robin: every batch extends every chain in order
        for index, person in enumerate(people):
            stream.append(person.rate(people[(index + 1) % AUTHORS].key, 1 + round_ % 5))
    path = tmp_path_factory.mktemp("crash") / "frames.bin"
    path.write_bytes(b"".join(struct.pack(">I", len(m.raw)) + m.raw for m in stream))
    return path, stream


@pytest.mark.parametrize("kill_at_batch", [1, 3])
def test_sigkill_mid_batch_leaves_an_intact_ledger(tmp_path: Path, frames_file, kill_at_batch: int) -> None:
    frames, stream = frames_file
    db = tmp_path / "ledger.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ledger.crash_child", str(db), str(frames), str(BATCH)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
    )
    try:
        for line in child.stdout:  # wait for the batch to begin, then kill it mid-way
            if line.strip() == f"begin {kill_at_batch}":
                os.kill(child.pid, signal.SIGKILL)
                break
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=60)
        child.stdout.close()
    with Ledger(db) as ledger:
        assert ledger.integrity_ok()
        count = ledger.count()
        print(f"killed in batch {kill_at_batch}: {count} messages survived")
        # whole batches only: the killed batch is entirely there or entirely absent
        assert count in (kill_at_batch * BATCH, (kill_at_batch + 1) * BATCH)
        room = stream[0].room
        by_author: dict[str, list[msgs.Message]] = {}
        for _, message in ledger.messages(room):
            by_author.setdefault(message.author, []).append(message)
        for chain in by_author.values():
            chain.sort(key=lambda m: m.seq)
            assert [m.seq for m in chain] == list(range(1, len(chain) + 1))
            assert all(b.prev == a.id for a, b in pairwise(chain))
        # and the ledger carries on: the rest ingests cleanly
        report = ledger.ingest_many([m.raw for m in stream])
        assert not report.errors and ledger.count() == len(stream)
