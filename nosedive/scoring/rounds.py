"""Rounds: when a rating counts, read from the facilitator's ``round`` messages (docs/scoring.md, "Rounds").

The facilitator's round messages are read in seq order (up to their fork, if any):

- before the first ``start`` rating is open: a room without rounds scores exactly as before;
- each ``start`` opens round N+1 and each ``resume`` reopens the round, at the message's own
  timestamp; a ``pause`` or ``end`` closes it at its timestamp; *minutes* on a start (or a
  resume) sets the round's countdown to that timestamp plus the minutes, and the round closes
  then unless something closes it sooner (a resume without minutes keeps the countdown);
- from the first ``start`` on, a rating counts only if its signed timestamp falls in the time
  before that start or in one of the running intervals ``[opened, closed)``.

Only signed timestamps and seqs are read, never the local clock, so every node holding the same
messages draws the same intervals. :meth:`Rounds.state_at` (what a screen shows now) is the one
place a clock comes in, and it changes no score.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from nosedive.core.messages import Message

MINUTE_MS = 60_000
RoundState = Literal["not-started", "running", "paused", "ended"]
Pair = tuple[str, str]  # (rater, subject)
Versions = dict[int, tuple[int, int]]  # one rating's versions: seq -> (stars, ts)
Interval = tuple[int, int | None]  # [opened, closed) in signed unix ms; None: not closed yet


@dataclass(frozen=True, slots=True)
class RoundStep:
    """One of the facilitator's round messages, as the rule reads it."""

    ts: int
    action: str  # "start" | "pause" | "resume" | "end"
    minutes: int | None = None


@dataclass(frozen=True, slots=True)
class Now:
    """Where the rounds stand at one instant: for screens and for refusing to sign, never for scores."""

    number: int  # 0 before the first round
    state: RoundState
    ends_at: int | None  # unix ms of the countdown's end while running with one
    rating_open: bool


@dataclass(frozen=True, slots=True)
class Rounds:
    """The running intervals drawn from the facilitator's round messages. Equal values count the same."""

    first_start: int | None = None  # signed ts of the first start; None: no rounds, rating always open
    intervals: tuple[Interval, ...] = ()
    number: int = 0  # rounds started
    state: RoundState = "not-started"  # after the last message, ignoring countdowns

    @property
    def always_open(self) -> bool:
        return self.first_start is None

    def counts(self, ts: int) -> bool:
        """Whether a rating signed at *ts* counts under these rounds."""
        if self.first_start is None or ts < self.first_start:
            return True
        return any(opened <= ts and (closed is None or ts < closed) for opened, closed in self.intervals)

    def timely(self, versions: Versions) -> Versions:
        """The versions (seq -> (stars, ts)) of one rating that were signed while rating ran."""
        if self.first_start is None:
            return versions
        return {seq: version for seq, version in versions.items() if self.counts(version[1])}

    def timely_rates(self, pairs: Iterable[Pair], rates: Mapping[Pair, Versions]
                     ) -> tuple[Iterable[Pair], Mapping[Pair, Versions]]:
        """*pairs* and their *rates* keeping only what was signed while rating ran: a rating out of
        time makes nobody a person of the room."""
        if self.first_start is None:
            return pairs, rates
        timely = {pair: kept for pair in pairs if (kept := self.timely(rates[pair]))}
        return timely, timely

    def counts_the_same_as(self, other: Rounds) -> bool:
        return (self.first_start, self.intervals) == (other.first_start, other.intervals)

    def state_at(self, now: int) -> Now:
        """The rounds at the instant *now* (unix ms): a countdown that ran out has ended the round."""
        if self.state != "running":
            return Now(self.number, self.state, None, self.state == "not-started")
        opened, closed = self.intervals[-1]
        if closed is not None and now >= closed:
            return Now(self.number, "ended", None, False)
        return Now(self.number, "running", closed, opened <= now)


def read_rounds(steps: Mapping[int, RoundStep]) -> Rounds:
    """The intervals drawn by *steps* (the facilitator's round messages by seq, up to their fork)."""
    first_start: int | None = None
    intervals: list[Interval] = []
    number = 0
    state: RoundState = "not-started"
    deadline: int | None = None  # the round's countdown: set by a start, reset by a resume with minutes
    for seq in sorted(steps):
        step = steps[seq]
        if step.action == "start" or (step.action == "resume" and state == "paused"):
            if state == "running":  # a start while running closes the running round first
                intervals[-1] = _closed(intervals[-1], step.ts)
            if step.action == "start":
                number, deadline = number + 1, None
                first_start = step.ts if first_start is None else first_start
            if step.minutes is not None:
                deadline = step.ts + step.minutes * MINUTE_MS
            intervals.append((step.ts, deadline))
            state = "running"
        elif step.action in ("pause", "end") and state in ("running", "paused"):
            if state == "running":
                intervals[-1] = _closed(intervals[-1], step.ts)
            state = "paused" if step.action == "pause" else "ended"
        # anything else (a pause when nothing runs, a resume that is not paused) changes nothing
    return Rounds(first_start, tuple(intervals), number, state)


def _closed(interval: Interval, ts: int) -> Interval:
    """*interval* closed at *ts*, or sooner if its countdown ran out before."""
    opened, closed = interval
    return (opened, ts if closed is None else min(closed, ts))


class RoundLog:
    """Every round message of a room by (author, seq); the rule reads the facilitator's ones."""

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], RoundStep] = {}

    def add(self, message: Message) -> None:
        minutes = message.body.get("minutes")
        self._steps[(message.author, message.seq)] = RoundStep(message.ts, message.body["action"], minutes)

    def rounds(self, facilitator: str | None, limit: Callable[[str], int]) -> Rounds:
        """The rounds drawn by *facilitator*'s messages below seq ``limit(facilitator)`` (their fork)."""
        if facilitator is None:
            return Rounds()
        below = limit(facilitator)
        return read_rounds({seq: step for (author, seq), step in self._steps.items()
                            if author == facilitator and seq < below})
