"""The facilitator's bodies: the room's genesis, its policy, and verdicts on who is in."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from nosedive.core.bodies.checks import (
    HEX_DIGITS,
    MAX_ROOM_NAME_CHARS,
    check_keys,
    check_policy,
    check_subject,
    check_text,
)
from nosedive.core.errors import MalformedError
from nosedive.core.i18n import N_, _
from nosedive.core.policy import Policy, parse_policy


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
        check_keys(body, cls.KEYS, cls.KEYS)
        name = check_text(body["name"], N_("room name"), MAX_ROOM_NAME_CHARS)
        nonce = body["nonce"]
        if not (isinstance(nonce, str) and len(nonce) == 32 and HEX_DIGITS.issuperset(nonce)):
            raise MalformedError(_("room nonce must be 32 hex characters"))
        return cls(name, check_policy(body["policy"]), nonce)

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
        check_keys(body, cls.KEYS, cls.KEYS)
        return cls(check_policy(body["policy"]))

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> PolicyBody:
        return cls(body["policy"])

    def to_json(self) -> dict[str, Any]:
        return {"policy": dict(self.policy)}

    def parsed_policy(self) -> Policy:
        return parse_policy(self.policy)


@dataclass(frozen=True, slots=True)
class _Verdict:
    """The facilitator's verdict about one other person (:class:`AdmitBody`, :class:`ExpelBody`)."""

    TYPE: ClassVar[str]
    KEYS: ClassVar[frozenset[str]] = frozenset({"subject"})

    subject: str  # hex key of the person the verdict is about

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> Self:
        check_keys(body, cls.KEYS, cls.KEYS)
        subject = check_subject(body["subject"])
        if subject == author:
            raise MalformedError(_("the facilitator is always in the room: nobody may admit themselves")
                                 if cls.TYPE == "admit" else
                                 _("the facilitator is always in the room: nobody may expel themselves"))
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
