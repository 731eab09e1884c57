"""Builders for real signed messages, shared by the core tests."""
from __future__ import annotations

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.messages import Message

FIXED_TS = 1_767_225_600_000  # 2026-01-01, so tests never depend on the clock


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
