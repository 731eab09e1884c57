"""Builders for real signed messages, shared by the core tests."""
from __future__ import annotations

import struct
import unicodedata
import zlib

from hypothesis import strategies as st

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.core.text import first_refused

FIXED_TS = 1_767_225_600_000  # 2026-01-01, so tests never depend on the clock


def png_bytes(width: int = 8, height: int = 8, tail: bytes = b"") -> bytes:
    """A PNG signature and IHDR chunk (what the engine judges an avatar by), then *tail*."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
            + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)) + tail)


# Avatars the engine accepts: a PNG header of at most 512x512, then any bytes.
avatars = st.builds(png_bytes, st.integers(1, 512), st.integers(1, 512), st.binary(max_size=1024))


def visible_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a peer may send: no control, bidi, zero-width or private-use characters, in NFC."""
    return st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co")), min_size=min_size,
                   max_size=max_size).filter(
        lambda text: first_refused(text) is None and unicodedata.is_normalized("NFC", text))


class Author:
    """An identity with its own chain in one room."""

    def __init__(self, room: str | None = None, identity: Identity | None = None) -> None:
        self.identity = identity or Identity.generate()
        self.room = room
        self.seq = 0
        self.prev: str | None = None

    @property
    def key(self) -> str:
        return self.identity.public_hex

    def open_room(self, name: str = "Class 5B") -> Message:
        genesis = msgs.create_room(self.identity, name, {}, ts=FIXED_TS)
        self.room, self.seq, self.prev = genesis.room, 1, genesis.id
        return genesis

    def next(self, type: str, body: dict, ts: int | None = None) -> Message:
        assert self.room is not None
        message = msgs.create(
            self.identity, room=self.room, seq=self.seq + 1, prev=self.prev, type=type,
            body=body, ts=FIXED_TS + self.seq if ts is None else ts,
        )
        self.seq, self.prev = message.seq, message.id
        return message

    def rate(self, subject: str, stars: int, note: str | None = None) -> Message:
        body: dict = {"subject": subject, "stars": stars}
        if note is not None:
            body["note"] = note
        return self.next("rate", body)
