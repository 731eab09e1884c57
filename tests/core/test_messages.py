"""Signed messages: round-trips, every single-bit flip refused, each error named."""
from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core import messages as msgs
from nosedive.core.encoding import canonical, decode_canonical
from nosedive.core.errors import (
    BadSignatureError,
    FutureTimestampError,
    MalformedError,
    NonCanonicalError,
    NosediveError,
    OversizeError,
    SelfRatingError,
    StarsOutOfRangeError,
)
from nosedive.core.identity import Identity

from .helpers import FIXED_TS, Author, avatars, png_bytes, visible_text

ALICE, BOB = Identity.generate(), Identity.generate()
ROOM = "cd" * 32

texts = visible_text(min_size=1, max_size=40).filter(str.strip)


def make(type_: str, body: dict, *, seq: int = 1, prev: str | None = None, who: Identity = ALICE) -> msgs.Message:
    return msgs.create(who, room=ROOM, seq=seq, prev=prev, type=type_, body=body, ts=FIXED_TS)


@settings(max_examples=60, deadline=None)
@given(stars=st.integers(1, 5), note=st.one_of(st.none(), visible_text(max_size=280)), seq=st.integers(1, 10**6))
def test_rate_round_trip(stars: int, note: str | None, seq: int) -> None:
    body = {"subject": BOB.public_hex, "stars": stars} | ({"note": note} if note is not None else {})
    prev = None if seq == 1 else "ab" * 32
    message = make("rate", body, seq=seq, prev=prev)
    again = msgs.parse(message.raw)
    assert again == message
    assert again.id == msgs.message_id(message.payload)
    assert msgs.decode_trusted(message.raw) == message


@settings(max_examples=30, deadline=None)
@given(name=texts, avatar=avatars)
def test_profile_round_trip(name: str, avatar: bytes) -> None:
    message = make("profile", {"name": name, "avatar": base64.b64encode(avatar).decode()})
    assert msgs.parse(message.raw).body["name"] == name


def _all_bit_flips(raw: bytes):
    for index in range(len(raw)):
        for bit in range(8):
            mutated = bytearray(raw)
            mutated[index] ^= 1 << bit
            yield bytes(mutated)


@pytest.mark.parametrize("kind", ["rate", "friend", "profile", "room", "unknown"])
def test_every_single_bit_flip_is_rejected(kind: str) -> None:
    author = Author()
    if kind == "room":
        message = author.open_room("Flip")
    else:
        author.open_room()
        body = {
            "rate": {"subject": BOB.public_hex, "stars": 4, "note": "nice"},
            "friend": {"subject": BOB.public_hex, "on": True},
            "profile": {"name": "Lacie", "avatar": base64.b64encode(png_bytes()).decode()},
            "unknown": {"reason": "littering", "points": -5},
        }[kind]
        message = author.next("petition" if kind == "unknown" else kind, body)
    msgs.parse(message.raw)  # the original is fine
    flips = 0
    for mutated in _all_bit_flips(message.raw):
        with pytest.raises(NosediveError):
            msgs.parse(mutated)
        flips += 1
    assert flips == 8 * len(message.raw)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_random_mutations_are_rejected(data: st.DataObject) -> None:
    message = make("rate", {"subject": BOB.public_hex, "stars": 3})
    raw = bytearray(message.raw)
    count = data.draw(st.integers(1, 8))
    for _ in range(count):
        index = data.draw(st.integers(0, len(raw) - 1))
        raw[index] = data.draw(st.integers(0, 255))
    if bytes(raw) == message.raw:
        return
    with pytest.raises(NosediveError):
        msgs.parse(bytes(raw))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_are_rejected_with_our_errors(blob: bytes) -> None:
    with pytest.raises(NosediveError):
        msgs.parse(blob)


def test_signature_is_domain_separated() -> None:
    message = make("rate", {"subject": BOB.public_hex, "stars": 3})
    undomained = ALICE.sign(message.payload)  # a signature over the bare payload
    with pytest.raises(BadSignatureError):
        msgs.parse(undomained + message.payload)


def test_id_does_not_depend_on_signature() -> None:
    message = make("rate", {"subject": BOB.public_hex, "stars": 3})
    assert message.id == msgs.message_id(message.payload)
    assert msgs.parse(ALICE.sign(msgs.SIGN_DOMAIN + message.payload) + message.payload).id == message.id


def _resign(envelope: dict, who: Identity = ALICE, payload: bytes | None = None) -> bytes:
    payload = payload if payload is not None else canonical(envelope)
    return who.sign(msgs.SIGN_DOMAIN + payload) + payload


def _envelope(**changes) -> dict:
    env = {"v": 1, "room": ROOM, "author": ALICE.public_hex, "seq": 1, "prev": None, "ts": FIXED_TS,
           "type": "rate", "body": {"subject": BOB.public_hex, "stars": 3}}
    env.update(changes)
    return env


@pytest.mark.parametrize("changes, error", [
    ({"body": {"subject": BOB.public_hex, "stars": 0}}, StarsOutOfRangeError),
    ({"body": {"subject": BOB.public_hex, "stars": 6}}, StarsOutOfRangeError),
    ({"body": {"subject": BOB.public_hex, "stars": True}}, StarsOutOfRangeError),
    ({"body": {"subject": ALICE.public_hex, "stars": 5}}, SelfRatingError),
    ({"type": "friend", "body": {"subject": ALICE.public_hex, "on": True}}, SelfRatingError),
    ({"ts": FIXED_TS * 10}, FutureTimestampError),
    ({"seq": 0}, MalformedError),
    ({"seq": 2**53, "prev": "ab" * 32}, MalformedError),
    ({"ts": -1}, MalformedError),
    ({"seq": 2}, MalformedError),  # seq 2 needs a prev
    ({"v": 2}, MalformedError),
    ({"type": "Rate"}, MalformedError),
    ({"room": "nope"}, MalformedError),
    ({"body": {"subject": BOB.public_hex, "stars": 3, "extra": 1}}, MalformedError),
    ({"body": {"subject": BOB.public_hex, "stars": 3, "note": "x" * 281}}, MalformedError),
    ({"type": "profile", "body": {"name": "a\nb"}}, MalformedError),
    ({"type": "profile", "body": {"name": "x", "avatar": "A" * 50_000}}, OversizeError),
    ({"type": "room", "room": None, "body": {"name": "r", "policy": {}, "nonce": "zz"}}, MalformedError),
])
def test_each_error_is_named(changes: dict, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        msgs.parse(_resign(_envelope(**changes)))
    assert str(caught.value)  # says what was wrong


def test_non_canonical_payload_is_rejected() -> None:
    payload = canonical(_envelope()).replace(b'"v":1', b'"v": 1')
    with pytest.raises(NonCanonicalError):
        msgs.parse(_resign({}, payload=payload))


@pytest.mark.parametrize("text", [b'{"a":1.5}', b'{"a":1,"a":1}', b'{"a":NaN}', b'[' * 100_000 + b']' * 100_000,
                                  b'{"a":340282366920938463463374607431768211456}', b"\xff"])
def test_canonical_decoder_refuses(text: bytes) -> None:
    with pytest.raises(MalformedError):
        decode_canonical(text)


def test_oversize_message_is_refused_before_parsing() -> None:
    with pytest.raises(OversizeError):
        msgs.parse(b"\x00" * (msgs.MAX_RAW_BYTES + 1))


def test_unknown_types_are_accepted_as_opaque() -> None:
    message = make("petition", {"case": 7, "text": "I was rated unfairly"})
    assert msgs.parse(message.raw).type == "petition"
