"""One room as people see it: who is here, friendships, the feed, and the scores.

:class:`RoomView` is fed the room's messages (in any order, as the ledger adds
them) and produces immutable :class:`~nosedive.room.snapshot.RoomSnapshot` values for
the node to publish. Everything that decides a number goes through the score
engine, which is order-independent; the feed alone follows local arrival order.
"""
from __future__ import annotations

import base64
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nosedive.core import keys
from nosedive.core.messages import Message, now_ms
from nosedive.ledger.store import Ledger
from nosedive.room import names
from nosedive.room.facilitation import Facilitation, round_info
from nosedive.room.snapshot import FeedItem, Person, RoomSnapshot, RoundInfo
from nosedive.room.society_view import agency_standings, group_pulls, my_groups
from nosedive.scoring import DragSummary, ScoreEngine, drag_summary
from nosedive.scoring.engine import HISTORY_LIMIT
from nosedive.scoring.history import bucket_for, timeline_of

FEED_LIMIT = 200
START_HISTORY_BUCKETS = 120  # points at most of the replayed timeline a view starts with (each costs a recount)
SUBJECT_TYPES = ("rate", "friend", "admit", "expel", "report", "role", "penalty")  # bodies naming a person


@dataclass(frozen=True)
class ViewChange:
    """What one :meth:`RoomView.apply` changed."""

    added: int
    rated_me: tuple[FeedItem, ...]
    scores_changed: frozenset[str]


