"""Two protocol sessions wired together in memory, each with a real ledger."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.net.protocol import Authenticated, Closed, Event, Received, ReceivedFork, RoomAdvert, Send, Session
from nosedive.net.state import SessionState


@dataclass
class Side:
    session: Session
    ledger: Ledger
    events: list[Event] = field(default_factory=list)
    outbox: list[bytes] = field(default_factory=list)

    def absorb(self, events: list[Event]) -> None:
        for event in events:
            self.events.append(event)
            if isinstance(event, Send):
                self.outbox.append(event.data)
            elif isinstance(event, Received):
                report = self.ledger.ingest_many(event.raws, room=self.session.room_id)
                self.session.peer_holds(report.added)
                self.absorb(self.session.count_invalid(len(report.errors)))
            elif isinstance(event, ReceivedFork):
                self.ledger.ingest_fork_proof(event.raw_a, event.raw_b)

    @property
    def authenticated(self) -> bool:
        return any(isinstance(e, Authenticated) for e in self.events)

    @property
    def closed(self) -> Closed | None:
        return next((e for e in self.events if isinstance(e, Closed)), None)

    @property
    def room_info(self) -> RoomAdvert | None:
        return next((e for e in self.events if isinstance(e, RoomAdvert)), None)


def make_side(identity: Identity, room: str | None, ledger: Ledger, **kwargs: Any) -> Side:
    return Side(Session(identity, room, ledger, **kwargs), ledger)


def pump(a: Side, b: Side, now: float = 0.0, rounds: int = 10_000) -> None:
    """Deliver everything both ways, backlogs included, until quiet (bounded)."""
    if a.session.state is SessionState.NEW:
        a.absorb(a.session.start(now))
    if b.session.state is SessionState.NEW:
        b.absorb(b.session.start(now))
    for _ in range(rounds):
        moved = False
        for src, dst in ((a, b), (b, a)):
            while src.outbox:
                data = src.outbox.pop(0)
                dst.absorb(dst.session.receive(data, now))
                moved = True
            frames = src.session.next_backlog_frames()
            if frames:
                src.outbox.extend(frames)
                moved = True
        if not moved:
            return
    raise AssertionError("pump did not settle")


def open_ledger(tmp_path: Path, name: str) -> Ledger:
    return Ledger(tmp_path / f"{name}.sqlite3")
