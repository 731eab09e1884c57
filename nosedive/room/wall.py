"""What the public wall shows, computed on the node's thread from a room's snapshot.

The wall is a screen for a whole room (``nosedive wall``): the shame wall (the lowest scorers, and
whoever sits in the lowest grade or under a penalty), the red list (the top), a ticker of ratings and
records, and the doors being locked. :class:`WallBoards` turns each :class:`RoomSnapshot` into a
frozen :class:`WallBoard`; the window only draws it. Nothing here names anyone by key or fingerprint:
people without a profile yet are left off, every name is the person's label.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from nosedive.core.i18n import _
from nosedive.room.snapshot import FeedItem, Person, RoomSnapshot
from nosedive.scoring import ScoreTable, explain
from nosedive.scoring.text import stars

SHAME_SIZE = 5
RED_SIZE = 5
TICKER_SIZE = 14
DOOR_SECONDS = 40  # how long a locked door stays on the wall
LOW_STARS, HIGH_STARS = 2, 5  # what a why line counts as a low and a high rating
TICKER_TYPES = ("rate", "friend", "report", "penalty", "ruling", "admit", "expel", "round", "announce", "policy")


@dataclass(frozen=True)
class WallEntry:
    key: str  # to follow a person across boards (animations); never drawn
    label: str
    avatar: bytes
    score: str  # as the room shows it: "2.417"
    grade: str
    why: str  # the biggest reason for the score, in one line
    fallen: bool  # in the room's lowest grade, or under a penalty now


@dataclass(frozen=True)
class TickerLine:
    id: str  # the message's (or the door event's) id, to know what is new; never drawn
    text: str
    tone: str  # "good" | "bad" | "news"


@dataclass(frozen=True)
class WallBoard:
    room_name: str
    round_label: str
    shame: tuple[WallEntry, ...]  # lowest first
    red: tuple[WallEntry, ...]  # highest first
    ticker: tuple[TickerLine, ...]  # newest last
    doors: tuple[TickerLine, ...]  # doors locked in the last DOOR_SECONDS, newest last
    people: int  # how many are on the board's lists at all
    version: int


Named = Callable[[str], str]


def why_line(table: ScoreTable, key: str, name: Named, *, low: bool) -> str:
    """The biggest reason for *key*'s place on the wall, in a short line: a penalty or record in force, the
    friend who pulls them down (up), how many gave low (five) stars, else their ratings' average."""
    at = table.records
    for penalty in at.penalties_of(key):
        if penalty.state == "active":
            return _("Penalty: {name} ({points})").format(name=penalty.name, points=table.format_signed(penalty.points))
    standing = [record for record in at.of(key) if record.state == "active" and (record.points < 0) == low]
    if standing:
        record = min(standing, key=lambda r: (r.points if low else -r.points, r.id))
        said = _("Reported for {act} ({points})") if low else _("Credited for {act} ({points})")
        return said.format(act=record.act, points=table.format_signed(record.points))
    ex = explain(table, key)
    friend = ex.friends[0] if ex.friends else None
    if friend is not None and (friend.drag < 0) == low and friend.drag:
        said = _("{friend} drags them down {amount}") if low else _("{friend} pulls them up {amount}")
        return said.format(friend=name(friend.friend), amount=table.format(abs(friend.drag)))
    wanted = [part for part in ex.raters if (part.stars <= LOW_STARS if low else part.stars >= HIGH_STARS)]
    if len(wanted) > 1:
        worst = min(p.stars for p in wanted) if low else max(p.stars for p in wanted)
        limit = (_("{stars} or less").format(stars=stars(LOW_STARS)) if low else
                 _("{stars} or more").format(stars=stars(HIGH_STARS)))
        return _("{count} people gave {stars}").format(
            count=len(wanted), stars=stars(worst) if len(set(p.stars for p in wanted)) == 1 else limit)
    if wanted:
        part = wanted[0]
        return _("{rater} gave {stars} ({percent}% of the say)").format(
            rater=name(part.rater), stars=stars(part.stars), percent=part.share * 100 // 1_000_000)
    if not ex.raters:
        return _("Nobody has rated them yet")
    average = sum(part.stars for part in ex.raters) * 10 // len(ex.raters)
    count = len(ex.raters)
    said = _("{count} rating, {average}★ on average") if count == 1 else _("{count} ratings, {average}★ on average")
    return said.format(count=count, average=f"{average // 10}.{average % 10}")


class WallBoards:
    """Turns snapshots into boards, remembering which doors were open to say which just closed.
    Runs on the node's thread (it explains scores); call :meth:`board` with each new snapshot."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._open: dict[str, frozenset[str]] = {}  # person -> the doors open to them on the last board
        self._doors: deque[tuple[float, TickerLine]] = deque(maxlen=12)
        self._door_count = 0

    def board(self, snap: RoomSnapshot) -> WallBoard:
        table = snap.scores
        shown = {p.key: p for p in snap.people if _on_the_wall(p, snap)}
        labels = {p.key: p.label or p.name for p in snap.people if p.name != p.fingerprint}

        def name(key: str) -> str:
            return labels.get(key) or _("Someone new")

        self._note_doors(table, shown, name)
        rated = [key for key in shown if table.raters(key)]
        ranked = sorted(rated, key=lambda k: (table.score(k).final, name(k).casefold(), k))
        fallen = {key for key in rated if _fallen(table, key)}
        shame_keys = sorted(fallen | set(ranked[:SHAME_SIZE]), key=ranked.index)[:max(SHAME_SIZE, len(fallen))]
        red_keys = [key for key in reversed(ranked) if key not in shame_keys][:RED_SIZE]
        now = self._clock()
        return WallBoard(
            room_name=snap.room_name, round_label=snap.round.label,
            shame=tuple(self._entry(table, shown[k], name, low=True, fallen=k in fallen) for k in shame_keys),
            red=tuple(self._entry(table, shown[k], name, low=False, fallen=False) for k in red_keys),
            ticker=tuple(_ticker(snap, name)),
            doors=tuple(line for at, line in self._doors if now - at < DOOR_SECONDS),
            people=len(shown), version=snap.version,
        )

    @staticmethod
    def _entry(table: ScoreTable, person: Person, name: Named, *, low: bool, fallen: bool) -> WallEntry:
        key = person.key
        return WallEntry(key=key, label=person.label or person.name, avatar=person.avatar,
                         score=table.format(table.score(key).final), grade=table.grade(key),
                         why=why_line(table, key, name, low=low), fallen=fallen)

    def _note_doors(self, table: ScoreTable, shown: dict[str, Person], name: Named) -> None:
        for key in shown:
            now_open = frozenset(t.name for t in table.tiers(key) if t.state == "open")
            before = self._open.get(key)
            self._open[key] = now_open
            if before is None:
                continue
            for door in sorted(before - now_open):
                self._door_count += 1
                said = _("{name}: {door} locked").format(name=name(key), door=door)
                line = TickerLine(f"door-{self._door_count}", said, "bad")
                self._doors.append((self._clock(), line))


def _on_the_wall(person: Person, snap: RoomSnapshot) -> bool:
    """Members with a profile, still around: not the wall itself, not who left a while ago."""
    return (person.key != snap.me and person.name != person.fingerprint and person.status == "member"
            and not person.left)


def _fallen(table: ScoreTable, key: str) -> bool:
    grades = table.policy.grades
    lowest = len(grades) > 1 and table.grade(key) == grades[0].name
    return lowest or any(p.state == "active" for p in table.records.penalties_of(key))


def _ticker(snap: RoomSnapshot, name: Named) -> list[TickerLine]:
    lines = []
    for item in reversed(snap.feed):
        text = _ticker_text(snap.scores, item, name)
        if text:
            lines.append(TickerLine(item.id, text, _tone(item)))
        if len(lines) == TICKER_SIZE:
            break
    return lines[::-1]


def _ticker_text(table: ScoreTable, item: FeedItem, name: Named) -> str:
    if item.type not in TICKER_TYPES:
        return ""
    if item.detail:
        return item.detail
    who, whom = name(item.author), name(item.subject) if item.subject else ""
    if item.type == "rate":
        return _("{who} rated {whom} {stars}").format(who=who, whom=whom, stars=stars(item.stars or 0))
    if item.type == "friend":
        return (_("{who} befriended {whom}") if item.on else _("{who} dropped {whom}")).format(who=who, whom=whom)
    if item.type == "report":
        record = table.records.record(item.id)
        if record is None:
            return _("{who} reported {whom}").format(who=who, whom=whom)
        return _("{who} reported {whom} for {act} ({points})").format(
            who=who, whom=whom, act=record.act, points=table.format_signed(record.points))
    if item.type == "penalty":
        return _("{whom} is under a penalty").format(whom=whom)
    return ""


def _tone(item: FeedItem) -> str:
    if item.type == "rate":
        return "good" if (item.stars or 0) >= 4 else "bad" if (item.stars or 0) <= 2 else "news"
    if item.type in ("report", "penalty", "expel") or (item.type == "friend" and not item.on):
        return "bad"
    return "news"
