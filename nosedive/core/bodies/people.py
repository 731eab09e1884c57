"""What people say: their profile, their ratings of others, and friendships."""
from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from nosedive.core import images
from nosedive.core.bodies.checks import (
    MAX_AVATAR_BYTES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    check_keys,
    check_subject,
    check_text,
)
from nosedive.core.errors import MalformedError, OversizeError, SelfRatingError, StarsOutOfRangeError
from nosedive.core.i18n import N_, _


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
        check_keys(body, cls.REQUIRED, cls.ALLOWED)
        name = check_text(body["name"], N_("display name"), MAX_NAME_CHARS)
        avatar = body.get("avatar", "")
        if not isinstance(avatar, str):
            raise MalformedError(_("avatar must be base64 text"))
        if len(avatar) > (MAX_AVATAR_BYTES + 2) // 3 * 4:
            raise OversizeError(_("avatar is larger than {limit} KiB; use a smaller image").format(
                limit=MAX_AVATAR_BYTES // 1024))
        try:
            image = base64.b64decode(avatar, validate=True)
        except ValueError:
            raise MalformedError(_("avatar is not valid base64")) from None
        if base64.b64encode(image).decode() != avatar:
            raise MalformedError(_("avatar base64 is not canonical"))
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
        check_keys(body, cls.REQUIRED, cls.ALLOWED)
        subject = check_subject(body["subject"])
        stars = body["stars"]
        if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
            raise StarsOutOfRangeError(_("stars must be a whole number from 1 to 5, got {stars!r}").format(stars=stars))
        if subject == author:
            raise SelfRatingError(_("nobody may rate themselves"))
        note = check_text(body["note"], N_("note"), MAX_NOTE_CHARS, allow_empty=True) if "note" in body else None
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
        check_keys(body, cls.KEYS, cls.KEYS)
        subject = check_subject(body["subject"])
        on = body["on"]
        if not isinstance(on, bool):
            raise MalformedError(_("friend 'on' must be true or false"))
        if subject == author:
            raise SelfRatingError(_("nobody may befriend themselves"))
        return cls(subject, on)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> FriendBody:
        return cls(body["subject"], body["on"])

    def to_json(self) -> dict[str, Any]:
        return {"subject": self.subject, "on": self.on}
