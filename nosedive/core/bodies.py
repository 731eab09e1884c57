"""Message bodies: what each known type carries, checked on arrival and read as typed values.

Each known type has a frozen dataclass here, registered in :data:`BODY_TYPES`:

- ``check(body, author)`` validates a received body (``messages.decode`` calls it through
  :func:`check_body`, before the signature) and returns the typed value;
- ``from_json(body)`` reads a body that was already validated (no checks);
- ``to_json()`` gives back the JSON object, equal to the one it was read from.

Unknown (future) types — reports, appeals, groups… — are stored and relayed, not interpreted:
they have no class here, and :func:`check_body` and :func:`typed_body` return None for them.
"""
from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, Self

from nosedive.core import images, keys, text
from nosedive.core.errors import MalformedError, OversizeError, SelfRatingError, StarsOutOfRangeError
from nosedive.core.policy import Policy, parse_policy, validate_policy

MAX_AVATAR_BYTES = 32 * 1024
MAX_NAME_CHARS = 40
MAX_ROOM_NAME_CHARS = 60
MAX_NOTE_CHARS = 280
_HEX = frozenset("0123456789abcdef")


# --------------------------------------------------------------------------- shared checks

def check_text(value: Any, name: str, max_chars: int, allow_empty: bool = False) -> str:
    """*value* if it is plain visible text of at most *max_chars* characters (see :mod:`nosedive.core.text`)."""
    return text.check_text(value, name, max_chars, allow_empty)


def _check_keys(body: Mapping[str, Any], required: frozenset[str], allowed: frozenset[str]) -> None:
    present = body.keys()
    if not (required <= present and present <= allowed):
        optional = sorted(allowed - required)
        raise MalformedError(
            f"body must have keys {sorted(required)}" + (f" and may have {optional}" if optional else "")
        )


def _check_subject(value: Any) -> str:
    if not isinstance(value, str):
        raise MalformedError("subject must be a hex key")
    keys.public_key(value)
    return value


def _check_policy(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise MalformedError("policy must be an object")
    validate_policy(value)
    return value


# --------------------------------------------------------------------------- the known types

@dataclass(frozen=True, slots=True)
class RoomBody:
    """The genesis of a room: its name, its rules, and a nonce that makes its id unique."""

    TYPE: ClassVar[str] = "room"
    KEYS: ClassVar[frozenset[str]] = frozenset({"name", "policy", "nonce"})

    name: str
    policy: Mapping[str, Any] = field(hash=False)  # the policy JSON exactly as signed
    nonce: str  # 32 hex characters

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> RoomBody:
        _check_keys(body, cls.KEYS, cls.KEYS)
        name = check_text(body["name"], "room name", MAX_ROOM_NAME_CHARS)
        nonce = body["nonce"]
        if not (isinstance(nonce, str) and len(nonce) == 32 and _HEX.issuperset(nonce)):
            raise MalformedError("room nonce must be 32 hex characters")
        return cls(name, _check_policy(body["policy"]), nonce)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> RoomBody:
        return cls(body["name"], body["policy"], body["nonce"])

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "policy": dict(self.policy), "nonce": self.nonce}

    def parsed_policy(self) -> Policy:
        return parse_policy(self.policy)


@dataclass(frozen=True, slots=True)
class PolicyBody:
    """The facilitator's new rules for the room."""

    TYPE: ClassVar[str] = "policy"
    KEYS: ClassVar[frozenset[str]] = frozenset({"policy"})

    policy: Mapping[str, Any] = field(hash=False)  # the policy JSON exactly as signed

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> PolicyBody:
        _check_keys(body, cls.KEYS, cls.KEYS)
        return cls(_check_policy(body["policy"]))

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> PolicyBody:
        return cls(body["policy"])

    def to_json(self) -> dict[str, Any]:
        return {"policy": dict(self.policy)}

    def parsed_policy(self) -> Policy:
        return parse_policy(self.policy)


@dataclass(frozen=True, slots=True)
class ProfileBody:
    """A display name and, optionally, an avatar image (canonical base64)."""

    TYPE: ClassVar[str] = "profile"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"name"})
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"name", "avatar"})

    name: str
    avatar: str | None = None  # None: the key is absent (an empty string is a present, empty avatar)

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> ProfileBody:
        _check_keys(body, cls.REQUIRED, cls.ALLOWED)
        name = check_text(body["name"], "display name", MAX_NAME_CHARS)
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
        if image:
            images.image_info(image)  # PNG or JPEG of bounded size, or refused before any decoder sees it
        return cls(name, avatar if "avatar" in body else None)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> ProfileBody:
        return cls(body["name"], body.get("avatar"))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name} | ({} if self.avatar is None else {"avatar": self.avatar})

    @property
    def avatar_image(self) -> bytes:
        """The avatar's bytes (empty when there is none)."""
        return base64.b64decode(self.avatar or "")


