"""Where a person's data lives. The engine owns every path (platformdirs).

``--data DIR`` or ``NOSEDIVE_DATA`` choose another directory, so several people
can run on one machine and tests stay isolated.
"""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "NOSEDIVE_DATA"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: explicit argument, then $NOSEDIVE_DATA, then the platform's."""
    chosen = explicit or os.environ.get(ENV_VAR) or platformdirs.user_data_dir("nosedive", False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def ledger_path(base: Path) -> Path:
    return base / "ledger.sqlite3"


def key_path(base: Path) -> Path:
    return base / "identity.key"


LOG_ENV_VAR = "NOSEDIVE_LOG_DIR"


def log_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where an unattended app's rotating log goes: explicit, then $NOSEDIVE_LOG_DIR, then the platform's."""
    chosen = explicit or os.environ.get(LOG_ENV_VAR) or platformdirs.user_log_dir("nosedive", False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
