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

from collections.abc import Mapping
from typing import Any, Protocol

from nosedive.core.bodies.announce import MAX_ANNOUNCEMENT_CHARS, AnnounceBody
from nosedive.core.bodies.checks import (
    MAX_AVATAR_BYTES,
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_ROOM_NAME_CHARS,
    check_keys,
    check_policy,
    check_subject,
    check_text,
)
from nosedive.core.bodies.groups import GroupBody, MemberBody
from nosedive.core.bodies.people import FriendBody, ProfileBody, RateBody
from nosedive.core.bodies.records import AppealBody, ConfirmBody, PenaltyBody, ReportBody, RoleBody, RulingBody
from nosedive.core.bodies.room import AdmitBody, ExpelBody, PolicyBody, RoomBody
from nosedive.core.bodies.round import MAX_ROUND_MINUTES, ROUND_ACTIONS, RoundBody

__all__ = [
    "MAX_ANNOUNCEMENT_CHARS", "MAX_ROUND_MINUTES", "ROUND_ACTIONS", "AnnounceBody", "RoundBody",
    "BODY_TYPES", "KNOWN_TYPES", "MAX_AVATAR_BYTES", "MAX_NAME_CHARS", "MAX_NOTE_CHARS", "MAX_ROOM_NAME_CHARS",
    "AdmitBody", "Body", "BodyType", "ExpelBody", "FriendBody", "PolicyBody", "ProfileBody", "RateBody",
    "AppealBody", "ConfirmBody", "PenaltyBody", "ReportBody", "RoleBody", "RulingBody",
    "GroupBody", "MemberBody",
    "RoomBody", "check_body", "check_keys", "check_policy", "check_subject", "check_text", "typed_body",
]


Body = (RoomBody | PolicyBody | ProfileBody | RateBody | FriendBody | AdmitBody | ExpelBody
        | RoundBody | AnnounceBody
        | ReportBody | RoleBody | ConfirmBody | AppealBody | RulingBody | PenaltyBody | GroupBody | MemberBody)


class BodyType(Protocol):
    """What the table needs of a body class (the class itself, not an instance)."""

    @property
    def TYPE(self) -> str: ...

    def check(self, body: Mapping[str, Any], author: str) -> Body: ...

    def from_json(self, body: Mapping[str, Any]) -> Body: ...


# The one table of known types: a type missing here is opaque (stored and relayed, not read).
_KINDS: tuple[BodyType, ...] = (RoomBody, PolicyBody, ProfileBody, RateBody, FriendBody, AdmitBody, ExpelBody,
                                RoundBody, AnnounceBody,
                                ReportBody, RoleBody, ConfirmBody, AppealBody, RulingBody, PenaltyBody,
                                GroupBody, MemberBody)
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
