"""Signed messages: the envelope, its canonical bytes, and stateless validation.

Wire and storage form of a message: ``signature (64 bytes) || payload``. The
payload is canonical JSON (see :mod:`nosedive.encoding`)::

    {"author": hex key, "body": {...}, "prev": id | null, "room": id | null,
     "seq": 1.., "ts": unix ms, "type": "rate", "v": 1}

- The signature covers ``SIGN_DOMAIN || payload`` (domain-separated).
- The id is ``sha256(ID_DOMAIN || payload)``: it never depends on the signature.
- A ``room`` message is the genesis of a room: its ``room`` is null and the
  room's id is the genesis message's id. Every other message names its room.

Chain checks (seq, prev, forks) need the ledger; they live in :mod:`ledger`.
Checks here are ordered cheap first; the signature is verified last.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature

from nosedive.core import keys
from nosedive.core.encoding import MAX_INT, canonical, decode_canonical
from nosedive.core.errors import (
    BadSignatureError,
    FutureTimestampError,
    MalformedError,
    OversizeError,
    SelfRatingError,
    StarsOutOfRangeError,
)
from nosedive.core.identity import Identity

VERSION = 1
SIGN_DOMAIN = b"nosedive/message/v1\x00"
ID_DOMAIN = b"nosedive/id/v1\x00"
SIGNATURE_BYTES = 64
MAX_PAYLOAD_BYTES = 64 * 1024
MAX_RAW_BYTES = SIGNATURE_BYTES + MAX_PAYLOAD_BYTES
MAX_AVATAR_BYTES = 32 * 1024
MAX_NAME_CHARS = 40
MAX_ROOM_NAME_CHARS = 60
MAX_NOTE_CHARS = 280
MAX_TYPE_CHARS = 32
FUTURE_TOLERANCE_MS = 5 * 60 * 1000
ENVELOPE_KEYS = frozenset({"v", "room", "author", "seq", "prev", "ts", "type", "body"})
KNOWN_TYPES = frozenset({"room", "policy", "profile", "rate", "friend"})
_HEX = frozenset("0123456789abcdef")
_ID_RE = re.compile(r"[0-9a-f]{64}")
_TYPE_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Message:
    """A decoded message. ``body`` must be treated as read-only."""

    id: str
    payload: bytes
    signature: bytes
    room: str
    author: str
    seq: int
    prev: str | None
    ts: int
    type: str
    body: Mapping[str, Any]

    @property
    def raw(self) -> bytes:
        return self.signature + self.payload

    @property
    def is_genesis(self) -> bool:
        return self.type == "room"


def message_id(payload: bytes) -> str:
    return hashlib.sha256(ID_DOMAIN + payload).hexdigest()


def now_ms() -> int:
    return time.time_ns() // 1_000_000


# --------------------------------------------------------------------------- creating

def create(
    identity: Identity,
    *,
    room: str | None,
    seq: int,
    prev: str | None,
    type: str,
    body: Mapping[str, Any],
    ts: int | None = None,
) -> Message:
    """Sign a new message. It is validated exactly as a received one would be."""
    envelope = {
        "v": VERSION,
        "room": room,
        "author": identity.public_hex,
        "seq": seq,
        "prev": prev,
        "ts": now_ms() if ts is None else ts,
        "type": type,
        "body": dict(body),
    }
    payload = canonical(envelope)
    signature = identity.sign(SIGN_DOMAIN + payload)
    return parse(signature + payload)


def create_room(identity: Identity, name: str, policy: Mapping[str, Any], ts: int | None = None) -> Message:
    """The genesis message of a new room, with *identity* as its facilitator."""
    body = {"name": name, "policy": dict(policy), "nonce": os.urandom(16).hex()}
    return create(identity, room=None, seq=1, prev=None, type="room", body=body, ts=ts)


# --------------------------------------------------------------------------- reading

def parse(raw: bytes, *, now: int | None = None) -> Message:
    """Decode and fully validate *raw* (signature included)."""
    message = decode(raw, now=now)
    verify(message)
    return message


def decode(raw: bytes, *, now: int | None = None) -> Message:
    """Decode and validate everything but the signature (the expensive part)."""
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise MalformedError("a message must be bytes")
    raw = bytes(raw)
    if len(raw) > MAX_RAW_BYTES:
        raise OversizeError(f"message is {len(raw)} bytes; the limit is {MAX_RAW_BYTES}")
    if len(raw) <= SIGNATURE_BYTES:
        raise MalformedError("message is shorter than a signature")
    signature, payload = raw[:SIGNATURE_BYTES], raw[SIGNATURE_BYTES:]
    envelope = decode_canonical(payload)
    if not isinstance(envelope, dict) or envelope.keys() != ENVELOPE_KEYS:
        raise MalformedError(f"envelope must have exactly the keys {sorted(ENVELOPE_KEYS)}")
    if envelope["v"] != VERSION:
        raise MalformedError(f"unsupported message version {envelope['v']!r}; this node speaks {VERSION}")
    author = envelope["author"]
    keys.public_key(author) if isinstance(author, str) else _bad("author must be a hex key")
    type_ = _check_type(envelope["type"])
    seq = _check_int(envelope["seq"], "seq", 1)
    ts = _check_int(envelope["ts"], "ts", 0)
    if ts > (now_ms() if now is None else now) + FUTURE_TOLERANCE_MS:
        raise FutureTimestampError(
            f"timestamp is {ts}, more than 5 minutes ahead of this clock; check the sender's clock"
        )
    prev = envelope["prev"]
    if not ((seq == 1 and prev is None) or (seq > 1 and _is_id(prev))):
        raise MalformedError("prev must be null at seq 1 and a message id after it")
    msg_id = message_id(payload)
    room = envelope["room"]
    if type_ == "room":
        if room is not None or seq != 1:
            raise MalformedError("a room genesis must have room null and seq 1")
        room = msg_id
    elif not _is_id(room):
        raise MalformedError("room must be a room id (64 hex characters)")
    body = envelope["body"]
    if not isinstance(body, dict):
        raise MalformedError("body must be an object")
    _BODY_CHECKS.get(type_, _check_unknown)(body, author)
    return Message(msg_id, payload, signature, room, author, seq, prev, ts, type_, body)


def verify(message: Message) -> None:
    try:
        keys.public_key(message.author).verify(message.signature, SIGN_DOMAIN + message.payload)
    except InvalidSignature:
        raise BadSignatureError(
            f"signature does not match message {message.id[:12]} by {keys.fingerprint(message.author)}"
        ) from None


# --------------------------------------------------------------------------- field checks

def _bad(text: str) -> Any:
    raise MalformedError(text)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and _ID_RE.fullmatch(value) is not None


def _check_int(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_INT:
        raise MalformedError(f"{name} must be an integer from {minimum} to 2^53 - 1")
    return value


def _check_type(value: Any) -> str:
    if not isinstance(value, str) or not _TYPE_RE.fullmatch(value):
        raise MalformedError("type must be 1-32 lower-case letters, digits, '-' or '_'")
    return value


def _check_keys(body: Mapping[str, Any], required: frozenset[str], allowed: frozenset[str]) -> None:
    present = body.keys()
    if not (required <= present and present <= allowed):
        optional = sorted(allowed - required)
        raise MalformedError(
            f"body must have keys {sorted(required)}" + (f" and may have {optional}" if optional else "")
        )


def _keyset(*names: str) -> frozenset[str]:
    return frozenset(names)


def check_text(value: Any, name: str, max_chars: int, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise MalformedError(f"{name} must be text")
    if not allow_empty and not value.strip():
        raise MalformedError(f"{name} must not be empty")
    if len(value) > max_chars:
        raise MalformedError(f"{name} is {len(value)} characters; the limit is {max_chars}")
    if _CONTROL_RE.search(value):
        raise MalformedError(f"{name} must not contain control characters")
    return value


def _check_subject(body: Mapping[str, Any], author: str) -> None:
    subject = body["subject"]
    if not isinstance(subject, str):
        raise MalformedError("subject must be a hex key")
    keys.public_key(subject)


_ROOM_KEYS = _keyset("name", "policy", "nonce")
_POLICY_KEYS = _keyset("policy")
_PROFILE_REQUIRED, _PROFILE_ALLOWED = _keyset("name"), _keyset("name", "avatar")
_RATE_REQUIRED, _RATE_ALLOWED = _keyset("subject", "stars"), _keyset("subject", "stars", "note")
_FRIEND_KEYS = _keyset("subject", "on")


def _check_room(body: Mapping[str, Any], author: str) -> None:
    _check_keys(body, _ROOM_KEYS, _ROOM_KEYS)
    check_text(body["name"], "room name", MAX_ROOM_NAME_CHARS)
    if not (isinstance(body["nonce"], str) and len(body["nonce"]) == 32 and _HEX.issuperset(body["nonce"])):
        raise MalformedError("room nonce must be 32 hex characters")
    _check_policy_value(body["policy"])


def _check_policy(body: Mapping[str, Any], author: str) -> None:
    _check_keys(body, _POLICY_KEYS, _POLICY_KEYS)
    _check_policy_value(body["policy"])


def _check_policy_value(value: Any) -> None:
    from nosedive.core.policy import validate_policy  # the policy module owns its own format

    if not isinstance(value, dict):
        raise MalformedError("policy must be an object")
    validate_policy(value)


def _check_profile(body: Mapping[str, Any], author: str) -> None:
    _check_keys(body, _PROFILE_REQUIRED, _PROFILE_ALLOWED)
    check_text(body["name"], "display name", MAX_NAME_CHARS)
    avatar = body.get("avatar", "")
    if not isinstance(avatar, str):
        raise MalformedError("avatar must be base64 text")
    if len(avatar) > (MAX_AVATAR_BYTES + 2) // 3 * 4:
        raise OversizeError(f"avatar is larger than {MAX_AVATAR_BYTES // 1024} KiB; use a smaller image")
    try:
        image = base64.b64decode(avatar, validate=True)
    except ValueError:
        raise MalformedError("avatar is not valid base64") from None
    if base64.b64encode(image).decode() != avatar:
        raise MalformedError("avatar base64 is not canonical")


def _check_rate(body: Mapping[str, Any], author: str) -> None:
    _check_keys(body, _RATE_REQUIRED, _RATE_ALLOWED)
    _check_subject(body, author)
    stars = body["stars"]
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise StarsOutOfRangeError(f"stars must be a whole number from 1 to 5, got {stars!r}")
    if body["subject"] == author:
        raise SelfRatingError("nobody may rate themselves")
    if "note" in body:
        check_text(body["note"], "note", MAX_NOTE_CHARS, allow_empty=True)


def _check_friend(body: Mapping[str, Any], author: str) -> None:
    _check_keys(body, _FRIEND_KEYS, _FRIEND_KEYS)
    _check_subject(body, author)
    if not isinstance(body["on"], bool):
        raise MalformedError("friend 'on' must be true or false")
    if body["subject"] == author:
        raise SelfRatingError("nobody may befriend themselves")


def _check_unknown(body: Mapping[str, Any], author: str) -> None:
    """Future types (reports, appeals, groups…) are stored and relayed, not interpreted."""


_BODY_CHECKS = {
    "room": _check_room,
    "policy": _check_policy,
    "profile": _check_profile,
    "rate": _check_rate,
    "friend": _check_friend,
}


def decode_trusted(raw: bytes, msg_id: str | None = None) -> Message:
    """Rebuild a message from bytes this ledger already validated (no checks)."""
    import json

    payload = raw[SIGNATURE_BYTES:]
    env = json.loads(payload)
    msg_id = msg_id or message_id(payload)
    room = msg_id if env["type"] == "room" else env["room"]
    return Message(
        msg_id, payload, raw[:SIGNATURE_BYTES], room, env["author"], env["seq"],
        env["prev"], env["ts"], env["type"], env["body"],
    )
