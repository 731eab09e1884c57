"""The facilitator's ``announce`` message: a line of plain text shown to everyone in the room."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from nosedive.core.bodies.checks import check_keys, check_text
from nosedive.core.i18n import N_

MAX_ANNOUNCEMENT_CHARS = 280


@dataclass(frozen=True, slots=True)
class AnnounceBody:
    """Plain visible text (the rules of :mod:`nosedive.core.text`), at most 280 characters."""

    TYPE: ClassVar[str] = "announce"
    KEYS: ClassVar[frozenset[str]] = frozenset({"text"})

    text: str

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> AnnounceBody:
        check_keys(body, cls.KEYS, cls.KEYS)
        return cls(check_text(body["text"], N_("announcement"), MAX_ANNOUNCEMENT_CHARS))

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> AnnounceBody:
        return cls(body["text"])

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text}
