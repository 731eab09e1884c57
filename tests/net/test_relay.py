"""Real loopback sockets, two real Connections, and a man in the middle between them.

The relay parses the frames going each way and, at one sealed frame, flips a bit, injects a
frame, drops it or sends it twice. Each attack ends the session; what the handlers received is
only ever genuine. A stranger without the secret or the code learns nothing from any byte.
"""
from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nosedive.core.identity import Identity
from nosedive.core.joincode import parse
from nosedive.ledger import Ledger
from nosedive.net.crypto import Pake, room_tag
from nosedive.net.frames import KIND_CONTROL, KIND_MESSAGES, KIND_SEALED, control, encode_frame, pack_messages
from nosedive.net.protocol import (
    AttemptLimiter,
    Authenticated,
    Closed,
    JoiningWith,
    Limits,
    MemberOf,
    ReceivedFork,
    Session,
    Welcomed,
)
from nosedive.net.transport import Connection

from .wire import CODE, SECRET, open_ledger

ALICE, BOB, MALLORY = Identity.generate(), Identity.generate(), Identity.generate()
LIMITS = Limits(backlog_batch=5, handshake_timeout=5, idle_timeout=10)
MESSAGES = 60


@dataclass
class Recorder:
    """A Handler that ingests what it receives and keeps every event."""

    ledger: Ledger
    raws: list[bytes] = field(default_factory=list)
    events: list[object] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def on_welcomed(self, conn: Connection, event: Welcomed) -> None:
        self.events.append(event)

    def on_authenticated(self, conn: Connection, event: Authenticated) -> None:
        self.events.append(event)

    async def on_received(self, conn: Connection, raws: list[bytes]) -> None:
        self.raws += raws
        report = self.ledger.ingest_many(raws, room=conn.session.room_id)
        conn.session.peer_holds(report.added)

    def on_fork(self, conn: Connection, event: ReceivedFork) -> None:
        self.events.append(event)

    def on_closed(self, conn: Connection, event: Closed) -> None:
        self.events.append(event)
        self.done.set()

    @property
    def closed(self) -> Closed:
        return next(e for e in self.events if isinstance(e, Closed))


def split(buffer: bytearray) -> Iterator[bytes]:
    while len(buffer) >= 4:
        length = int.from_bytes(buffer[:4], "big")
        if len(buffer) < 4 + length:
            return
        frame = bytes(buffer[:4 + length])
        del buffer[:4 + length]
        yield frame


class Relay:
    """A TCP relay that applies *attack* to the *index*-th sealed frame going *direction*."""

    def __init__(self, target: int, direction: str, index: int, attack: Callable[[bytes], list[bytes]]) -> None:
        self.target, self.direction, self.index, self.attack = target, direction, index, attack
        self.frames: dict[str, list[bytes]] = {"d2a": [], "a2d": []}  # as received, before the attack
        self.attacked = False

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        await asyncio.gather(self._pipe(reader, up_writer, "d2a"), self._pipe(up_reader, writer, "a2d"))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, direction: str) -> None:
        buffer, sealed = bytearray(), 0
        try:
            while data := await reader.read(65536):
                buffer += data
                for frame in split(buffer):
                    self.frames[direction].append(frame)
                    out = [frame]
                    if frame[4] == KIND_SEALED:
                        if direction == self.direction and sealed == self.index:
                            out, self.attacked = self.attack(frame), True
                        sealed += 1
                    for item in out:
                        writer.write(item)
                    await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()


def flip(frame: bytes) -> list[bytes]:
    return [frame[:20] + bytes([frame[20] ^ 0x04]) + frame[21:]]


def inject_cleartext(frame: bytes) -> list[bytes]:
    forged = MALLORY.sign(b"x") + b"{}"  # what a stranger would slip in between two sealed frames
    return [encode_frame(KIND_MESSAGES, pack_messages([forged])), frame]


