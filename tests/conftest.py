"""Shared test fixtures. Every test gets its own data directory; nothing global."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated NOSEDIVE_DATA directory."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("NOSEDIVE_DATA", str(path))
    return path
