"""The session's states: the one transition table, and a session that says nothing once closed."""
from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from nosedive.core.identity import Identity
from nosedive.ledger import ForkProof, Ledger
from nosedive.net.frames import control
from nosedive.net.protocol import Authenticated, Closed, MemberOf, ReceivedFork, Send, Session, Welcomed
from nosedive.net.state import TRANSITIONS, IllegalTransition, Lifecycle, SessionState
from nosedive.net.transport import Connection

from .wire import SECRET, host_side, make_side, open_ledger, pump

ALICE, BOB = Identity.generate(), Identity.generate()
STATES = list(SessionState)
LEGAL = [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
ILLEGAL = [(a, b) for a, b in itertools.product(STATES, STATES) if b not in TRANSITIONS[a]]


# ---------------------------------------------------------------- the table
def test_the_table_names_every_state_and_closed_is_final() -> None:
    assert set(TRANSITIONS) == set(SessionState)
    assert TRANSITIONS[SessionState.CLOSED] == frozenset()
    assert all(SessionState.CLOSED in TRANSITIONS[s] for s in STATES if s is not SessionState.CLOSED)
    assert len(LEGAL) + len(ILLEGAL) == len(STATES) ** 2 and len(LEGAL) == 7


def test_values_are_the_words_the_logs_use() -> None:
    assert [str(s) for s in STATES] == ["new", "greeting", "sealed", "open", "closed"]


@pytest.mark.parametrize(("current", "target"), LEGAL, ids=[f"{a}->{b}" for a, b in LEGAL])
def test_every_legal_transition_moves(current: SessionState, target: SessionState) -> None:
    lifecycle = Lifecycle(current)
    lifecycle.move(target)
    assert lifecycle.state is target


@pytest.mark.parametrize(("current", "target"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_every_illegal_transition_is_refused_and_changes_nothing(current: SessionState, target: SessionState) -> None:
    lifecycle = Lifecycle(current)
    with pytest.raises(IllegalTransition, match=f"from {current} to {target}") as refused:
        lifecycle.move(target)
    assert (refused.value.current, refused.value.target) == (current, target)
    assert lifecycle.state is current


def test_a_new_lifecycle_starts_new() -> None:
    assert Lifecycle().state is SessionState.NEW


# ---------------------------------------------------------------- a session walks the table
@pytest.fixture()
def room(tmp_path: Path) -> Iterator[tuple[Ledger, Ledger, str]]:
    a, b = open_ledger(tmp_path, "a"), open_ledger(tmp_path, "b")
    room_id = a.create_room(ALICE, "Class 5B", {}).room
    a.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": 4})
    yield a, b, room_id
    a.close()
    b.close()


def test_a_session_goes_new_greeting_sealed_open_closed(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    seen = [(a.session.state, a.session.is_open)]
    a.absorb(a.session.start(0))
    seen.append((a.session.state, a.session.is_open))
    b.absorb(b.session.start(0))
    a.absorb(a.session.receive(b.outbox.pop(), 0))  # the dialer's hello
    seen.append((a.session.state, a.session.is_open))
    pump(a, b)
    seen.append((a.session.state, a.session.is_open))
    events = a.session.close("bye for now", "bye")
    seen.append((a.session.state, a.session.is_open))
    assert seen == [(SessionState.NEW, False), (SessionState.GREETING, False), (SessionState.SEALED, False),
                    (SessionState.OPEN, True), (SessionState.CLOSED, False)]
    assert a.session.is_closed
    assert isinstance(events[0], Send) and b'"error"' in events[0].data and not events[0].clear
    assert events[-1] == Closed("bye for now", "bye")


def test_the_state_cannot_be_assigned_from_outside(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, _, room_id = room
    session = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    with pytest.raises(AttributeError):
        session.state = SessionState.OPEN  # type: ignore[misc]
    assert session.state is SessionState.NEW


def test_starting_twice_is_a_bug_not_a_reset(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, _, room_id = room
    session = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    session.start(0)
    with pytest.raises(IllegalTransition):
        session.start(1)
    assert session.state is SessionState.GREETING


def test_an_answer_to_a_session_that_never_started_is_refused_not_opened(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, b_ledger, room_id = room
    bob = host_side(BOB, room_id, b_ledger)
    idle = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    hello = idle.handshake.hello()  # what Alice would have said, had she started
    replies = bob.session.start(0) + bob.session.receive(hello.data, 0)
    said = b"".join(bob.session.wire(e) for e in replies if isinstance(e, Send))  # Bob's hello and auth
    events = idle.receive(said, 0)
    assert idle.state is SessionState.CLOSED
    assert not any(isinstance(e, Authenticated) for e in events)
    assert events[-1] == Closed("'hello' before the hellos", "protocol")


def test_a_peer_error_closes_from_hello_sent(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, _, room_id = room
    session = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    session.start(0)
    events = session.receive(control({"t": "error", "code": "busy", "text": "come back later"}), 0)
    assert events == [Closed("peer refused: come back later", "busy", by_peer=True)]
    assert session.state is SessionState.CLOSED


def test_connection_lost_closes_once_and_tells_nobody(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, _, room_id = room
    session = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    session.start(0)
    assert session.connection_lost("reset by peer") == [Closed("reset by peer", "io")]
    assert session.connection_lost("again") == []
    assert session.state is SessionState.CLOSED


def test_a_session_closed_before_it_started_never_says_hello(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, _, room_id = room
    session = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    assert session.close("shutting down", "bye", tell_peer=False) == [Closed("shutting down", "bye")]
    assert session.start(0) == []
    assert session.state is SessionState.CLOSED


def test_after_close_nothing_is_emitted(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    message = a_ledger.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": 2})
    proof = ForkProof(room_id, ALICE.public_hex, 1, b"a", b"b")
    a.session.sync.on_have({"t": "have", "have": {}, "forks": 0})  # a backlog is waiting…
    assert a.session.backlog_pending
    a.session.close("done", "bye")  # …when the session closes
    session = a.session
    assert session.start(5) == []
    assert session.close("twice", "bye") == []
    assert session.connection_lost("gone") == []
    assert session.tick(10_000) == []
    assert session.receive(control({"t": "ping"}), 1) == []
    assert session.receive(control({"t": "hello", "v": 1}), 1) == []
    assert session.summary() == []
    assert session.push([message]) == []
    assert session.push_fork(proof) == []
    assert session.next_backlog_frames() == []
    assert session.count_invalid(10_000) == []
    assert session.state is SessionState.CLOSED


def test_frames_after_a_closing_frame_in_one_read_are_ignored(room: tuple[Ledger, Ledger, str]) -> None:
    a_ledger, _, room_id = room
    session = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    session.start(0)
    blob = control({"t": "error", "code": "x", "text": "no"}) + control({"t": "hello", "v": 2})
    events = session.receive(blob, 0)
    assert [type(e) for e in events] == [Closed]
    assert not any(isinstance(e, (Welcomed, ReceivedFork)) for e in events)


# ---------------------------------------------------------------- the transport asks, never assigns
class FakeWriter:
    """Just enough of asyncio.StreamWriter for a connection whose peer is gone."""

    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    async def drain(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True

    async def wait_closed(self) -> None:
        return None


class BrokenReader(asyncio.StreamReader):
    async def read(self, n: int = -1) -> bytes:
        raise ConnectionResetError("reset by peer")


class RecordingHandler:
    def __init__(self) -> None:
        self.closed: list[Closed] = []

    def on_welcomed(self, conn: Connection, event: Welcomed) -> None: ...
    def on_authenticated(self, conn: Connection, event: Authenticated) -> None: ...
    async def on_received(self, conn: Connection, raws: list[bytes]) -> None: ...
    def on_fork(self, conn: Connection, event: ReceivedFork) -> None: ...

    def on_closed(self, conn: Connection, event: Closed) -> None:
        self.closed.append(event)


@pytest.mark.parametrize("broken", [False, True], ids=["eof", "reset"])
def test_a_lost_connection_closes_its_session_once(room: tuple[Ledger, Ledger, str], broken: bool) -> None:
    a_ledger, _, room_id = room
    session = Session(ALICE, MemberOf(room_id, SECRET), a_ledger, dialer=True)
    handler, writer = RecordingHandler(), FakeWriter()

    async def run() -> None:
        reader = BrokenReader() if broken else asyncio.StreamReader()
        reader.feed_eof()
        conn = Connection(session, reader, writer, handler, outbound=True, address="peer")  # type: ignore[arg-type]
        await asyncio.wait_for(conn.run(), 10)
        assert not conn.is_open

    asyncio.run(run())
    assert session.state is SessionState.CLOSED
    assert [e.code for e in handler.closed] == ["io" if broken else "eof"]
    assert writer.closed
