"""The protocol as plain objects: the v2 handshake, refusals, joins and sync, with no sockets."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nosedive.net.handshake as handshake_module
from nosedive.core.identity import Identity
from nosedive.core.joincode import parse
from nosedive.ledger.store import Ledger
from nosedive.net.crypto import Pake
from nosedive.net.frames import KIND_SEALED, MAX_FRAME, FrameDecoder, FrameError, control, encode_frame
from nosedive.net.protocol import (
    AttemptLimiter,
    Authenticated,
    Closed,
    JoiningWith,
    Limits,
    MemberOf,
    Received,
    Send,
    Session,
    Welcomed,
)
from nosedive.net.state import SessionState

from .wire import CODE, SECRET, Side, host_side, make_side, open_ledger, pump, random_secret

ALICE, BOB, MALLORY = Identity.generate(), Identity.generate(), Identity.generate()


@pytest.fixture()
def room(tmp_path: Path) -> tuple[Ledger, Ledger, str]:
    a, b = open_ledger(tmp_path, "a"), open_ledger(tmp_path, "b")
    room_id = a.create_room(ALICE, "Class 5B", {}).room
    for stars in (5, 4, 3):
        a.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": stars})
    yield a, b, room_id
    a.close()
    b.close()


def said(events: list[Any], side: Side | None = None) -> bytes:
    """What a side would write for these events (sealing them through its session)."""
    assert side is not None
    return b"".join(side.session.wire(e) for e in events if isinstance(e, Send))


def greet(dialer: Side, acceptor: Side) -> list[Any]:
    """Run the hellos by hand; returns the dialer's events on the acceptor's answer (its sealed auth first)."""
    hello = said(dialer.session.start(0), dialer)
    acceptor.session.start(0)
    answer = said(acceptor.session.receive(hello, 0), acceptor)
    return dialer.session.receive(answer, 0)


# ---------------------------------------------------------------- members
def test_handshake_and_sync_of_a_whole_room(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    assert a.authenticated and b.authenticated
    assert b_ledger.have(room_id) == a_ledger.have(room_id)
    # and back: what B writes reaches A through a push
    message = b_ledger.append(BOB, room_id, "rate", {"subject": ALICE.public_hex, "stars": 2})
    b.absorb(b.session.push([message]))
    pump(a, b)
    assert a_ledger.have(room_id) == b_ledger.have(room_id)
    assert not a.closed and not b.closed
    assert a.session.peer_key == BOB.public_hex and b.session.peer_key == ALICE.public_hex


def test_everything_after_the_hellos_is_sealed(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    wire_bytes: list[bytes] = []
    for side in (a, b):
        side.absorb(side.session.summary())
        wire_bytes += side.outbox
    kinds = [kind for data in wire_bytes for kind, _ in FrameDecoder().feed(data)]
    assert kinds and set(kinds) == {KIND_SEALED}


def test_push_skips_what_the_peer_holds(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    known = [m for _, m in a_ledger.messages(room_id)]
    assert a.session.push(known) == []


def test_a_dropped_push_is_repaired_by_anti_entropy(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    message = a_ledger.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": 1})
    assert a.session.push([message])  # …and the frame is lost under load, before it was sealed
    a.absorb(a.session.summary())
    pump(a, b)
    assert b_ledger.have(room_id) == a_ledger.have(room_id)


def test_a_connection_to_myself_is_refused(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(ALICE, room_id, b_ledger)
    pump(a, b)
    assert "self" in (a.closed.code, b.closed.code)
    assert not (a.authenticated and b.authenticated)


@pytest.mark.parametrize("mismatch", ["tag", "plate", "no-joins", "mode", "no-tag"])
def test_every_mismatch_gets_the_same_answer(room, mismatch: str) -> None:
    a_ledger, b_ledger, room_id = room
    host = host_side(ALICE, room_id, a_ledger, code=None if mismatch == "no-joins" else CODE)
    if mismatch == "tag":
        guest = make_side(BOB, MemberOf(room_id, random_secret()), b_ledger)
    elif mismatch in ("plate", "no-joins"):
        plate = CODE.plate if mismatch == "no-joins" else CODE.plate % 99 + 1
        guest = make_side(BOB, JoiningWith(parse(f"{plate}-guitar-harbor")), b_ledger)
    else:
        host.session.start(0)
        frame = {"t": "hello", "v": 2, "mode": "lurk" if mismatch == "mode" else "member",
                 "nonce": "00" * 32, "pake": "11" * 33}
        host.absorb(host.session.receive(control(frame), 0))
        guest = None
    if guest is not None:
        pump(guest, host)
        assert guest.closed == Closed("peer refused: no such room here", "no-room", by_peer=True)
        assert not guest.authenticated
    assert host.closed.code == "no-room" and not host.authenticated
    assert host.wrote == [control({"t": "error", "code": "no-room", "text": "no such room here"})]


def test_wrong_version_is_refused_with_advice(room) -> None:
    a_ledger, _, room_id = room
    host = host_side(ALICE, room_id, a_ledger)
    host.session.start(0)
    host.absorb(host.session.receive(control({"t": "hello", "v": 1, "room": room_id, "key": BOB.public_hex,
                                              "nonce": "00" * 32, "port": 0}), 0))
    assert host.closed.code == "version" and "update Nosedive" in host.closed.reason


def _forged_auth(room, auth: dict[str, Any]) -> Side:
    """A member dialer whose sealed auth is replaced by *auth*; returns the host after it."""
    a_ledger, b_ledger, room_id = room
    host, guest = host_side(ALICE, room_id, a_ledger), make_side(MALLORY, room_id, b_ledger)
    greet(guest, host)  # its real auth is never written
    host.absorb(host.session.receive(guest.session.wire(Send(control(auth))), 0))
    return host


@pytest.mark.parametrize("key, reason", [
    (["ab"], "not a list"), ({"k": 1}, "not a dict"), (7, "not a int"), (None, "not a NoneType"),
    ("01" + "00" * 31, "small-order"), ("zz" * 32, "hex"),
])
def test_a_key_of_the_wrong_type_or_a_weak_key_is_a_clear_refusal(room, key: object, reason: str) -> None:
    host = _forged_auth(room, {"t": "auth", "key": key, "sig": "00" * 64, "port": 1, "name": "x"})
    assert host.closed.code == "weak-key" and reason in host.closed.reason
    assert not host.authenticated


def test_a_bad_signature_is_refused(room) -> None:
    host = _forged_auth(room, {"t": "auth", "key": BOB.public_hex, "sig": "00" * 64, "port": 1, "name": "Bob"})
    assert host.closed.code == "bad-auth" and not host.authenticated


def test_an_auth_replayed_from_another_session_fails(room) -> None:
    """Mallory (a member: she holds the secret) keeps Bob's auth from her session with him and
    presents it to Alice as hers: it signs the binding of another session."""
    a_ledger, b_ledger, room_id = room
    bob, mallory = host_side(BOB, room_id, b_ledger), make_side(MALLORY, room_id, a_ledger)
    bob.session.start(0)
    answer = bob.session.receive(said(mallory.session.start(0), mallory), 0)
    bobs_auth = next(e for e in answer if isinstance(e, Send) and not e.clear)
    assert b'"auth"' in bobs_auth.data and BOB.public_hex.encode() in bobs_auth.data
    alice, mallory_again = host_side(ALICE, room_id, a_ledger), make_side(MALLORY, room_id, b_ledger)
    greet(mallory_again, alice)
    alice.absorb(alice.session.receive(mallory_again.session.wire(bobs_auth), 0))
    assert alice.closed.code == "bad-auth" and not alice.authenticated


def test_an_expelled_key_is_refused_after_auth(room) -> None:
    a_ledger, b_ledger, room_id = room
    asked: list[str] = []

    def admits(key: str) -> bool:
        asked.append(key)
        return key != BOB.public_hex

    host, guest = host_side(ALICE, room_id, a_ledger, admits=admits), make_side(BOB, room_id, b_ledger)
    pump(guest, host)
    assert asked == [BOB.public_hex]
    assert host.closed.code == "expelled" and not host.authenticated
    assert guest.closed == Closed("peer refused: this person was expelled from the room", "expelled", by_peer=True)
    assert not any(isinstance(e, Received) for e in guest.events)
    assert b_ledger.count(room_id) == 0


def test_data_before_the_handshake_is_refused(room) -> None:
    a_ledger, _, room_id = room
    host = host_side(ALICE, room_id, a_ledger)
    host.session.start(0)
    host.absorb(host.session.receive(control({"t": "have", "have": {}}), 0))
    assert host.closed.code == "protocol"
    assert a_ledger.count(room_id) == 4


def test_a_cleartext_frame_after_the_hellos_ends_the_session_silently(room) -> None:
    a_ledger, b_ledger, room_id = room
    host, guest = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(guest, host)
    host.outbox.clear()
    host.absorb(host.session.receive(control({"t": "have", "have": {}}), 0))
    assert host.closed.code == "bad-seal" and host.outbox == []


# ---------------------------------------------------------------- joins
def test_a_joiner_with_the_right_code_is_welcomed_and_syncs(room) -> None:
    a_ledger, b_ledger, room_id = room
    host, joiner = host_side(ALICE, room_id, a_ledger), make_side(BOB, JoiningWith(CODE), b_ledger)
    assert joiner.session.room_id == ""
    pump(joiner, host)
    assert joiner.welcomed == Welcomed(room_id, SECRET, str(CODE))
    kinds = [type(e) for e in joiner.events if not isinstance(e, Send)]
    assert kinds[:2] == [Welcomed, Authenticated], "the room is known before the session opens"
    assert joiner.session.room_id == room_id and joiner.session.credentials == MemberOf(room_id, SECRET)
    assert host.authenticated and joiner.authenticated
    assert b_ledger.have(room_id) == a_ledger.have(room_id)


def test_a_wrong_code_tells_the_joiner_what_to_do(room) -> None:
    a_ledger, b_ledger, room_id = room
    host = host_side(ALICE, room_id, a_ledger)
    joiner = make_side(BOB, JoiningWith(parse(f"{CODE.plate}-apple-amber")), b_ledger)
    pump(joiner, host)
    assert joiner.closed.code == "wrong-code" and "join code is wrong" in joiner.closed.reason
    assert "facilitator" in joiner.closed.reason
    assert host.closed.code == "wrong-code"
    assert not joiner.authenticated and not host.authenticated and joiner.welcomed is None
    assert b_ledger.count(room_id) == 0


def test_a_flood_of_join_tries_costs_only_burst_pakes(room, monkeypatch: pytest.MonkeyPatch) -> None:
    a_ledger, b_ledger, room_id = room
    joiner = make_side(BOB, JoiningWith(CODE), b_ledger)
    hello = said(joiner.session.start(0), joiner)
    made: list[object] = []
    real_pake = handshake_module.Pake

    def counting_pake(password: bytes) -> object:
        made.append(password)
        return real_pake(password)

    monkeypatch.setattr(handshake_module, "Pake", counting_pake)
    now = [0.0]
    limiter = AttemptLimiter(burst=5, interval=6.0, clock=lambda: now[0])
    closed: list[Closed] = []
    for _ in range(1000):
        host = host_side(ALICE, room_id, a_ledger, limiter=limiter, peer_address="10.0.0.66")
        host.session.start(0)
        host.absorb(host.session.receive(hello, 0))
        if host.closed:
            closed.append(host.closed)
            assert host.wrote == [control({"t": "error", "code": "throttled",
                                            "text": "too many tries from this address; wait 6 s",
                                            "retry_after": 6})]
    assert len(made) == 5, "the PAKE ran only for the tries the limiter allowed"
    assert len(closed) == 995 and {c.code for c in closed} == {"throttled"}
    assert closed[0].retry_after == 6
    other = host_side(ALICE, room_id, a_ledger, limiter=limiter, peer_address="10.0.0.67")
    other.session.start(0)
    other.absorb(other.session.receive(hello, 0))
    assert not other.closed and len(made) == 6, "another address is not held back"


def test_the_joiner_sees_throttled_with_a_retry_time(room) -> None:
    a_ledger, b_ledger, room_id = room
    limiter = AttemptLimiter(burst=1, interval=30.0)
    for _ in range(2):
        host = host_side(ALICE, room_id, a_ledger, limiter=limiter)
        joiner = make_side(BOB, JoiningWith(parse(f"{CODE.plate}-apple-amber")), b_ledger)
        pump(joiner, host)
    assert joiner.closed.code == "throttled" and joiner.closed.by_peer
    assert 29 <= joiner.closed.retry_after <= 30 and "wait 30 s" in joiner.closed.reason


def test_failed_member_tries_are_throttled_too(room) -> None:
    """A stranger with the tag (it is public) but not the secret pays a try per attempt."""
    a_ledger, _, room_id = room
    limiter = AttemptLimiter(burst=2, interval=60.0)
    hello = control({"t": "hello", "v": 2, "mode": "member", "tag": MemberOf(room_id, SECRET).tag,
                     "nonce": "00" * 32, "pake": Pake(random_secret()).message.hex()})
    codes = []
    for _ in range(4):
        host = host_side(ALICE, room_id, a_ledger, limiter=limiter)
        host.session.start(0)
        host.absorb(host.session.receive(hello, 0))
        host.absorb(host.session.receive(encode_frame(KIND_SEALED, os.urandom(60)), 0))
        codes.append(host.closed.code)
    assert codes == ["bad-seal", "bad-seal", "throttled", "throttled"]


# ---------------------------------------------------------------- timers and framing
def test_timeouts_and_keepalive(room) -> None:
    a_ledger, b_ledger, room_id = room
    limits = Limits(handshake_timeout=5, idle_timeout=30, ping_interval=10)
    lonely = make_side(ALICE, room_id, a_ledger, limits=limits)
    lonely.absorb(lonely.session.start(0))
    assert lonely.session.tick(4) == []
    lonely.absorb(lonely.session.tick(6))
    assert lonely.closed.code == "timeout"
    a, b = host_side(ALICE, room_id, a_ledger, limits=limits), make_side(BOB, room_id, b_ledger, limits=limits)
    pump(a, b)
    pings = a.session.tick(11)
    assert pings and b"ping" in pings[0].data and not pings[0].clear
    a.absorb(a.session.tick(45))
    assert a.closed.code == "timeout"


def test_oversized_frame_is_refused_from_its_header() -> None:
    decoder = FrameDecoder()
    header = (MAX_FRAME + 1).to_bytes(4, "big")
    with pytest.raises(FrameError):
        decoder.feed(header)
    assert decoder.buffered <= 4  # nothing was allocated for the body


def test_the_fullest_batch_still_fits_once_sealed(room) -> None:
    from nosedive.net.frames import MAX_BODY

    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    biggest = encode_frame(2, b"\x00" * MAX_BODY)
    sealed = a.session.wire(Send(biggest))
    assert len(sealed) == 4 + MAX_FRAME
    with pytest.raises(Exception, match="exceeds"):
        encode_frame(2, b"\x00" * (MAX_BODY + 1))


def test_frames_split_anywhere_reassemble() -> None:
    frames = encode_frame(1, b'{"t":"ping"}') + encode_frame(2, b"") + encode_frame(1, b'{"t":"pong"}')
    for cut in range(len(frames)):
        decoder = FrameDecoder()
        got = decoder.feed(frames[:cut]) + decoder.feed(frames[cut:])
        assert [kind for kind, _ in got] == [1, 2, 1]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_close_the_session_cleanly(blob: bytes) -> None:
    session = Session(ALICE, MemberOf("ab" * 32, SECRET), store=None, dialer=False,  # type: ignore[arg-type]
                      join_code=CODE, limiter=AttemptLimiter(), peer_address="10.0.0.1")
    session.start(0)
    events = session.receive(blob, 0)
    assert session.state in ("greeting", "closed")
    assert all(isinstance(e, (Send, Closed)) and (not isinstance(e, Send) or e.clear) for e in events)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=300))
def test_random_bytes_after_the_hellos_close_silently(blob: bytes) -> None:
    host = Session(ALICE, MemberOf("ab" * 32, SECRET), store=None, dialer=False)  # type: ignore[arg-type]
    guest = Session(BOB, MemberOf("ab" * 32, SECRET), store=None, dialer=True)  # type: ignore[arg-type]
    host.start(0)
    host.receive(guest.wire(guest.start(0)[0]), 0)
    assert host.state is SessionState.SEALED
    events = host.receive(encode_frame(KIND_SEALED, blob) if blob[0] % 2 else blob, 0)
    assert not any(isinstance(e, Send) for e in events)
    assert host.state in ("sealed", "closed")
