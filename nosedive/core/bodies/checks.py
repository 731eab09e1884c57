"""Checks shared by every body type: keys present, subjects, texts, embedded policies."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nosedive.core import keys, text
from nosedive.core.errors import MalformedError
from nosedive.core.i18n import _
from nosedive.core.policy import validate_policy

MAX_AVATAR_BYTES = 32 * 1024
MAX_NAME_CHARS = 40
MAX_ROOM_NAME_CHARS = 60
MAX_NOTE_CHARS = 280
HEX_DIGITS = frozenset("0123456789abcdef")


# --------------------------------------------------------------------------- shared checks

def check_text(value: Any, name: str, max_chars: int, allow_empty: bool = False) -> str:
    """*value* if it is plain visible text of at most *max_chars* characters (see :mod:`nosedive.core.text`)."""
    return text.check_text(value, name, max_chars, allow_empty)


def check_keys(body: Mapping[str, Any], required: frozenset[str], allowed: frozenset[str]) -> None:
    present = body.keys()
    if not (required <= present and present <= allowed):
        optional = sorted(allowed - required)
        raise MalformedError(
            (_("body must have keys {required} and may have {optional}") if optional else
             _("body must have keys {required}")).format(required=sorted(required), optional=optional)
        )


def check_subject(value: Any) -> str:
    if not isinstance(value, str):
        raise MalformedError(_("subject must be a hex key"))
    keys.public_key(value)
    return value


def check_policy(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise MalformedError(_("policy must be an object"))
    validate_policy(value)
    return value
