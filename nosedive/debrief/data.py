"""The frozen values of a debrief: safe to hand from the node's thread to the window's.

Scores are the model's fixed-point integers (``ONE`` is one point); each row also carries the
number as the room shows it (``shown``), so writers never format on their own.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from nosedive.room.names import with_role
from nosedive.scoring import ScoreTable
from nosedive.scoring.comparison import Comparison

FORMAT_VERSION = 1  # of the JSON export (docs/debrief.md); grows when a field changes meaning or goes

Timeline = tuple[tuple[int, int], ...]  # (bucket end in unix ms, final score), oldest first


@dataclass(frozen=True)
class PersonRow:
    """One line of the leaderboard."""

    key: str
    label: str  # as a reader is shown them: a shared name carries its fingerprint
    fingerprint: str
    is_facilitator: bool
    status: str  # "member", "waiting" or "expelled"
    rank: int
    final: int
    base: int
    drag: int
    shown: str  # the final score as the room shows it ("4.237")
    grade: str
    labels: tuple[str, ...]  # grade, and "Influencer" if they hold it
    doors_open: int
    raters: int  # how many ratings of them count

    @property
    def display(self) -> str:
        return with_role(self.label, self.is_facilitator)  # "Hana (facilitator)", in the language in use


@dataclass(frozen=True)
class RatingRow:
    """One signed rating, in signed-time order; ``counts`` when it is the pair's rating the scores use."""

    id: str
    ts: int
    rater: str
    subject: str
    stars: int
    note: str
    counts: bool


@dataclass(frozen=True)
class DoorRow:
    """One person's standing at one door (a tier of the room's policy)."""

    person: str
    door: str
    threshold: int
    state: str  # "open", "locked" or "locked_by_friends"
    distance: int  # final − threshold
    pulled_down_by: tuple[str, ...] = ()  # friends whose pull keeps it shut, the heaviest first


@dataclass(frozen=True)
class Marker:
    """Something the facilitator did that a timeline marks: a round, a rule change, an announcement."""

    ts: int
    kind: str  # "round", "policy" or "announce"
    text: str


@dataclass(frozen=True)
class Moment:
    """A key moment for the discussion."""

    kind: str  # "largest-fall", "first-underclass" or "dropped-friend"
    ts: int
    person: str
    text: str  # one sentence, naming people by label
    before: int
    after: int
    other: str | None = None  # the friend dropped


@dataclass(frozen=True)
class DebriefData:
    room_id: str
    room_name: str
    facilitator: str
    rules: str  # the policy's title
    table_hash: str  # equals `nosedive scores --hash` over the same messages
    message_count: int
    people: tuple[PersonRow, ...] = field(repr=False)  # the leaderboard, highest first
    timelines: Mapping[str, Timeline] = field(repr=False)
    ratings: tuple[RatingRow, ...] = field(repr=False)
    doors: tuple[DoorRow, ...] = field(repr=False)
    markers: tuple[Marker, ...]
    moments: tuple[Moment, ...]
    explanations: Mapping[str, tuple[str, ...]] = field(repr=False)  # person -> `nosedive explain` in lines
    first_ts: int
    last_ts: int
    scores: ScoreTable = field(repr=False, compare=False)  # for formatting and thresholds
    format_version: int = FORMAT_VERSION
    comparison: Comparison | None = field(default=None, repr=False, compare=False)  # "what if" (debrief.whatif)

    def person(self, key: str) -> PersonRow | None:
        return next((row for row in self.people if row.key == key), None)

    def name(self, key: str) -> str:
        """How a line of text names *key* (the facilitator with the role after the label)."""
        row = self.person(key)
        return row.display if row is not None else key[:8]

    def matrix(self) -> dict[tuple[str, str], int]:
        """(rater, subject) -> the stars that count."""
        return {(r.rater, r.subject): r.stars for r in self.ratings if r.counts}

    def doors_locked_by_friends(self) -> tuple[DoorRow, ...]:
        return tuple(row for row in self.doors if row.state == "locked_by_friends")
