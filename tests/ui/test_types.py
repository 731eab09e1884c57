"""The UI is type-checked as strictly as the engine; the ratchet of exempt modules stays empty."""
from __future__ import annotations

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_no_module_is_exempt_from_type_checking() -> None:
    mypy = tomllib.loads(PYPROJECT.read_text())["tool"]["mypy"]
    assert mypy["strict"] is True and "ui" in mypy["files"]
    exempt = [override["module"] for override in mypy.get("overrides", []) if override.get("ignore_errors")]
    assert exempt == []  # modules leave the ratchet list, never join it
