"""The facilitator's messages as the room shows them: feed sentences, announcements, rounds now.

What counts is decided by the score engine (:mod:`nosedive.scoring.rounds`); this module only
puts it in words for the feed (``FeedItem.detail``), keeps the latest announcements, and says
whether rating is open *now* (:func:`round_info`) — the one place a clock is read, for screens
and for refusing to sign, never for a score.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from nosedive.core.errors import NosediveError
from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.core.policy import Policy, default_policy, parse_policy
from nosedive.room.snapshot import Announcement, RoundInfo
from nosedive.scoring.changes import describe_change
from nosedive.scoring.rounds import Rounds

ANNOUNCEMENT_LIMIT = 20
Namer = Callable[[str], str]


def round_info(rounds: Rounds, policy: Policy, now: int) -> RoundInfo:
    """The rounds at *now* (unix ms), with the sentence to show while rating is closed."""
    at = rounds.state_at(now)
    n = at.number
    label = "" if n == 0 else (_("Round {n}: double damage") if policy.double_damage_max_stars
                               else _("Round {n}")).format(n=n)
    if at.rating_open:
        reason = ""
    elif at.state == "paused":
        reason = _("Rating is paused by the facilitator (round {n}); wait for it to resume").format(n=n)
    elif at.state == "ended" and rounds.state == "running":
        reason = _("Round {n}'s time is up; wait for the facilitator to start the next round").format(n=n)
    elif at.state == "ended":
        reason = _("Round {n} has ended; wait for the facilitator to start the next round").format(n=n)
    else:
        reason = _("Round {n} has not begun by this computer's clock; check that the clock is right").format(n=n)
    return RoundInfo(n, at.state, at.ends_at, at.rating_open, reason, label)


class Facilitation:
    """Reads the facilitator's policy, round, announce, admit and expel messages as they arrive."""

    def __init__(self, facilitator: str) -> None:
        self.facilitator = facilitator
        self._genesis = default_policy()  # until the room's genesis is read
        self._policies: dict[int, Policy | None] = {}  # the facilitator's policy messages by seq (None: unreadable)
        self._starts: set[int] = set()  # seqs of the facilitator's round starts
        self._announcements: deque[Announcement] = deque(maxlen=ANNOUNCEMENT_LIMIT)

    @property
    def announcements(self) -> tuple[Announcement, ...]:
        return tuple(self._announcements)

    def detail(self, message: Message, name: Namer) -> str:
        """The feed's sentence for *message* ("" for what is not the facilitator's to say)."""
        if message.author != self.facilitator:
            return ""
        body = message.body
        match message.type:
            case "room":
                self._genesis = _readable(body.get("policy", {})) or default_policy()
            case "policy":
                return self._policy_change(message.seq, body.get("policy", {}))
            case "round":
                return self._round(message.seq, body["action"], body.get("minutes"))
            case "announce":
                self._announcements.append(Announcement(message.id, message.ts, body["text"]))
                return _("Announcement: {text}").format(text=body["text"])
            case "admit":
                return _("{name} was let in: their ratings and friendships count.").format(name=name(body["subject"]))
            case "expel":
                return _("{name} was expelled: nothing of theirs counts.").format(name=name(body["subject"]))
        return ""

    def _policy_change(self, seq: int, raw: Mapping[str, Any]) -> str:
        new = self._policies[seq] = _readable(raw)
        if new is None:
            return _("The rules changed in a way this version of Nosedive cannot read; update it.")
        earlier = [s for s in self._policies if s < seq and self._policies[s] is not None]
        old = self._policies[max(earlier)] if earlier else self._genesis
        return describe_change(old or self._genesis, new)

    def _round(self, seq: int, action: str, minutes: int | None) -> str:
        if action == "start":
            self._starts.add(seq)
        n = sum(1 for start in self._starts if start <= seq)
        timed = ((_(" Rating closes in {minutes} minute.") if minutes == 1 else
                  _(" Rating closes in {minutes} minutes.")).format(minutes=minutes) if minutes else "")
        if n == 0:
            return _("No round has started yet: rating stays open.")
        if action == "start":
            return _("Round {n} started.").format(n=n) + timed
        if action == "pause":
            return _("Rating is paused (round {n}).").format(n=n)
        if action == "resume":
            return _("Round {n} resumed.").format(n=n) + timed
        return _("Round {n} ended.").format(n=n)


def _readable(raw: Mapping[str, Any]) -> Policy | None:
    try:
        return parse_policy(raw)
    except NosediveError:
        return None
