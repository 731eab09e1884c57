"""Signed messages: the envelope, its canonical bytes, and stateless validation.

Wire and storage form of a message: ``signature (64 bytes) || payload``. The
payload is canonical JSON (see :mod:`nosedive.core.encoding`)::

    {"author": hex key, "body": {...}, "prev": id | null, "room": id | null,
     "seq": 1.., "ts": unix ms, "type": "rate", "v": 1}

- The signature covers ``SIGN_DOMAIN || payload`` (domain-separated).
- The id is ``sha256(ID_DOMAIN || payload)``: it never depends on the signature.
- A ``room`` message is the genesis of a room: its ``room`` is null and the
  room's id is the genesis message's id. Every other message names its room.

Chain checks (seq, prev, forks) need the ledger; they live in :mod:`nosedive.ledger`.
What each type's body holds is checked in :mod:`nosedive.core.bodies` (its names are
importable from here too). Checks are ordered cheap first; the signature is verified last.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

import orjson
from cryptography.exceptions import InvalidSignature

from nosedive.core import keys
from nosedive.core.bodies import (
    KNOWN_TYPES,
    MAX_AVATAR_BYTES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_ROOM_NAME_CHARS,
    Body,
    FriendBody,
    PolicyBody,
    ProfileBody,
    RateBody,
    RoomBody,
    check_body,
    check_text,
    typed_body,
)
from nosedive.core.encoding import MAX_INT, canonical, decode_canonical
from nosedive.core.errors import BadSignatureError, FutureTimestampError, MalformedError, OversizeError
from nosedive.core.identity import Identity

__all__ = [
    "FUTURE_TOLERANCE_MS", "ID_DOMAIN", "KNOWN_TYPES", "MAX_AVATAR_BYTES", "MAX_NAME_CHARS", "MAX_NOTE_CHARS",
    "MAX_PAYLOAD_BYTES", "MAX_RAW_BYTES", "MAX_ROOM_NAME_CHARS", "MAX_TYPE_CHARS", "SIGNATURE_BYTES",
    "SIGN_DOMAIN", "VERSION", "Body", "FriendBody", "Message", "PolicyBody", "ProfileBody", "RateBody",
    "RoomBody", "check_text", "create", "create_room", "decode", "decode_trusted", "message_id", "now_ms",
    "parse", "verify",
]

VERSION = 1
SIGN_DOMAIN = b"nosedive/message/v1\x00"
ID_DOMAIN = b"nosedive/id/v1\x00"
SIGNATURE_BYTES = 64
MAX_PAYLOAD_BYTES = 64 * 1024
MAX_RAW_BYTES = SIGNATURE_BYTES + MAX_PAYLOAD_BYTES
MAX_TYPE_CHARS = 32
FUTURE_TOLERANCE_MS = 5 * 60 * 1000
ENVELOPE_KEYS = frozenset({"v", "room", "author", "seq", "prev", "ts", "type", "body"})
_ID_RE = re.compile(r"[0-9a-f]{64}")
_TYPE_RE = re.compile(r"[a-z][a-z0-9_-]{0,31}")


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

    def typed(self) -> Body | None:
        """The body as its typed value (:mod:`nosedive.core.bodies`); None for an unknown type."""
        return typed_body(self.type, self.body)


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
    """Sign a new message. It is validated exactly as a received one would be, by the clock
    it is signed with (*ts*: the signer's clock; whether peers accept it is the node's to check)."""
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
    signed_at = now_ms() if ts is None else ts
    envelope["ts"] = signed_at
    payload = canonical(envelope)
    signature = identity.sign(SIGN_DOMAIN + payload)
    return parse(signature + payload, now=signed_at)


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
    signature, payload = _split(raw)
    envelope = decode_canonical(payload)
    if not isinstance(envelope, dict) or envelope.keys() != ENVELOPE_KEYS:
        raise MalformedError(f"envelope must have exactly the keys {sorted(ENVELOPE_KEYS)}")
    if envelope["v"] != VERSION:
        raise MalformedError(f"unsupported message version {envelope['v']!r}; this node speaks {VERSION}")
    author = sys.intern(_check_author(envelope["author"]))  # one string per person, not one per message held
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
    room = _room_of(envelope["room"], type_, seq, msg_id)
    body = envelope["body"]
    if not isinstance(body, dict):
        raise MalformedError("body must be an object")
    check_body(type_, body, author)
    return Message(msg_id, payload, signature, room, author, seq, prev, ts, type_, body)


def _split(raw: bytes) -> tuple[bytes, bytes]:
    """(signature, payload) of *raw*, refusing what is too long or too short."""
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise MalformedError("a message must be bytes")
    raw = bytes(raw)
    if len(raw) > MAX_RAW_BYTES:
        raise OversizeError(f"message is {len(raw)} bytes; the limit is {MAX_RAW_BYTES}")
    if len(raw) <= SIGNATURE_BYTES:
        raise MalformedError("message is shorter than a signature")
    return raw[:SIGNATURE_BYTES], raw[SIGNATURE_BYTES:]


def _room_of(room: Any, type_: str, seq: int, msg_id: str) -> str:
    """The room a message belongs to: a genesis names none and is its own room."""
    if type_ == "room":
        if room is not None or seq != 1:
            raise MalformedError("a room genesis must have room null and seq 1")
        return msg_id
    if not _is_id(room):
        raise MalformedError("room must be a room id (64 hex characters)")
    return room


def verify(message: Message) -> None:
    try:
        keys.public_key(message.author).verify(message.signature, SIGN_DOMAIN + message.payload)
    except InvalidSignature:
        raise BadSignatureError(
            f"signature does not match message {message.id[:12]} by {keys.fingerprint(message.author)}"
        ) from None


# --------------------------------------------------------------------------- field checks

def _is_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _ID_RE.fullmatch(value) is not None


def _check_int(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_INT:
        raise MalformedError(f"{name} must be an integer from {minimum} to 2^53 - 1")
    return value


def _check_type(value: Any) -> str:
    if not isinstance(value, str) or not _TYPE_RE.fullmatch(value):
        raise MalformedError("type must be 1-32 lower-case letters, digits, '-' or '_'")
    return value


def _check_author(value: Any) -> str:
    if not isinstance(value, str):
        raise MalformedError("author must be a hex key")
    keys.public_key(value)
    return value


def decode_trusted(raw: bytes, msg_id: str | None = None) -> Message:
    """Rebuild a message from bytes this ledger already validated (no checks)."""
    payload = raw[SIGNATURE_BYTES:]
    env = orjson.loads(payload)  # validated bytes: canonical, no floats, so both parsers agree; orjson ~3x faster
    msg_id = msg_id or message_id(payload)
    room = msg_id if env["type"] == "room" else env["room"]
    return Message(
        msg_id, payload, raw[:SIGNATURE_BYTES], room, sys.intern(env["author"]), env["seq"],
        env["prev"], env["ts"], env["type"], env["body"],
    )
