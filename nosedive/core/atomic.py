"""Writing a small file so that a crash or a full disk leaves either the old file or the new one.

The bytes go to a temporary file in the same directory, are fsynced, renamed over the target,
and the directory is fsynced so the rename itself survives a power cut. If anything fails the
temporary file is removed and the target is untouched; the error says what to do.
"""
from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from nosedive.core.errors import DiskFullError, StorageError
from nosedive.core.i18n import _

_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600, replace: bool = True) -> None:
    """Put *data* at *path* all at once; with ``replace=False`` an existing *path* is never touched
    (FileExistsError). Other failures raise :class:`StorageError` (:class:`DiskFullError` when full)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails with EEXIST rather than overwrite a file that appeared
            os.unlink(temporary)
        fsync_directory(path.parent)
    except FileExistsError:
        _remove_quietly(temporary)
        raise  # replace=False and the target exists: the caller decides (e.g. load it instead)
    except OSError as exc:
        _remove_quietly(temporary)
        raise storage_error(exc, path) from exc


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in *directory* durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows; the rename is still atomic there
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):  # some file systems cannot fsync a directory
            raise
    finally:
        os.close(fd)


def storage_error(exc: OSError, path: Path) -> StorageError:
    """The error a person can act on, for a failed write of *path*."""
    if exc.errno in _NO_SPACE:
        return DiskFullError(_("the disk is full: free some space; nothing was lost ({path} was not changed)").format(
            path=path))
    reason = exc.strerror or str(exc)
    return StorageError(_("could not write {path} ({reason}); nothing was lost — check the disk and that "
                          "the data folder is writable, or use --data DIR").format(path=path, reason=reason))


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
