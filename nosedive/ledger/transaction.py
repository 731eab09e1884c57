"""The ledger's one write transaction, and what a failing disk looks like to the person.

Every write (ingest, append, fork proofs, rooms, quarantine) runs inside
:func:`write_transaction`: BEGIN IMMEDIATE … COMMIT, or ROLLBACK and forget the caches. So a
full disk or an I/O error at any point leaves the file as it was and nothing in memory that
claims more than the file holds; the error says what to do.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nosedive.ledger import schema
from nosedive.ledger.cache import ChainCache


@contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path, cache: ChainCache, *,
                      refresh: Callable[[], None], durable: bool = False) -> Iterator[None]:
    """BEGIN IMMEDIATE, *refresh* the caches, run the block, write the staged rows, COMMIT.

    Under the write lock no other process can commit, so the caches refreshed on entry stay
    current until COMMIT. *durable* commits with ``synchronous=FULL``: on disk when the block
    ends. A full disk or an I/O error raises :class:`~nosedive.core.errors.DiskFullError` or
    :class:`~nosedive.core.errors.StorageError`: nothing of the block is stored or cached.
    """
    if durable:
        conn.execute("PRAGMA synchronous=FULL")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            refresh()
            yield
            cache.write_staged()
            conn.execute("COMMIT")
        except BaseException:
            _roll_back(conn, cache)
            raise
    except sqlite3.Error as exc:
        raise_translated(exc, path)
        raise
    finally:
        if durable:
            conn.execute("PRAGMA synchronous=NORMAL")


def raise_translated(exc: sqlite3.Error, path: Path) -> None:
    """Raise a disk or file failure as an error a person can act on; anything else (a bug) goes on as it was."""
    translated = schema.storage_error(exc, path)
    if translated is not None:
        raise translated from exc


def _roll_back(conn: sqlite3.Connection, cache: ChainCache) -> None:
    try:
        if conn.in_transaction:  # SQLite may already have rolled back (disk full)
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # uncommitted WAL frames are ignored on the next read; the caller raises the first error
    cache.forget()  # also makes the next refresh recount the hold queue
