"""Typed bodies: each known type reads back as its dataclass and writes back the same JSON;
each check still says what was wrong; unknown types stay opaque."""
from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core import bodies
from nosedive.core import messages as msgs
from nosedive.core.bodies import AdmitBody, ExpelBody, FriendBody, PolicyBody, ProfileBody, RateBody, RoomBody
from nosedive.core.errors import MalformedError, OversizeError, SelfRatingError, StarsOutOfRangeError, WeakKeyError
from nosedive.core.identity import Identity
from nosedive.core.policy import default_policy, load_preset

from .helpers import FIXED_TS, Author, avatars, png_bytes, visible_text

ALICE, BOB = Identity.generate(), Identity.generate()
ROOM = "cd" * 32
PNG = base64.b64encode(png_bytes()).decode()

printable = visible_text(max_size=40)


def make(type_: str, body: dict[str, Any], who: Identity = ALICE) -> msgs.Message:
    return msgs.create(who, room=ROOM, seq=1, prev=None, type=type_, body=body, ts=FIXED_TS)


@pytest.mark.parametrize("type_, body, expected", [
    ("rate", {"subject": BOB.public_hex, "stars": 4}, RateBody(BOB.public_hex, 4)),
    ("rate", {"subject": BOB.public_hex, "stars": 2, "note": "rude"}, RateBody(BOB.public_hex, 2, "rude")),
    ("rate", {"subject": BOB.public_hex, "stars": 5, "note": ""}, RateBody(BOB.public_hex, 5, "")),
    ("friend", {"subject": BOB.public_hex, "on": False}, FriendBody(BOB.public_hex, False)),
    ("profile", {"name": "Lacie"}, ProfileBody("Lacie")),
    ("profile", {"name": "Lacie", "avatar": ""}, ProfileBody("Lacie", "")),
    ("profile", {"name": "Lacie", "avatar": PNG}, ProfileBody("Lacie", PNG)),
    ("policy", {"policy": {"iterations": 2}}, PolicyBody({"iterations": 2})),
    ("admit", {"subject": BOB.public_hex}, AdmitBody(BOB.public_hex)),
    ("expel", {"subject": BOB.public_hex}, ExpelBody(BOB.public_hex)),
])
def test_each_known_body_reads_as_its_type_and_writes_back_the_same(
    type_: str, body: dict[str, Any], expected: bodies.Body,
) -> None:
    message = make(type_, body)
    assert message.typed() == expected
    assert expected.to_json() == body
    assert msgs.decode_trusted(message.raw).typed() == expected  # stored messages read the same
    assert msgs.parse(make(type_, expected.to_json()).raw).body == body


def test_a_room_genesis_reads_as_a_room_body() -> None:
    genesis = Author().open_room("Class 5B")
    typed = genesis.typed()
    assert isinstance(typed, RoomBody)
    assert typed.name == "Class 5B" and len(typed.nonce) == 32 and typed.policy == {}
    assert typed.to_json() == genesis.body
    assert typed.parsed_policy().digest == default_policy().digest  # {} is the episode's rules


def test_a_policy_body_parses_its_policy() -> None:
    preset = load_preset("nosedive")
    typed = make("policy", {"policy": preset}).typed()
    assert isinstance(typed, PolicyBody)
    assert typed.parsed_policy().digest == default_policy().digest


def test_an_avatar_reads_as_its_image_bytes() -> None:
    assert ProfileBody("Lacie", PNG).avatar_image == png_bytes()
    assert ProfileBody("Lacie").avatar_image == b""


@settings(max_examples=40, deadline=None)
@given(stars=st.integers(1, 5), note=st.one_of(st.none(), printable))
def test_rate_bodies_round_trip(stars: int, note: str | None) -> None:
    typed = RateBody(BOB.public_hex, stars, note)
    assert make("rate", typed.to_json()).typed() == typed


@settings(max_examples=40, deadline=None)
@given(name=printable.filter(str.strip), avatar=st.one_of(st.none(), avatars))
def test_profile_bodies_round_trip(name: str, avatar: bytes | None) -> None:
    typed = ProfileBody(name, None if avatar is None else base64.b64encode(avatar).decode())
    assert make("profile", typed.to_json()).typed() == typed


def test_unknown_types_have_no_typed_body() -> None:
    message = make("petition", {"case": 7})
    assert message.typed() is None
    assert bodies.check_body("petition", {"case": 7}, ALICE.public_hex) is None
    assert bodies.typed_body("petition", {"case": 7}) is None


def test_the_table_names_every_known_type_once() -> None:
    assert msgs.KNOWN_TYPES == bodies.KNOWN_TYPES == {"room", "policy", "profile", "rate", "friend", "admit", "expel",
                                                             "round", "announce", "report", "role", "confirm",
                                                             "appeal", "ruling", "penalty", "group", "member"}
    assert all(kind.TYPE == name for name, kind in bodies.BODY_TYPES.items())


