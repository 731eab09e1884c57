"""The values the ledger hands out and keeps: no SQLite, no I/O."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from nosedive.core.errors import NosediveError
from nosedive.core.messages import Message


class ChainHead(NamedTuple):
    """The latest message of one author's chain in one room; ``(0, None)`` for an empty chain."""

    seq: int
    id: str | None


EMPTY_CHAIN = ChainHead(0, None)


@dataclass(frozen=True)
class ForkProof:
    """Two valid messages one author signed at one seq; ``raw_a < raw_b`` so every node keeps the same."""

    room: str
    author: str
    seq: int
    raw_a: bytes
    raw_b: bytes


@dataclass(frozen=True)
class RoomRecord:
    id: str
    name: str
    creator: str
    created_ts: int
    members: int


@dataclass
class IngestReport:
    """What one ingest call did. ``added`` is in chain order (pending ones drained included)."""

    added: list[Message] = field(default_factory=list)
    duplicates: int = 0
    held: int = 0
    early: int = 0  # of those held, how many wait for the clock (dated ahead of it), not for a gap
    forks: list[ForkProof] = field(default_factory=list)
    # Validly signed messages whose prev is not our message before them: their author forked
    # lower down; the sender, asked with our heads, sends its message where the chains part.
    conflicts: list[Message] = field(default_factory=list)
    # Messages that made a new fork proof although their prev is not our message before them: the
    # chains part lower down. Sent our messages below, the sender finds the first seq where they part.
    parted_below: list[Message] = field(default_factory=list)
    errors: list[tuple[int, NosediveError]] = field(default_factory=list)
