"""``nosedive demo`` keeps its room under the data folder; ``--fresh`` starts over, never under a running demo."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.cli.app import demo_folder
from nosedive.core.datalock import DataLock
from nosedive.core.errors import NosediveError


def test_the_demo_folder_is_kept_and_fresh_empties_it(tmp_path: Path) -> None:
    folder = demo_folder(tmp_path, fresh=False)
    assert folder == tmp_path / "demo" and folder.is_dir()
    kept = folder / "you" / "ledger.sqlite3"
    kept.parent.mkdir()
    kept.write_bytes(b"the room")
    assert demo_folder(tmp_path, fresh=False) == folder and kept.read_bytes() == b"the room"
    assert demo_folder(tmp_path, fresh=True) == folder and folder.is_dir() and not kept.exists()


def test_fresh_refuses_while_a_demo_runs_there(tmp_path: Path) -> None:
    running = tmp_path / "demo" / "people" / "sim-0"
    running.mkdir(parents=True)
    lock = DataLock.acquire(running)
    try:
        with pytest.raises(NosediveError):
            demo_folder(tmp_path, fresh=True)
        assert running.is_dir()  # nothing deleted
    finally:
        lock.release()
