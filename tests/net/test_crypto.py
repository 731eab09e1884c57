"""Session cryptography: the PAKE agrees only on the same code; sealed frames open once, in order."""
from __future__ import annotations

import os

import pytest

from nosedive.net.crypto import (
    HandshakeError,
    Opener,
    Pake,
    Sealer,
    SealError,
    room_tag,
    session_keys,
    transcript_hash,
)
from nosedive.net.throttle import AttemptLimiter

CODE = b"7-guitar-harbor"


def _pair(code_a: bytes, code_b: bytes) -> tuple[bytes, bytes]:
    a, b = Pake(code_a), Pake(code_b)
    return a.finish(b.message), b.finish(a.message)


def test_the_same_code_gives_the_same_key_and_another_code_another() -> None:
    ka, kb = _pair(CODE, CODE)
    assert ka == kb and len(ka) == 32
    ka, kb = _pair(CODE, b"7-guitar-apple")
    assert ka != kb


@pytest.mark.parametrize("message", [b"\x00" * 7, b"", b"\xff" * 33, b"S" + b"\x01" * 32])
def test_a_malformed_pake_message_is_a_handshake_error(message: bytes) -> None:
    with pytest.raises(HandshakeError):
        Pake(CODE).finish(message)


def test_a_reflected_pake_message_is_refused() -> None:
    pake = Pake(CODE)
    with pytest.raises(HandshakeError):
        pake.finish(pake.message)


def test_keys_differ_per_direction_and_match_across_sides() -> None:
    shared, transcript = os.urandom(32), transcript_hash(b"hello-a", b"hello-b")
    dialer, acceptor = session_keys(shared, transcript, dialer=True), session_keys(shared, transcript, dialer=False)
    assert dialer.send == acceptor.receive and dialer.receive == acceptor.send
    assert dialer.send != dialer.receive and dialer.binding == acceptor.binding
    other = session_keys(shared, transcript_hash(b"hello-a", b"hello-B"), dialer=True)
    assert other.send != dialer.send, "a changed hello changes every key"


def test_the_transcript_hash_separates_frames() -> None:
    assert transcript_hash(b"ab", b"c") != transcript_hash(b"a", b"bc")


def _channel() -> tuple[Sealer, Opener]:
    key = os.urandom(32)
    return Sealer(key), Opener(key)


def test_sealed_frames_open_in_order() -> None:
    sealer, opener = _channel()
    frames = [sealer.seal(f"frame {i}".encode()) for i in range(5)]
    assert [opener.open(frame) for frame in frames] == [f"frame {i}".encode() for i in range(5)]


@pytest.mark.parametrize("attack", ["flip", "replay", "reorder", "drop", "inject"])
def test_tampering_is_refused(attack: str) -> None:
    sealer, opener = _channel()
    first, second, third = (sealer.seal(b"x" * 10) for _ in range(3))
    if attack == "flip":
        stream = [first[:3] + bytes([first[3] ^ 1]) + first[4:]]
    elif attack == "replay":
        opener.open(first)
        stream = [first]
    elif attack == "reorder":
        stream = [second, first]
    elif attack == "drop":
        opener.open(first)
        stream = [third]
    else:
        stream = [Sealer(os.urandom(32)).seal(b"x" * 10)]
    with pytest.raises(SealError):
        for frame in stream:
            opener.open(frame)


def test_a_captured_handshake_gives_no_offline_test_of_a_guess() -> None:
    """An eavesdropper holds both PAKE messages and the first sealed frame. Even trying the *right*
    code, the only computation open to it — a fresh SPAKE2 run finished with a captured message —
    yields a key that does not open the frame: no guess can be confirmed offline."""
    dialer, acceptor = Pake(CODE), Pake(CODE)
    shared = dialer.finish(acceptor.message)
    assert acceptor.finish(dialer.message) == shared
    transcript = transcript_hash(dialer.message, acceptor.message)
    captured = Sealer(session_keys(shared, transcript, dialer=True).send).seal(b'{"t":"auth"}')
    for guess in (CODE, b"7-guitar-apple", b"8-apple-zebra"):
        attacker = Pake(guess)
        for message in (dialer.message, acceptor.message):
            key = attacker.finish(message) if message is not attacker.message else b""
            opener = Opener(session_keys(key, transcript, dialer=True).send)
            with pytest.raises(SealError):
                opener.open(captured)
            attacker = Pake(guess)


def test_the_room_tag_depends_on_the_secret_only() -> None:
    secret = os.urandom(32)
    assert room_tag(secret) == room_tag(secret) and len(room_tag(secret)) == 16
    assert room_tag(secret) != room_tag(os.urandom(32))


def test_the_limiter_throttles_a_flood_and_refills() -> None:
    now = [0.0]
    limiter = AttemptLimiter(burst=5, interval=6.0, clock=lambda: now[0])
    allowed = sum(limiter.allow("10.0.0.9") for _ in range(1000))
    assert allowed == 5
    assert limiter.allow("10.0.0.8"), "another address has its own bucket"
    assert limiter.retry_after("10.0.0.9") == pytest.approx(6.0)
    now[0] += 6.0
    assert limiter.allow("10.0.0.9") and not limiter.allow("10.0.0.9")


def test_the_limiter_stays_bounded() -> None:
    limiter = AttemptLimiter(max_addresses=100)
    for i in range(1000):
        limiter.allow(f"host-{i}")
    assert len(limiter._buckets) == 100


def test_the_framing_reserves_room_for_the_seal() -> None:
    from nosedive.net import crypto, frames

    assert frames.SEAL_TAG_BYTES == crypto.TAG_BYTES
    assert frames.MAX_BODY + 5 + crypto.TAG_BYTES + 1 == frames.MAX_FRAME
