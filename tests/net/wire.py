"""Two protocol sessions wired together in memory, each with a real ledger."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nosedive.core.identity import Identity
from nosedive.core.joincode import JoinCode, parse
from nosedive.ledger.store import Ledger
from nosedive.net.protocol import (
    AttemptLimiter,
    Authenticated,
    Closed,
    Credentials,
    Event,
    MemberOf,
    Received,
    ReceivedFork,
    Send,
    Session,
    Welcomed,
)
from nosedive.net.state import SessionState

CODE = parse("7-guitar-harbor")
SECRET = bytes(range(32))


@dataclass
class Side:
    session: Session
    ledger: Ledger
    events: list[Event] = field(default_factory=list)
    outbox: list[bytes] = field(default_factory=list)
    wrote: list[bytes] = field(default_factory=list)  # everything ever written, delivered or not

    def absorb(self, events: list[Event]) -> None:
        for event in events:
            self.events.append(event)
            if isinstance(event, Send):
                data = self.session.wire(event)  # in emission order, as a transport writes
                self.outbox.append(data)
                self.wrote.append(data)
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
    def welcomed(self) -> Welcomed | None:
        return next((e for e in self.events if isinstance(e, Welcomed)), None)

    @property
    def closed(self) -> Closed | None:
        return next((e for e in self.events if isinstance(e, Closed)), None)


def make_side(identity: Identity, credentials: Credentials | str, ledger: Ledger, *, dialer: bool = True,
              **kwargs: Any) -> Side:
    """A side of a session; a plain room id means a member of it holding :data:`SECRET`."""
    if isinstance(credentials, str):
        credentials = MemberOf(credentials, SECRET)
    return Side(Session(identity, credentials, ledger, dialer=dialer, **kwargs), ledger)


def host_side(identity: Identity, room_id: str, ledger: Ledger, *, code: JoinCode | None = CODE,
              limiter: AttemptLimiter | None = None, secret: bytes = SECRET, **kwargs: Any) -> Side:
    """An acceptor in *room_id* that takes joins with *code*."""
    return make_side(identity, MemberOf(room_id, secret), ledger, dialer=False, join_code=code,
                     limiter=limiter or AttemptLimiter(), peer_address=kwargs.pop("peer_address", "10.0.0.9"),
                     **kwargs)


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
                src.absorb(frames)
                src.events[-len(frames):] = []  # frames are not news
                moved = True
        if not moved:
            return
    raise AssertionError("pump did not settle")


def open_ledger(tmp_path: Path, name: str) -> Ledger:
    return Ledger(tmp_path / f"{name}.sqlite3")


def random_secret() -> bytes:
    return os.urandom(32)