def inject_sealed(frame: bytes) -> list[bytes]:
    return [encode_frame(KIND_SEALED, os.urandom(len(frame) - 5)), frame]


def drop(frame: bytes) -> list[bytes]:
    return []


def replay(frame: bytes) -> list[bytes]:
    return [frame, frame]


@pytest.fixture()
def ledgers(tmp_path: Path) -> Iterator[tuple[Ledger, Ledger, str]]:
    a, b = open_ledger(tmp_path, "a"), open_ledger(tmp_path, "b")
    room_id = a.create_room(ALICE, "Class 5B", {}).room
    for index in range(MESSAGES - 1):
        a.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": 1 + index % 5})
    yield a, b, room_id
    a.close()
    b.close()


async def acceptor(ledger: Ledger, room_id: str, recorder: Recorder, limiter: AttemptLimiter,
                   conns: list[Connection]) -> asyncio.Server:
    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        address = writer.get_extra_info("peername")[0]
        session = Session(ALICE, MemberOf(room_id, SECRET), ledger, dialer=False, join_code=CODE, limiter=limiter,
                          peer_address=address, limits=LIMITS, name="Alice")
        conn = Connection(session, reader, writer, recorder, outbound=False, address=address)
        conns.append(conn)
        await conn.run()

    return await asyncio.start_server(accept, "127.0.0.1", 0)


async def run_through_relay(ledgers: tuple[Ledger, Ledger, str], relay_args: tuple[str, int, object] | None,
                            credentials: MemberOf | JoiningWith) -> tuple[Recorder, Recorder, Relay | None]:
    a_ledger, b_ledger, room_id = ledgers
    host, guest = Recorder(a_ledger), Recorder(b_ledger)
    conns: list[Connection] = []
    server = await acceptor(a_ledger, room_id, host, AttemptLimiter(), conns)
    port = server.sockets[0].getsockname()[1]
    relay = None
    if relay_args is not None:
        direction, index, attack = relay_args
        relay = Relay(port, direction, index, attack)  # type: ignore[arg-type]
        relay_server = await asyncio.start_server(relay.handle, "127.0.0.1", 0)
        port = relay_server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    session = Session(BOB, credentials, b_ledger, dialer=True, limits=LIMITS, name="Bob")
    conn = Connection(session, reader, writer, guest, outbound=True, address="relay", dialed=("127.0.0.1", port))
    task = asyncio.create_task(conn.run())
    if relay_args is None:
        await asyncio.wait_for(_until(lambda: b_ledger.count(room_id) == MESSAGES), 20)
        await conn.close("done", "bye")
    await asyncio.wait_for(task, 20)
    await asyncio.wait_for(host.done.wait(), 20)
    server.close()
    if relay_args is not None:
        relay_server.close()
    return host, guest, relay


async def _until(condition: Callable[[], bool]) -> None:
    while not condition():
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("credentials", ["member", "join"])
def test_an_honest_relay_changes_nothing(ledgers, credentials: str) -> None:
    creds = MemberOf(ledgers[2], SECRET) if credentials == "member" else JoiningWith(CODE)
    host, guest, _ = asyncio.run(run_through_relay(ledgers, None, creds))
    assert ledgers[1].count(ledgers[2]) == MESSAGES
    assert any(isinstance(e, Authenticated) for e in guest.events)
    assert (credentials == "join") == any(isinstance(e, Welcomed) for e in guest.events)


