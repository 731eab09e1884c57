"""The facilitator's commands — rounds, announcements, rule changes — and the rating guard.

Each command signs one facilitator-only message (refused by every ledger from anyone else);
what it does to scores is the score engine's rule (``docs/scoring.md``, "Rounds"). Here the node
refuses, with a sentence saying why, what would sign nothing useful: a pause when nothing runs,
a rating while rating is closed (it would count on no node).
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from nosedive.core.bodies import MAX_ANNOUNCEMENT_CHARS, MAX_ROUND_MINUTES
from nosedive.core.errors import UsageError
from nosedive.core.i18n import N_, _
from nosedive.core.policy import parse_policy
from nosedive.core.text import normalise
from nosedive.node.replication import Replication, facilitator_view
from nosedive.room.snapshot import RoundInfo
from nosedive.room.view import RoomView

log = logging.getLogger("nosedive.node")

# action -> (the states it may follow, what to say otherwise)
ALLOWED = {
    "start": (("not-started", "ended"), N_("round {n} is still {state}: end it before starting the next")),
    "pause": (("running",), N_("no round is running, so there is nothing to pause")),
    "resume": (("paused",), N_("no round is paused, so there is nothing to resume")),
    "end": (("running", "paused"), N_("no round is running or paused, so there is nothing to end")),
}
STATE_WORDS = (N_("running"), N_("paused"))  # what a refusal says a round still is: marked for the catalogue


class Facilitator:
    """Signs the facilitator's round, announce and policy messages; refuses ratings while rating is closed."""

    def __init__(self, identity_key: str, room: Replication) -> None:
        self._me, self._room = identity_key, room

    def _view(self, action: str) -> RoomView:
        return facilitator_view(self._room, self._me, action)

    def round(self, action: str, minutes: int | None = None) -> RoundInfo:
        """Sign a ``round`` message; returns the round as it stands right after."""
        view = self._view(_("start, pause or end rounds"))
        states, refusal = ALLOWED[action]
        now = view.round_now()
        if now.state not in states:
            raise UsageError(_(refusal).format(n=now.number, state=_(now.state)))
        body: dict[str, object] = {"action": action}
        if minutes is not None:
            if action not in ("start", "resume") or not 1 <= minutes <= MAX_ROUND_MINUTES:
                raise UsageError(_("a countdown goes with start or resume, from 1 to {most} minutes").format(
                    most=MAX_ROUND_MINUTES))
            body["minutes"] = minutes
        self._room.append("round", body)
        after = view.round_now()
        log.info("round %d: %s", after.number, action)
        return after

    def announce(self, text: str) -> str:
        """Sign an announcement of *text* (normalised as typed text is); returns what was signed."""
        self._view(_("make announcements"))
        shown = normalise(text)
        if not shown:
            raise UsageError(_("an announcement needs something visible to say"))
        if len(shown) > MAX_ANNOUNCEMENT_CHARS:
            raise UsageError(_("an announcement is at most {most} characters; this one has {count}").format(
                most=MAX_ANNOUNCEMENT_CHARS, count=len(shown)))
        self._room.append("announce", {"text": shown})
        return shown

    def change_policy(self, policy: Mapping[str, Any]) -> bool:
        """Sign *policy* as the room's new rules; False (nothing signed) when they are the rules already."""
        view = self._view(_("change its policy"))
        new = parse_policy(policy)  # a clear MalformedError before anything is signed
        if new.digest == view.engine.policy.digest:
            return False
        self._room.append("policy", {"policy": dict(policy)})
        return True

    def check_rating_open(self) -> None:
        """Refuse to sign a rating that would count on no node, saying why and what to wait for."""
        view = self._room.view
        if view is not None:
            now = view.round_now()
            if not now.rating_open:
                raise UsageError(now.reason)


class FacilitatorCommands:
    """The facilitator's commands on the node's face (:class:`~nosedive.node.node.Node` inherits them).

    Each delegates to the node's :class:`Facilitator` part; all are refused with a clear
    :class:`NotFacilitatorError` to anyone but the room's facilitator.
    """

    _facilitator: Facilitator

    async def start_round(self, minutes: int | None = None) -> RoundInfo:
        """Open rating for a new round, closing after *minutes* if given."""
        return self._facilitator.round("start", minutes)

    async def pause_round(self) -> RoundInfo:
        """Close rating until resumed: ratings signed meanwhile count on no node."""
        return self._facilitator.round("pause")

    async def resume_round(self, minutes: int | None = None) -> RoundInfo:
        """Reopen the paused round (a new countdown if *minutes* is given, else the round's own)."""
        return self._facilitator.round("resume", minutes)

    async def end_round(self) -> RoundInfo:
        return self._facilitator.round("end")

    async def announce(self, text: str) -> str:
        """Tell the room *text* (plain, at most 280 characters); returns what was signed."""
        return self._facilitator.announce(text)

    async def change_policy(self, policy: Mapping[str, Any]) -> bool:
        """Sign new rules for the room (every node re-scores); False when they are the rules already."""
        return self._facilitator.change_policy(policy)