class RoomView:
    def __init__(self, ledger: Ledger, room_id: str, me: str, *, feed_limit: int = FEED_LIMIT) -> None:
        info = ledger.room(room_id)
        if info is None:
            raise ValueError(f"room {room_id[:12]} is not in this ledger")
        self.room_id, self.room_name, self.facilitator, self.me = room_id, info.name, info.creator, me
        self.engine = ScoreEngine(room_id)
        self._profiles: dict[str, tuple[int, str, bytes]] = {}  # author -> (seq, name, avatar)
        self._friend_says: dict[tuple[str, str], tuple[int, bool]] = {}  # (author, subject) -> (seq, on)
        self._members: set[str] = {info.creator}
        self._last_seen: dict[str, int] = {}  # key -> unix ms of their latest message, or of being online here
        self._feed: deque[FeedItem] = deque(maxlen=feed_limit)
        self._facilitation = Facilitation(info.creator)  # announcements, and the feed's sentences for its messages
        self._version = 0
        self._drag: tuple[int, DragSummary] | None = None  # (engine version, my drag summary)
        self.message_count = 0
        self._my_history: deque[tuple[int, int]] = deque(maxlen=HISTORY_LIMIT)
        # Forks first: a fork verdict arriving after the messages recomputes the whole room.
        forks = ledger.forked_authors(room_id)
        self.set_forks(forks)
        stored = [message for _, message in ledger.messages(room_id)]
        self.apply(stored)
        # The stored ledger went in as one batch, one point: my chart starts from the replayed timeline
        # instead, the same after every restart (and on every node); live changes follow it.
        self._my_history.clear()
        self._my_history.extend(self._replayed_history(stored, forks))

    # ------------------------------------------------------------------ input
    def apply(self, messages: Iterable[Message]) -> ViewChange:
        batch = [m for m in messages if m.room == self.room_id]
        rated_me = []
        for message in batch:
            item = self._absorb(message)
            if item is not None:
                self._feed.append(item)
                if item.type == "rate" and item.subject == self.me:
                    rated_me.append(item)
        changed = self.engine.apply(batch) if batch else frozenset()
        if self.me in changed:
            self._follow_my_history()
        self.message_count += len(batch)
        if batch:
            self._version += 1
        return ViewChange(len(batch), tuple(rated_me), changed)

    def set_forks(self, forked: Mapping[str, int]) -> None:
        self.engine.set_forks(forked)
        self._follow_my_history()  # a verdict recounts the room, and may move me
        self._version += 1

    def _replayed_history(self, stored: list[Message], forks: Mapping[str, int]) -> tuple[tuple[int, int], ...]:
        """My replayed timeline, a minute a point, or coarser in a long room (START_HISTORY_BUCKETS)."""
        if not stored:
            return ()
        stamps = [message.ts for message in stored]
        bucket_ms = bucket_for(min(stamps), max(stamps), most=START_HISTORY_BUCKETS)
        return timeline_of(self.room_id, stored, self.me, forks=forks, bucket_ms=bucket_ms)

    def _follow_my_history(self) -> None:
        """Add the engine's newest point of mine, if it is one my history does not end with yet."""
        latest = self.engine.history(self.me)[-1:]
        if latest and (not self._my_history or self._my_history[-1] != latest[0]):
            self._my_history.append(latest[0])

    def _absorb(self, message: Message) -> FeedItem | None:
        author, body = message.author, message.body
        self._members.add(author)
        self._last_seen[author] = max(self._last_seen.get(author, 0), min(message.ts, now_ms()))
        if message.type == "profile":
            current = self._profiles.get(author)
            if current is None or message.seq > current[0]:
                avatar = base64.b64decode(body.get("avatar", "")) if body.get("avatar") else b""
                self._profiles[author] = (message.seq, body["name"], avatar)
        elif message.type == "friend":
            self._members.add(body["subject"])
            key = (author, body["subject"])
            said = self._friend_says.get(key)
            if said is None or message.seq > said[0]:
                self._friend_says[key] = (message.seq, body["on"])
        elif message.type in SUBJECT_TYPES and message.type != "friend":
            self._members.add(body["subject"])
        return FeedItem(
            id=message.id, ts=message.ts, author=author, type=message.type,
            subject=body.get("subject") if message.type in SUBJECT_TYPES else None,
            stars=body.get("stars") if message.type == "rate" else None,
            note=body.get("note", "") if message.type == "rate" else "",
            on=body.get("on") if message.type == "friend" else None,
            detail=self._facilitation.detail(message, self.label_of),
        )

    # ------------------------------------------------------------------ output
    def name_of(self, key: str) -> str:
        profile = self._profiles.get(key)
        return profile[1] if profile else keys.fingerprint(key)

    def label_of(self, key: str) -> str:
        """How a reader is shown *key*: their label, the facilitator's with the role after it."""
        label = names.labels({member: self.name_of(member) for member in self._members | {key}})[key]
        return names.with_role(label, key == self.facilitator)

    def says_friend(self, author: str, subject: str) -> bool:
        said = self._friend_says.get((author, subject))
        return bool(said and said[1])

    def people(self, online: frozenset[str] = frozenset(), now: int | None = None) -> tuple[Person, ...]:
        result = []
        instant = now_ms() if now is None else now
        fade_ms = self.engine.policy.fade_after_minutes * 60_000
        for key in online:
            self._last_seen[key] = instant
        label_of = names.labels({key: self.name_of(key) for key in self._members})
        members = self.engine.membership
        for key in sorted(self._members):
            profile = self._profiles.get(key)
            result.append(Person(
                label=label_of[key], is_facilitator=key == self.facilitator,
                key=key, name=profile[1] if profile else keys.fingerprint(key),
                fingerprint=keys.fingerprint(key), avatar=profile[2] if profile else b"",
                online=key == self.me or key in online, is_me=key == self.me,
                i_befriended=self.says_friend(self.me, key), befriended_me=self.says_friend(key, self.me),
                status=members.status(key),
                left=key != self.me and key not in online and instant - self._last_seen.get(key, 0) > fade_ms,
            ))
        return tuple(result)

    def snapshot(
        self,
        *,
        online: frozenset[str] = frozenset(),
        peers_connected: int = 0,
        sync_remaining: int = 0,
        addresses: tuple[str, ...] = (),
        warning: str | None = None,
        join_code: str = "",
        now: int | None = None,
    ) -> RoomSnapshot:
        """The room now (*now*: unix ms, default the clock), frozen; runs on the node's loop thread, so
        the window only has to read it."""
        instant = now_ms() if now is None else now
        table = self.engine.table(at=instant)  # records and timed penalties as of this instant
        book = table.records
        return RoomSnapshot(
            room_id=self.room_id, room_name=self.room_name, facilitator=self.facilitator, me=self.me,
            people=self.people(online), scores=table, drag=self.drag_summary(), feed=tuple(self._feed),
            peers_connected=peers_connected, messages_held=self.message_count,
            sync_remaining=sync_remaining, addresses=addresses, warning=warning, version=self._version,
            my_history=tuple(self._my_history), join_code=join_code,
            round=self.round_now(now), announcements=self._facilitation.announcements,
            my_records=book.of(self.me), my_penalties=book.penalties_of(self.me),
            roles=tuple((person, tuple(sorted(roles))) for person, roles in sorted(book.roles.items())),
            agencies=agency_standings(table, self.me, self.label_of),
            my_groups=my_groups(table, self.me, self.label_of),
            group_pulls=group_pulls(table, self.me, self.label_of),
        )

    def round_now(self, now: int | None = None) -> RoundInfo:
        """Whether rating is open at *now* (unix ms, default the clock), and why not."""
        return round_info(self.engine.rounds, self.engine.policy, now_ms() if now is None else now)

    def drag_summary(self) -> DragSummary:
        """My friends' pull and the what-if per friend, recomputed only when the scores took in something new
        (one what-if per friend costs milliseconds; snapshots come up to ten times a second)."""
        version = self.engine.version
        if self._drag is None or self._drag[0] != version:
            self._drag = (version, drag_summary(self.engine.table(), self.me))
        return self._drag[1]

    def scores_hash(self) -> str:
        return self.engine.table().hash()

    def history(self, person: str) -> tuple[tuple[int, int], ...]:
        return self.engine.history(person)
