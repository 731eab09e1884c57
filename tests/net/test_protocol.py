"""The protocol as plain objects: handshake, refusals and sync, with no sockets."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.net.frames import MAX_FRAME, FrameDecoder, FrameError, control, encode_frame
from nosedive.net.protocol import Limits, Send, Session

from .wire import make_side, open_ledger, pump

ALICE, BOB = Identity.generate(), Identity.generate()


@pytest.fixture()
def room(tmp_path: Path) -> tuple[Ledger, Ledger, str]:
    a, b = open_ledger(tmp_path, "a"), open_ledger(tmp_path, "b")
    room_id = a.create_room(ALICE, "Class 5B", {}).room
    for stars in (5, 4, 3):
        a.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": stars})
    yield a, b, room_id
    a.close()
    b.close()


def test_handshake_and_sync_of_a_whole_room(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = make_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    assert a.authenticated and b.authenticated
    assert b_ledger.have(room_id) == a_ledger.have(room_id)
    # and back: what B writes reaches A through a push
    message = b_ledger.append(BOB, room_id, "rate", {"subject": ALICE.public_hex, "stars": 2})
    b.absorb(b.session.push([message]))
    pump(a, b)
    assert a_ledger.have(room_id) == b_ledger.have(room_id)
    assert not a.closed and not b.closed


def test_push_skips_what_the_peer_holds(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = make_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    known = [m for _, m in a_ledger.messages(room_id)]
    assert a.session.push(known) == []


def test_a_dropped_push_is_repaired_by_anti_entropy(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = make_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    message = a_ledger.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": 1})
    assert a.session.push([message])  # …and the frame is lost under load
    a.absorb(a.session.summary())
    pump(a, b)
    assert b_ledger.have(room_id) == a_ledger.have(room_id)


@pytest.mark.parametrize("who, code", [("wrong-room", "wrong-room"), ("self", "self")])
def test_refusals_name_their_reason_on_both_sides(room, who: str, code: str) -> None:
    a_ledger, b_ledger, room_id = room
    a = make_side(ALICE, room_id, a_ledger)
    if who == "self":
        b = make_side(ALICE, room_id, b_ledger)
    else:
        other_room = b_ledger.create_room(BOB, "Elsewhere", {}).room
        b = make_side(BOB, other_room, b_ledger)
    pump(a, b)
    assert a.closed and b.closed
    assert code in (a.closed.code, b.closed.code)
    assert not a.authenticated and not b.authenticated


def test_weak_key_and_wrong_version_are_refused(room) -> None:
    a_ledger, _, room_id = room
    a = make_side(ALICE, room_id, a_ledger)
    a.absorb(a.session.start(0))
    weak = "0100000000000000000000000000000000000000000000000000000000000000"
    a.absorb(a.session.receive(control({"t": "hello", "v": 1, "room": room_id, "key": weak,
                                        "nonce": "00" * 32, "port": 0}), 0))
    assert a.closed.code == "weak-key"
    b = make_side(ALICE, room_id, a_ledger)
    b.absorb(b.session.start(0))
    b.absorb(b.session.receive(control({"t": "hello", "v": 99, "room": room_id, "key": BOB.public_hex,
                                        "nonce": "00" * 32, "port": 0}), 0))
    assert b.closed.code == "version" and "update Nosedive" in b.closed.reason


def test_a_replayed_handshake_fails(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = make_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    recorded: list[bytes] = []
    b_absorb = b.absorb

    def record(events):  # capture everything Bob says in a genuine session
        recorded.extend(e.data for e in events if isinstance(e, Send))
        b_absorb(events)

    b.absorb = record  # type: ignore[method-assign]
    pump(a, b)
    assert a.authenticated
    victim = make_side(ALICE, room_id, a_ledger)  # a new session: a fresh nonce
    victim.absorb(victim.session.start(0))
    for data in recorded[:2]:  # Bob's hello and auth, replayed
        victim.absorb(victim.session.receive(data, 0))
    assert not victim.authenticated
    assert victim.closed.code == "bad-auth"


def test_data_before_the_handshake_is_refused(room) -> None:
    a_ledger, _, room_id = room
    a = make_side(ALICE, room_id, a_ledger)
    a.absorb(a.session.start(0))
    a.absorb(a.session.receive(control({"t": "have", "have": {}}), 0))
    assert a.closed.code == "protocol"
    assert a_ledger.count(room_id) == 4


def test_lobby_hello_gets_the_room_info(room) -> None:
    from nosedive.net.protocol import RoomAdvert

    a_ledger, b_ledger, room_id = room
    info = RoomAdvert(room_id, "Class 5B", ALICE.public_hex, 2)
    host = make_side(ALICE, room_id, a_ledger, room_info=lambda: info)
    asker = make_side(BOB, None, b_ledger)
    pump(host, asker)
    assert host.closed.code == "roominfo"
    assert asker.room_info == info
    assert asker.closed.by_peer and not asker.authenticated


def test_timeouts_and_keepalive(room) -> None:
    a_ledger, b_ledger, room_id = room
    limits = Limits(handshake_timeout=5, idle_timeout=30, ping_interval=10)
    lonely = make_side(ALICE, room_id, a_ledger, limits=limits)
    lonely.absorb(lonely.session.start(0))
    assert lonely.session.tick(4) == []
    lonely.absorb(lonely.session.tick(6))
    assert lonely.closed.code == "timeout"
    a, b = make_side(ALICE, room_id, a_ledger, limits=limits), make_side(BOB, room_id, b_ledger, limits=limits)
    pump(a, b)
    pings = a.session.tick(11)
    assert pings and b"ping" in pings[0].data
    a.absorb(a.session.tick(45))
    assert a.closed.code == "timeout"


def test_oversized_frame_is_refused_from_its_header() -> None:
    decoder = FrameDecoder()
    header = (MAX_FRAME + 1).to_bytes(4, "big")
    with pytest.raises(FrameError):
        decoder.feed(header)
    assert decoder.buffered <= 4  # nothing was allocated for the body


def test_frames_split_anywhere_reassemble() -> None:
    frames = encode_frame(1, b'{"t":"ping"}') + encode_frame(2, b"") + encode_frame(1, b'{"t":"pong"}')
    for cut in range(len(frames)):
        decoder = FrameDecoder()
        got = decoder.feed(frames[:cut]) + decoder.feed(frames[cut:])
        assert [kind for kind, _ in got] == [1, 2, 1]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_close_the_session_cleanly(blob: bytes) -> None:
    session = Session(ALICE, "ab" * 32, store=None)  # type: ignore[arg-type]
    session.start(0)
    events = session.receive(blob, 0)
    assert session.state in ("hello-sent", "closed")
    assert all(e.__class__.__name__ in ("Send", "Closed") for e in events)
