"""One running node (or app) per data directory: an advisory lock on a file in it.

Two nodes on one data directory would share an identity and a ledger and churn reconnects
to each other. ``Node.open`` takes this lock; the plain commands (``rate``, ``scores``…) do
not, because writing beside a running node is a feature (it watches the ledger) and
SQLite's own locking keeps those writes safe. The lock is ``flock``: it goes away with the
process, so a killed node never leaves a stale lock behind.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from nosedive.core.errors import DataDirInUseError, StorageError
from nosedive.core.i18n import _

LOCK_FILE = "nosedive.lock"


class DataLock:
    """Held from :meth:`acquire` until :meth:`release` (or the process ends)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_dir: Path) -> DataLock:
        """Lock *data_dir*, or raise DataDirInUseError naming the process that holds it."""
        path = data_dir / LOCK_FILE
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StorageError(
                _("cannot use the data directory {folder} ({reason}): Nosedive needs to write there; "
                  "make it writable, or use --data DIR").format(folder=data_dir, reason=exc.strerror)
            ) from None
        if sys.platform != "win32":
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                os.close(fd)
                raise DataDirInUseError(
                    _("another Nosedive is already running with this data directory (pid {pid}); "
                      "close it first or use --data DIR").format(pid=holder)
                ) from None
        _write_pid(fd)
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let the next process in. The file stays: removing it would race a process opening it."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"


def _write_pid(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError:
        pass  # only informative: a full disk must not stop the node from starting
