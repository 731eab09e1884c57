"""The facilitator's ``round`` message: start, pause, resume or end rating, with an optional countdown."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from nosedive.core.bodies.checks import check_keys
from nosedive.core.errors import MalformedError
from nosedive.core.i18n import _

ROUND_ACTIONS = ("start", "pause", "resume", "end")
TIMED_ACTIONS = ("start", "resume")  # the actions that may set a countdown
MAX_ROUND_MINUTES = 240


@dataclass(frozen=True, slots=True)
class RoundBody:
    """``start`` opens a new round, ``pause``/``resume`` close and reopen it, ``end`` closes it.

    *minutes* (on ``start`` or ``resume`` only) closes rating that many minutes after the
    message's own timestamp (``docs/scoring.md``, "Rounds").
    """

    TYPE: ClassVar[str] = "round"
    REQUIRED: ClassVar[frozenset[str]] = frozenset({"action"})
    ALLOWED: ClassVar[frozenset[str]] = frozenset({"action", "minutes"})

    action: str
    minutes: int | None = None  # None: the key is absent (no countdown)

    @classmethod
    def check(cls, body: Mapping[str, Any], author: str) -> RoundBody:
        check_keys(body, cls.REQUIRED, cls.ALLOWED)
        action = body["action"]
        if action not in ROUND_ACTIONS:
            raise MalformedError(_("round action must be one of {actions}, not {action!r}").format(
                actions=", ".join(ROUND_ACTIONS), action=action))
        minutes = body.get("minutes")
        if "minutes" in body:
            if action not in TIMED_ACTIONS:
                raise MalformedError(_("only {actions} may set a countdown, not {action}").format(
                actions=" and ".join(TIMED_ACTIONS), action=action))
            if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_ROUND_MINUTES:
                raise MalformedError(_("round minutes must be a whole number from 1 to {most}").format(
                    most=MAX_ROUND_MINUTES))
        return cls(action, minutes)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> RoundBody:
        return cls(body["action"], body.get("minutes"))

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action} | ({} if self.minutes is None else {"minutes": self.minutes})
