"""Immutable views of a room that the node publishes to whoever listens (CLI, the app).

The UI never touches sockets or SQLite: it receives these (and the events in
:mod:`nosedive.room.events`) and sends the node commands. Everything here is frozen
and holds only immutable values, so it can cross threads safely.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from nosedive.scoring import DragSummary, PenaltyRecord, Record, ScoreTable, TierStatus
from nosedive.scoring.membership import Status


@dataclass(frozen=True)
class Person:
    key: str
    name: str  # display name, or the fingerprint until a profile arrives
    fingerprint: str
    avatar: bytes = b""  # image bytes as published (PNG/JPEG), empty if none
    online: bool = False  # a live session to them (or it is me)
    is_me: bool = False
    i_befriended: bool = False  # my latest friend message about them is "on"
    befriended_me: bool = False  # their latest friend message about me is "on"
    status: Status = "member"  # "waiting" for the facilitator to let them in, or "expelled": they do not count
    label: str = ""  # the name as shown to a reader: with a fingerprint tag when another name folds alike
    is_facilitator: bool = False  # they created the room
    left: bool = False  # offline longer than the policy's fade_after_minutes: lists may hide them; ratings count

    @property
    def is_friend(self) -> bool:
        """Friendship is mutual: both declared it."""
        return self.i_befriended and self.befriended_me


@dataclass(frozen=True)
class FeedItem:
    id: str
    ts: int  # author-claimed unix ms
    author: str
    type: str  # "rate", "friend", "profile", "room", "policy", or a future type
    subject: str | None = None
    stars: int | None = None
    note: str = ""
    on: bool | None = None  # for "friend"
    detail: str = ""  # for policy, round, announce, admit and expel: the sentence to show ("Round 2 started.")


@dataclass(frozen=True)
class RoundInfo:
    """Where the facilitator's rounds stand now, and whether rating is open (``docs/scoring.md``, "Rounds")."""

    number: int = 0  # 0 before the first round
    state: str = "not-started"  # "not-started" | "running" | "paused" | "ended"
    ends_at: int | None = None  # unix ms of the countdown's end, while running with one
    rating_open: bool = True
    reason: str = ""  # a sentence shown when rating is closed, "" when open
    label: str = ""  # e.g. "Round 2: double damage"; "" before the first round


@dataclass(frozen=True)
class Announcement:
    """Something the facilitator told the room (plain text)."""

    id: str
    ts: int  # signed unix ms
    text: str


@dataclass(frozen=True)
class AgencyStanding:
    """My standing with one agency of the room's policy (``docs/scoring.md``, "Groups, agencies and joint
    punishment"): its score on its own scale, its grade, the lists of it I am on, its doors."""

    name: str
    title: str
    score: str  # formatted on the agency's scale ("712 pts"), "—" before any score
    value: int | None  # fixed-point on the agency's scale, None before any score
    grade: str
    doors: tuple[TierStatus, ...]  # ``locked_by`` names the agency and list that closed a door
    lists: tuple[str, ...]  # this agency's lists I am on ("blacklist", "red list")
    lines: tuple[str, ...]  # the explanation of this score, in sentences (translated)


@dataclass(frozen=True)
class GroupStanding:
    """A group I belong to, was invited to, asked to join, or left; and what its chain costs me."""

    id: str
    kind: str
    name: str
    members: tuple[str, ...]  # person keys
    score: str  # the group's own score, formatted
    value: int | None
    costs_me: int  # what this group's chain adds to my score at the instant (fixed-point, signed)
    lines: tuple[str, ...]  # sentences on both ends
    state: str  # "member" | "invited" | "asked" | "left"
    parent: str = ""  # the id of the group this one belongs to, "" if none


@dataclass(frozen=True)
class GroupPull:
    """Someone who pulls me through a group (the drag view extended to groups)."""

    person: str
    group: str
    group_name: str
    amount: int  # fixed-point, signed, on the room's scale
    sentence: str


@dataclass(frozen=True)
class RoomSnapshot:
    room_id: str
    room_name: str
    facilitator: str
    me: str
    people: tuple[Person, ...]
    scores: ScoreTable  # the room's immutable score table
    drag: DragSummary  # my friends' pull on me, and what each friendship's end would change
    feed: tuple[FeedItem, ...] = ()  # newest last, bounded
    peers_connected: int = 0
    messages_held: int = 0  # in the ledger for this room
    sync_remaining: int = 0  # messages peers announced that we do not hold yet
    addresses: tuple[str, ...] = ()  # "host:port" for others to type in
    warning: str | None = None  # plain words, e.g. nobody found after a while
    version: int = 0  # grows with every change
    my_history: tuple[tuple[int, int], ...] = ()  # (ts ms, my final score, fixed-point) after each change
    join_code: str = ""  # what newcomers type to join ("7-guitar-harbor"); every member holds it
    round: RoundInfo = RoundInfo()  # the facilitator's rounds: is rating open now, and why not
    announcements: tuple[Announcement, ...] = ()  # the facilitator's, newest last, at most 20
    my_records: tuple[Record, ...] = ()  # records about me and their state at the snapshot's instant
    my_penalties: tuple[PenaltyRecord, ...] = ()  # penalties imposed on me, with their end (``ends``)
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (person, their roles), by key: collectors, court…
    agencies: tuple[AgencyStanding, ...] = ()  # my standing per agency, in policy order; () without agencies
    my_groups: tuple[GroupStanding, ...] = ()
    group_pulls: tuple[GroupPull, ...] = ()  # who pulls me through a group, biggest first

    @property
    def my_status(self) -> Status:
        """Mine: "waiting" until the facilitator lets me in (an ``admit`` room), "expelled" once put out."""
        return self.scores.status(self.me)

    def person(self, key: str) -> Person | None:
        return next((p for p in self.people if p.key == key), None)


@dataclass(frozen=True)
class DiscoveredRoom:
    """A room advertised on the LAN: all a stranger may learn is its name and its join code's plate.

    Joining it needs the whole code (the facilitator shows it); *plate* 0 means its nodes take no
    newcomers. *peers* are the "host:port" addresses advertising it.
    """

    name: str
    plate: int
    peers: tuple[str, ...] = field(default=())