def test_the_old_names_are_still_importable_from_messages() -> None:
    for name in ("MAX_AVATAR_BYTES", "MAX_NAME_CHARS", "MAX_ROOM_NAME_CHARS", "MAX_NOTE_CHARS", "check_text"):
        assert getattr(msgs, name) is getattr(bodies, name)
    assert msgs.MAX_AVATAR_BYTES == 32 * 1024 and msgs.MAX_NAME_CHARS == 40


NONCE = "ab" * 16


@pytest.mark.parametrize("type_, body, error, words", [
    ("rate", {"subject": BOB.public_hex}, MalformedError, "body must have keys ['stars', 'subject']"),
    ("rate", {"subject": 7, "stars": 3}, MalformedError, "subject must be a hex key"),
    ("rate", {"subject": "00" * 32, "stars": 3}, WeakKeyError, ""),
    ("rate", {"subject": BOB.public_hex, "stars": 9}, StarsOutOfRangeError, "from 1 to 5, got 9"),
    ("rate", {"subject": ALICE.public_hex, "stars": 3}, SelfRatingError, "nobody may rate themselves"),
    ("rate", {"subject": BOB.public_hex, "stars": 3, "note": "x" * 281}, MalformedError, "note is 281 characters"),
    ("friend", {"subject": BOB.public_hex, "on": 1}, MalformedError, "friend 'on' must be true or false"),
    ("friend", {"subject": ALICE.public_hex, "on": True}, SelfRatingError, "nobody may befriend themselves"),
    ("friend", {"subject": BOB.public_hex}, MalformedError, "body must have keys ['on', 'subject']"),
    ("profile", {"name": " "}, MalformedError, "display name must not be empty"),
    ("profile", {"name": "x" * 41}, MalformedError, "display name is 41 characters; the limit is 40"),
    ("profile", {"name": "a\tb"}, MalformedError, "display name must not contain control characters"),
    ("profile", {"name": "x", "avatar": 5}, MalformedError, "avatar must be base64 text"),
    ("profile", {"name": "x", "avatar": "A" * 50_000}, OversizeError, "avatar is larger than 32 KiB"),
    ("profile", {"name": "x", "avatar": "!!!!"}, MalformedError, "avatar is not valid base64"),
    ("profile", {"name": "x", "avatar": "QR=="}, MalformedError, "avatar base64 is not canonical"),
    ("profile", {"name": "x", "mood": "sad"}, MalformedError, "and may have ['avatar']"),
    ("policy", {"policy": []}, MalformedError, "policy must be an object"),
    ("policy", {"policy": {"colour": "pink"}}, MalformedError, "unknown key(s) ['colour']"),
    ("room", {"name": "R", "policy": {}, "nonce": "zz"}, MalformedError, "room nonce must be 32 hex characters"),
    ("room", {"name": "x" * 61, "policy": {}, "nonce": NONCE}, MalformedError, "room name is 61 characters"),
    ("room", {"name": "R", "policy": {}}, MalformedError, "body must have keys ['name', 'nonce', 'policy']"),
])
def test_each_body_check_says_what_was_wrong(
    type_: str, body: dict[str, Any], error: type[Exception], words: str,
) -> None:
    with pytest.raises(error) as caught:
        bodies.check_body(type_, body, ALICE.public_hex)
    assert words in str(caught.value) and str(caught.value)


def test_a_check_returns_the_typed_body() -> None:
    body = {"subject": BOB.public_hex, "stars": 3, "note": "ok"}
    assert bodies.check_body("rate", body, ALICE.public_hex) == RateBody(BOB.public_hex, 3, "ok")
    room = {"name": "R", "policy": {}, "nonce": NONCE}
    assert bodies.check_body("room", room, ALICE.public_hex) == RoomBody("R", {}, NONCE)


def test_group_and_member_bodies_are_checked() -> None:
    author = ALICE.public_hex
    body = {"kind": "family", "name": "Lee", "parent": "ab" * 32}
    assert bodies.GroupBody.check(body, author).to_json() == body
    assert bodies.GroupBody.from_json({"kind": "club", "name": "Chess"}).parent == ""
    member = {"group": "cd" * 32, "subject": author, "on": False}
    assert bodies.MemberBody.check(member, author).to_json() == member
    for bad in ({"kind": "Family", "name": "x"}, {"kind": "family", "name": ""},
                {"kind": "family", "name": "x", "parent": "nope"}, {"kind": "family"}):
        with pytest.raises(MalformedError):
            bodies.GroupBody.check(bad, author)
    for bad_member in ({**member, "on": "yes"}, {**member, "group": "zz"}, {"group": "cd" * 32, "on": True}):
        with pytest.raises(MalformedError):
            bodies.MemberBody.check(bad_member, author)
    report = bodies.ReportBody.check({"subject": "ef" * 32, "act": "ran a red light", "agency": "transport"}, author)
    assert report.agency == "transport" and report.to_json()["agency"] == "transport"
    with pytest.raises(MalformedError, match="agency must be"):
        bodies.ReportBody.check({"subject": "ef" * 32, "act": "x", "agency": "Transport Bureau"}, author)