@dataclass(frozen=True, slots=True)
class RateBody:
    """One to five stars for someone else, with an optional short note."""

    TYPE: ClassVar[str] = "rate"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"subject", "stars"})
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"subject", "stars", "note"})

    subject: str  # hex key of the person rated
    stars: int  # 1..5
    note: str | None = None  # None: no note (an empty string is a present, empty note)

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> RateBody:
        _check_keys(body, cls.REQUIRED, cls.ALLOWED)
        subject = _check_subject(body["subject"])
        stars = body["stars"]
        if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
            raise StarsOutOfRangeError(f"stars must be a whole number from 1 to 5, got {stars!r}")
        if subject == author:
            raise SelfRatingError("nobody may rate themselves")
        note = check_text(body["note"], "note", MAX_NOTE_CHARS, allow_empty=True) if "note" in body else None
        return cls(subject, stars, note)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> RateBody:
        return cls(body["subject"], body["stars"], body.get("note"))

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "stars": self.stars} | ({} if self.note is None else {"note": self.note})


@dataclass(frozen=True, slots=True)
class FriendBody:
    """A declared friendship with someone else (``on``) or its end."""

    TYPE: ClassVar[str] = "friend"
    KEYS: ClassVar[frozenset[str]] = frozenset({"subject", "on"})

    subject: str  # hex key of the friend
    on: bool

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> FriendBody:
        _check_keys(body, cls.KEYS, cls.KEYS)
        subject = _check_subject(body["subject"])
        on = body["on"]
        if not isinstance(on, bool):
            raise MalformedError("friend 'on' must be true or false")
        if subject == author:
            raise SelfRatingError("nobody may befriend themselves")
        return cls(subject, on)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> FriendBody:
        return cls(body["subject"], body["on"])

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "on": self.on}


@dataclass(frozen=True, slots=True)
class _Verdict:
    """The facilitator's verdict about one other person (:class:`AdmitBody`, :class:`ExpelBody`)."""

    TYPE: ClassVar[str]
    KEYS: ClassVar[frozenset[str]] = frozenset({"subject"})

    subject: str  # hex key of the person the verdict is about

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> Self:
        _check_keys(body, cls.KEYS, cls.KEYS)
        subject = _check_subject(body["subject"])
        if subject == author:
            raise MalformedError(f"the facilitator is always in the room: nobody may {cls.TYPE} themselves")
        return cls(subject)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> Self:
        return cls(body["subject"])

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject}


@dataclass(frozen=True, slots=True)
class AdmitBody(_Verdict):
    """The facilitator lets someone in (in an ``admit`` room) or takes back an expulsion."""

    TYPE: ClassVar[str] = "admit"


@dataclass(frozen=True, slots=True)
class ExpelBody(_Verdict):
    """The facilitator puts someone out: none of their messages count, and nodes refuse their connections."""

    TYPE: ClassVar[str] = "expel"


Body = RoomBody | PolicyBody | ProfileBody | RateBody | FriendBody | AdmitBody | ExpelBody


class BodyType(Protocol):
    """What the table needs of a body class (the class itself, not an instance)."""

    @property
    def TYPE(self) -> str: ...

    def check(self, body: Mapping[str, Any], author: str) -> Body: ...

    def from_json(self, body: Mapping[str, Any]) -> Body: ...


# The one table of known types: a type missing here is opaque (stored and relayed, not read).
_KINDS: tuple[BodyType, ...] = (RoomBody, PolicyBody, ProfileBody, RateBody, FriendBody, AdmitBody, ExpelBody)
BODY_TYPES: Mapping[str, BodyType] = {kind.TYPE: kind for kind in _KINDS}
KNOWN_TYPES = frozenset(BODY_TYPES)


def check_body(type_: str, body: Mapping[str, Any], author: str) -> Body | None:
    """Validate the body of a received message of *type_* by *author*; None for an unknown type."""
    kind = BODY_TYPES.get(type_)
    return None if kind is None else kind.check(body, author)


def typed_body(type_: str, body: Mapping[str, Any]) -> Body | None:
    """The typed value of an already validated body; None for an unknown type."""
    kind = BODY_TYPES.get(type_)
    return None if kind is None else kind.from_json(body)
