"""Immutable views of a room that the node publishes to whoever listens (CLI, the app).

The UI never touches sockets or SQLite: it receives these (and the events in
:mod:`nosedive.room.events`) and sends the node commands. Everything here is frozen
and holds only immutable values, so it can cross threads safely.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from nosedive.scoring import DragSummary, PenaltyRecord, Record, ScoreTable
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
