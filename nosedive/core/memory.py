"""Giving freed memory back to the system when a ledger (a node) closes.

A kiosk starts a node for each visitor and stops it when they leave, all day in one process.
Python and SQLite free what the node held, but glibc keeps freed heap pages mapped: the
process's RSS stays at the day's busiest moment and climbs with the room (the soak day measured
the visitors' process +8.8 MB per simulated hour). ``malloc_trim`` hands the free pages back.
Elsewhere (not Linux, or a libc without it) there is nothing to do.
"""
from __future__ import annotations

import ctypes
import sys


def give_back_freed_memory() -> bool:
    """Return freed heap pages to the system; True if the C library could (glibc's ``malloc_trim``)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True