@pytest.mark.parametrize("direction, index, attack", [
    ("a2d", 4, flip), ("d2a", 0, flip), ("a2d", 4, inject_cleartext), ("a2d", 4, inject_sealed),
    ("a2d", 4, drop), ("a2d", 4, replay), ("d2a", 1, replay),
], ids=["flip-a2d", "flip-d2a", "inject-cleartext", "inject-sealed", "drop", "replay-a2d", "replay-d2a"])
def test_tampering_in_the_middle_ends_the_session(ledgers, direction: str, index: int, attack) -> None:
    a_ledger, b_ledger, room_id = ledgers
    host, guest, relay = asyncio.run(run_through_relay(ledgers, (direction, index, attack),
                                                       MemberOf(room_id, SECRET)))
    assert relay is not None and relay.attacked
    victim, other = (guest, host) if direction == "a2d" else (host, guest)
    assert victim.closed.code == "bad-seal", victim.closed
    assert not victim.closed.by_peer
    genuine = {m.raw for _, m in a_ledger.messages(room_id)}
    assert set(guest.raws) <= genuine and b_ledger.count(room_id) < MESSAGES
    assert set(host.raws) <= genuine
    # the victim answered nothing in cleartext: after its hello, every frame it wrote is sealed
    written = relay.frames["d2a" if victim is guest else "a2d"]
    assert {frame[4] for frame in written[1:]} <= {KIND_SEALED}


# ---------------------------------------------------------------- what a stranger learns
def stranger_hellos(room_id: str) -> dict[str, list[bytes]]:
    wrong = parse(f"{CODE.plate}-apple-amber")
    joiner = Session(MALLORY, JoiningWith(wrong), None, dialer=True)  # type: ignore[arg-type]
    join_hello = joiner.wire(joiner.start(0)[0])
    guess = os.urandom(32)
    member_hello = control({"t": "hello", "v": 2, "mode": "member", "tag": room_tag(SECRET),
                            "nonce": "00" * 32, "pake": Pake(guess).message.hex()})
    garbage_sealed = encode_frame(KIND_SEALED, os.urandom(80))
    return {
        "wrong-code": [join_hello, garbage_sealed],
        "tag-without-secret": [member_hello, garbage_sealed],
        "wrong-tag": [control({"t": "hello", "v": 2, "mode": "member", "tag": "0" * 16, "nonce": "00" * 32,
                               "pake": Pake(guess).message.hex()})],
        "v1-lobby": [control({"t": "hello", "v": 1, "room": "", "key": MALLORY.public_hex, "nonce": "00" * 32,
                              "port": 0, "name": "lobby"})],
        "roominfo": [control({"t": "roominfo"})],
        "garbage": [os.urandom(300)],
    }


@pytest.mark.parametrize("case", ["wrong-code", "tag-without-secret", "wrong-tag", "v1-lobby", "roominfo",
                                  "garbage"])
def test_a_stranger_learns_nothing(ledgers, case: str) -> None:
    a_ledger, _, room_id = ledgers

    async def run() -> bytes:
        host = Recorder(a_ledger)
        server = await acceptor(a_ledger, room_id, host, AttemptLimiter(), [])
        reader, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
        received = bytearray()
        for frame in stranger_hellos(room_id)[case]:
            writer.write(frame)
            await writer.drain()
            await asyncio.sleep(0.05)
        try:
            while data := await asyncio.wait_for(reader.read(65536), 10):
                received += data
        except ConnectionError:
            pass
        writer.close()
        await asyncio.wait_for(host.done.wait(), 10)
        server.close()
        assert not any(isinstance(e, Authenticated) for e in host.events)
        return bytes(received)

    received = asyncio.run(run())
    for hidden in (room_id, ALICE.public_hex, SECRET.hex(), str(CODE)):
        assert hidden.encode() not in received and hidden[:16].encode() not in received
        if len(hidden) == 64:
            assert bytes.fromhex(hidden) not in received and bytes.fromhex(hidden)[:8] not in received
    assert b"Class 5B" not in received and b"Alice" not in received
    cleartext = [frame for frame in split(bytearray(received)) if frame[4] == KIND_CONTROL]
    assert len(cleartext) <= 1, "one hello or one refusal, nothing more in the clear"
    for frame in cleartext:
        assert set(__import__("orjson").loads(frame[5:])) <= {"t", "v", "nonce", "pake", "code", "text"}
