"""Bodies of groups (issue 16): a ``group`` founds one, a ``member`` message says someone is in or out.

A group is named by the id of the ``group`` message that founded it; its author owns it. Who may
found which kind, and whose ``member`` messages count (the owner's add, the member's own consent),
is decided when scoring (the room's policy), not here: a body only has to be well formed.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from nosedive.core.bodies.checks import HEX_DIGITS, check_keys, check_subject, check_text
from nosedive.core.errors import MalformedError
from nosedive.core.i18n import _
from nosedive.core.policy_acts import ROLE_NAME

MAX_GROUP_NAME_CHARS = 60


def check_group(value: Any, name: str = "group") -> str:
    if not (isinstance(value, str) and len(value) == 64 and HEX_DIGITS.issuperset(value)):
        raise MalformedError(_("{name} must be the 64-hex id of a group message").format(name=name))
    return value


@dataclass(frozen=True, slots=True)
class GroupBody:
    """Someone founds a group of a kind of the policy (a family, an employer, a vehicle)."""

    TYPE: ClassVar[str] = "group"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"kind", "name"})
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"kind", "name", "parent"})

    kind: str
    name: str
    parent: str = ""  # the id of the group this one belongs to (a vehicle's company)

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> GroupBody:
        check_keys(body, cls.REQUIRED, cls.ALLOWED)
        kind = body["kind"]
        if not isinstance(kind, str) or not ROLE_NAME.fullmatch(kind):
            raise MalformedError(_("kind must be 1-24 lowercase letters, digits or dashes, starting with a letter"))
        parent = check_group(body["parent"], "parent") if "parent" in body else ""
        return cls(kind, check_text(body["name"], "name", MAX_GROUP_NAME_CHARS), parent)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> GroupBody:
        return cls(body["kind"], body["name"], body.get("parent", ""))

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name} | ({"parent": self.parent} if self.parent else {})


@dataclass(frozen=True, slots=True)
class MemberBody:
    """The owner adds (on) or removes (off) someone; or a person joins (on) or leaves (off) themselves."""

    TYPE: ClassVar[str] = "member"
    KEYS: ClassVar[frozenset[str]] = frozenset({"group", "subject", "on"})

    group: str
    subject: str
    on: bool

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> MemberBody:
        check_keys(body, cls.KEYS, cls.KEYS)
        if not isinstance(body["on"], bool):
            raise MalformedError(_("on must be true or false"))
        return cls(check_group(body["group"]), check_subject(body["subject"]), body["on"])

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> MemberBody:
        return cls(body["group"], body["subject"], body["on"])

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "subject": self.subject, "on": self.on}
