"""Building rooms of real signed messages for the scoring tests."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.core.policy import load_preset

BASE_TS = 1_700_000_000_000


@dataclass
class Room:
    """A room built in memory: a facilitator, people and their signed messages, in creation order."""

    policy: Mapping[str, Any] = field(default_factory=lambda: load_preset("nosedive"))
    facilitator: Identity = field(default_factory=Identity.generate)
    messages: list[Message] = field(default_factory=list)
    heads: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    clock: int = BASE_TS

    def __post_init__(self) -> None:
        genesis = msgs.create_room(self.facilitator, "Test room", self.policy, ts=self.clock)
        self.id = genesis.room
        self.heads[self.facilitator.public_hex] = (1, genesis.id)
        self.messages.append(genesis)

    def post(self, who: Identity, type: str, body: Mapping[str, Any], ts: int | None = None) -> Message:
        seq, prev = self.heads.get(who.public_hex, (0, None))
        self.clock += 1000
        message = msgs.create(who, room=self.id, seq=seq + 1, prev=prev, type=type, body=body,
                              ts=self.clock if ts is None else ts)
        self.heads[who.public_hex] = (message.seq, message.id)
        self.messages.append(message)
        return message

    def rate(self, rater: Identity, subject: Identity | str, stars: int, ts: int | None = None) -> Message:
        key = subject if isinstance(subject, str) else subject.public_hex
        return self.post(rater, "rate", {"subject": key, "stars": stars}, ts)

    def friend(self, a: Identity, b: Identity, on: bool = True) -> Message:
        return self.post(a, "friend", {"subject": b.public_hex, "on": on})

    def befriend(self, a: Identity, b: Identity, on: bool = True) -> None:
        self.friend(a, b, on)
        self.friend(b, a, on)


def people(count: int) -> list[Identity]:
    return [Identity.generate() for _ in range(count)]
