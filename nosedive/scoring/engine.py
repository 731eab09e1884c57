"""Scores of a room: a pure function of its messages and its policy (Qt-free).

:class:`ScoreEngine` keeps one room's scores up to date as messages arrive, in
any order, in any batches; :class:`ScoreTable` is its immutable snapshot. What
counts is decided in :mod:`nosedive.scoring.counted`, the arithmetic is in
:mod:`nosedive.scoring.model`, explanations and what-ifs in
:mod:`nosedive.scoring.explain`, and the plain-words description in ``docs/scoring.md``.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from nosedive.core.messages import Message
from nosedive.core.policy import Policy, default_policy
from nosedive.scoring.adjust import table_at
from nosedive.scoring.counted import Batch, CountedMessages
from nosedive.scoring.membership import Membership
from nosedive.scoring.model import Edge, Model
from nosedive.scoring.record_state import RecordsAt
from nosedive.scoring.rounds import RoundLog, Rounds
from nosedive.scoring.society import ChainEntry, SocietyAt, society_at
from nosedive.scoring.table import PersonScore, ScoreTable

HISTORY_LIMIT = 2_000  # score changes kept per person (memory stays bounded on a kiosk)


class ScoreEngine:
    """Incremental scores of one room. Not thread-safe: one owner applies; tables travel."""

    def __init__(self, room_id: str) -> None:
        self.room_id = room_id
        self._counted = CountedMessages()
        self._round_log = RoundLog()  # the facilitator's round messages: when ratings count
        self._policy = default_policy()
        self._model = Model(self._policy)
        self._scores: dict[str, PersonScore] = {}
        self._history: dict[str, deque[tuple[int, int]]] = {}
        self._last_ts = 0
        self._version = 0
        self._table: ScoreTable | None = None  # the table of this version, once asked for
        self._instant: tuple[int, int, ScoreTable] | None = None  # (version, instant, its table)
        self._society: tuple[tuple[object, ...], SocietyAt] | None = None  # (what it depends on, its value)
        self._chains: tuple[int, dict[str, tuple[ChainEntry, ...]]] = (-1, {})  # (version, record id -> entries)

    @property
    def policy(self) -> Policy:
        return self._policy

    @property
    def membership(self) -> Membership:
        """Who counts now (what the scores were computed for)."""
        return self._counted.counting

    @property
    def rounds(self) -> Rounds:
        """When rating runs, as the scores were computed (the facilitator's round messages)."""
        return self._counted.window

    @property
    def version(self) -> int:
        """Grows whenever a new message or fork verdict was taken in (a cache key for derived values)."""
        return self._version

    # ------------------------------------------------------------------ input
    def apply(self, messages: Iterable[Message]) -> frozenset[str]:
        """Take in messages (any order, duplicates ignored); return whose final score changed."""
        batch = Batch()
        for message in messages:
            if message.room == self.room_id:
                self._counted.add(message, batch)
                if message.type == "round":  # filed apart: it decides when ratings count, not what they say
                    self._round_log.add(message)
                    batch.round_seen = True
        if batch.policy_seen and self._counted.policy().digest != self._policy.digest:
            batch.rebuild = True
        if batch.verdict_seen:  # rare: a change of who counts recounts everything
            members = self._counted.membership(self._policy)
            batch.rebuild |= not members.counts_the_same_as(self._counted.counting)
            self._counted.count_only(members)
        if batch.round_seen or batch.verdict_seen:  # a round message, or the genesis naming its facilitator
            rounds = self._rounds()
            batch.rebuild |= not rounds.counts_the_same_as(self._counted.window)
            self._counted.window = rounds
        if batch.record_edges or batch.verdict_seen:  # a role or penalty: the elite, or doubled damage
            batch.rebuild |= self._counted.refresh_edge_rules(self._policy)
        changed = self._rebuild() if batch.rebuild else self._incremental(batch)
        self._last_ts = max(self._last_ts, batch.latest_ts)
        self._record(changed, batch.latest_ts if batch.latest_ts >= 0 else self._last_ts)
        if batch.taken:
            self._changed()
        return frozenset(changed)

    def set_forks(self, forked: Mapping[str, int]) -> None:
        """Authors who equivocated, with their lowest fork seq (forks never heal)."""
        rebuild = False
        for author, seq in forked.items():
            rebuild |= self._counted.note_fork(author, seq)
        if rebuild:
            self._record(self._rebuild(), self._last_ts)
            self._changed()

    def _rounds(self) -> Rounds:
        """The rounds drawn by the facilitator's round messages held now (up to their fork)."""
        return self._round_log.rounds(self._counted.context().facilitator, self._counted.limit)

    def _changed(self) -> None:
        self._version += 1
        self._table = None

    # ------------------------------------------------------------------ recounting
    def _incremental(self, batch: Batch) -> set[str]:
        counted = self._counted
        edges: dict[tuple[str, str], Edge | None] = {}
        for subject in {s for _, s in batch.rates}:
            edges.update(counted.edges_into(subject, self._policy))
        friendships = counted.friendships(batch.friends)
        touched = self._model.update(edges, friendships, counted.people_in(batch))
        before = {p: self._scores.get(p) for p in touched}
        self._refresh_scores(touched)
        return {p for p in touched if _moved(before[p], self._scores[p])}

    def _rebuild(self) -> set[str]:
        counted = self._counted
        self._policy = counted.policy()
        counted.count_only(counted.membership(self._policy))
        counted.window = self._rounds()  # a fork of the facilitator's may move the rounds
        counted.refresh_edge_rules(self._policy)
        self._model = Model(self._policy)
        self._model.update(counted.all_edges(self._policy), counted.all_friendships(), counted.all_people())
        old = self._scores
        self._scores = {}
        self._refresh_scores(self._model.people)
        return {p for p in old.keys() | self._scores.keys() if _moved(old.get(p), self._scores.get(p))}

    def _refresh_scores(self, people: Iterable[str]) -> None:
        k = self._model.rounds
        base, final = self._model.base[k], self._model.final[k]
        for person in people:
            self._scores[person] = PersonScore(base[person], final[person] - base[person], final[person])

    def _record(self, changed: Iterable[str], ts: int) -> None:
        for person in changed:
            score = self._scores.get(person)
            if score is not None:
                self._history.setdefault(person, deque(maxlen=HISTORY_LIMIT)).append((ts, score.final))

    # ------------------------------------------------------------------ output
    def table(self, at: int | None = None) -> ScoreTable:
        """The immutable table of the current scores (the same object until something new is taken in).

        With *at* (unix ms): the table as of that instant — records, timed penalties and the elite
        applied (:mod:`nosedive.scoring.adjust`); a room without them gives the same table."""
        if at is not None and (self._counted.records or self._policy.records.has_elite or self._policy.society):
            return self._table_at(at)
        if self._table is None:
            self._table = ScoreTable(self.room_id, self._policy, MappingProxyType(dict(self._scores)),
                                     self._model.fork(), self.membership)
        return self._table

    def _table_at(self, at: int) -> ScoreTable:
        if self._instant is None or self._instant[:2] != (self._version, at):
            context = self._counted.context()
            records = self._counted.records.at(self._policy, context, at, self._version)
            society = self._society_at(records, at) if self._policy.society else None
            self._instant = (self._version, at, table_at(self.table(), records, society))
        return self._instant[2]

    def _society_at(self, records: RecordsAt, at: int) -> SocietyAt:
        """Groups and chains, agencies, lists (:mod:`nosedive.scoring.society`) at *at*: worked out again only
        when a message came in or a record started or ended (snapshots come up to ten times a second)."""
        drop = self._policy.society.past == "drop"  # then membership at the instant itself matters
        key = (self._version, tuple(r.state == "active" for r in records.records), at if drop else None)
        if self._society is None or self._society[0] != key:
            groups = self._counted.groups.settled(self._policy, self._counted.context(), self._version)
            if self._chains[0] != self._version:  # each record's chain, made once per version
                self._chains = (self._version, {})
            self._society = (key, society_at(self._policy, records, groups, self._scores, self._chains[1]))
        return self._society[1]  # its ``instant``: the first one it was worked out for (the same since)

    def history(self, person: str) -> tuple[tuple[int, int], ...]:
        """(ts, final score) after each change, in the order this node applied them (at most 2,000).

        ts is the latest author-claimed timestamp among the messages that caused
        the change. This is what *this node* saw: it is not hashed; for a
        timeline that is the same everywhere see :mod:`nosedive.scoring.history`.
        """
        return tuple(self._history.get(person, ()))


def _moved(before: PersonScore | None, after: PersonScore | None) -> bool:
    """Whether a person's final score changed (appearing or disappearing counts as a change)."""
    return before is None or after is None or before.final != after.final
