"""What an app left alone all day needs: logs in a rotating file, and a port that stays the same.

Used by the kiosk and the wall. The log goes to the user's log directory (platformdirs, or
``$NOSEDIVE_LOG_DIR``) in files of 1 MB, five kept, so a day of visitors never fills the disk.
"""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from nosedive.core import paths

LOG_BYTES = 1_000_000
LOG_FILES = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_to_file(name: str, folder: Path | None = None) -> Path:
    """Send the ``nosedive`` loggers (INFO and up) to ``<log dir>/<name>.log``, rotated; returns its path.
    Called again with the same file (a restart in one process), it adds no second handler."""
    target = (folder or paths.log_dir()) / f"{name}.log"
    root = logging.getLogger("nosedive")
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and Path(handler.baseFilename) == target:
            return target
    handler = logging.handlers.RotatingFileHandler(target, maxBytes=LOG_BYTES, backupCount=LOG_FILES,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return target
