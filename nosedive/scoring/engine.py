"""Scores of a room: a pure function of its messages and its policy (Qt-free).

:class:`ScoreEngine` keeps one room's scores up to date as messages arrive, in
any order, in any batches; :class:`ScoreTable` is its immutable snapshot. The
model itself is in :mod:`nosedive.scoring.model`, explanations and what-ifs in
:mod:`nosedive.scoring.explain`, and the plain-words description in ``docs/scoring.md``.

What counts (the same rule on every node):
- per (rater, subject) only the rating with the highest ``seq`` counts;
- a friendship is mutual: both people's latest ``friend`` message says ``on``;
- an author's messages from their lowest fork seq on count for nothing;
- the policy is the facilitator's latest ``policy`` message (by seq), else the
  genesis policy, else the ``nosedive`` preset;
- arrival order, the local clock and dictionary order never matter.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from nosedive.core.errors import NosediveError
from nosedive.core.messages import Message
from nosedive.core.policy import Policy, default_policy, parse_policy
from nosedive.scoring.model import Edge, Model, edge
from nosedive.scoring.rules import double_damage_multipliers
from nosedive.scoring.table import PersonScore, ScoreTable

HISTORY_LIMIT = 2_000  # score changes kept per person (memory stays bounded on a kiosk)
_NEVER = 1 << 62


class ScoreEngine:
    """Incremental scores of one room. Not thread-safe: one owner applies; tables travel."""

    def __init__(self, room_id: str) -> None:
        self.room_id = room_id
        self._seen: dict[tuple[str, int], str] = {}
        self._first_seq: dict[str, int] = {}  # author -> lowest seq seen (authors are people)
        self._rates: dict[tuple[str, str], dict[int, tuple[int, int]]] = {}  # seq -> (stars, ts)
        self._rated_by: dict[str, set[str]] = {}
        self._declared: dict[tuple[str, str], dict[int, bool]] = {}
        self._facilitator: str | None = None
        self._genesis_policy: Mapping | None = None
        self._policy_messages: dict[int, Mapping] = {}  # facilitator's, by seq
        self._other_policy: dict[tuple[str, int], Mapping] = {}  # before the genesis is known
        self._forks: dict[str, int] = {}
        self._policy = default_policy()
        self._model = Model(self._policy)
        self._scores: dict[str, PersonScore] = {}
        self._history: dict[str, deque[tuple[int, int]]] = {}
        self._last_ts = 0

    @property
    def policy(self) -> Policy:
        return self._policy

    # ------------------------------------------------------------------ input
    def apply(self, messages: Iterable[Message]) -> frozenset[str]:
        """Take in messages (any order, duplicates ignored); return whose final score changed."""
        rates: set[tuple[str, str]] = set()
        friends: set[tuple[str, str]] = set()
        people: set[str] = set()
        rebuild = policy_seen = False
        batch_ts = -1
        for message in messages:
            if message.room != self.room_id:
                continue
            key = (message.author, message.seq)
            known = self._seen.get(key)
            if known == message.id:
                continue
            if known is not None:  # the author equivocated right here
                rebuild |= self._note_fork(message.author, message.seq)
                continue
            self._seen[key] = message.id
            batch_ts = max(batch_ts, message.ts)
            if message.seq < self._first_seq.get(message.author, _NEVER):
                self._first_seq[message.author] = message.seq
            if message.seq < self._limit(message.author):
                people.add(message.author)
            policy_seen |= self._take(message, rates, friends)
        if policy_seen and self._resolve_policy().digest != self._policy.digest:
            rebuild = True
        changed = self._rebuild() if rebuild else self._incremental(rates, friends, people)
        self._last_ts = max(self._last_ts, batch_ts)
        self._record(changed, batch_ts if batch_ts >= 0 else self._last_ts)
        return frozenset(changed)

    def _take(self, message: Message, rates: set, friends: set) -> bool:
        body, author = message.body, message.author
        if message.type == "rate":
            pair = (author, body["subject"])
            self._rates.setdefault(pair, {})[message.seq] = (body["stars"], message.ts)
            self._rated_by.setdefault(pair[1], set()).add(author)
            rates.add(pair)
        elif message.type == "friend":
            pair = (author, body["subject"])
            self._declared.setdefault(pair, {})[message.seq] = bool(body["on"])
            friends.add(pair)
        elif message.type == "room":
            self._facilitator, self._genesis_policy = author, body.get("policy", {})
            for (other, seq), value in self._other_policy.items():
                if other == author:
                    self._policy_messages[seq] = value
            self._other_policy.clear()
            return True
        elif message.type == "policy":
            if self._facilitator is None:
                self._other_policy[(author, message.seq)] = body.get("policy", {})
            elif author == self._facilitator:
                self._policy_messages[message.seq] = body.get("policy", {})
            return True
        return False

    def set_forks(self, forked: Mapping[str, int]) -> None:
        """Authors who equivocated, with their lowest fork seq (forks never heal)."""
        rebuild = False
        for author, seq in forked.items():
            rebuild |= self._note_fork(author, seq)
        if rebuild:
            self._record(self._rebuild(), self._last_ts)

    def _note_fork(self, author: str, seq: int) -> bool:
        if seq < self._forks.get(author, _NEVER):
            self._forks[author] = seq
            return True
        return False

    # ------------------------------------------------------------------ what counts
    def _limit(self, author: str) -> int:
        return self._forks.get(author, _NEVER)

    def _latest(self, versions: Mapping[int, object], author: str) -> object | None:
        if author not in self._forks:
            return versions[max(versions)]
        limit = self._forks[author]
        counted = [seq for seq in versions if seq < limit]
        return versions[max(counted)] if counted else None

    def _resolve_policy(self) -> Policy:
        if self._facilitator is None:
            return default_policy()
        limit = self._limit(self._facilitator)
        for seq in sorted((s for s in self._policy_messages if s < limit), reverse=True):
            try:
                return parse_policy(self._policy_messages[seq])
            except NosediveError:
                continue  # unreadable (e.g. from a newer version): the one before counts
        try:
            return parse_policy(self._genesis_policy or {})
        except NosediveError:
            return default_policy()

    def _subject_edges(self, subject: str) -> dict[tuple[str, str], Edge | None]:
        """The edges into *subject*, with double-damage multipliers."""
        counted: dict[str, tuple[int, int]] = {}
        for rater in self._rated_by.get(subject, ()):
            latest = self._latest(self._rates[(rater, subject)], rater)
            if latest is not None:
                counted[rater] = latest  # type: ignore[assignment]
        multipliers = double_damage_multipliers(self._policy, counted)
        result: dict[tuple[str, str], Edge | None] = {
            (rater, subject): None for rater in self._rated_by.get(subject, ())}
        for rater, (stars, _) in counted.items():
            result[(rater, subject)] = edge(stars, multipliers.get(rater, 1))
        return result

    def _mutual(self, a: str, b: str) -> bool:
        ab, ba = self._declared.get((a, b)), self._declared.get((b, a))
        return bool(ab and ba and self._latest(ab, a) and self._latest(ba, b))

    def _counted_subjects(self, pairs: Iterable[tuple[str, str]], table: Mapping) -> set[str]:
        forks = self._forks
        return {s for (a, s) in pairs if a not in forks or min(table[(a, s)]) < forks[a]}

    def _incremental(self, rates: set, friends: set, people: set[str]) -> set[str]:
        edges: dict[tuple[str, str], Edge | None] = {}
        for subject in {s for _, s in rates}:
            edges.update(self._subject_edges(subject))
        pairs = {tuple(sorted(pair)) for pair in friends}
        friendships = [(a, b, self._mutual(a, b)) for a, b in pairs]
        people |= self._counted_subjects(rates, self._rates) | self._counted_subjects(friends, self._declared)
        touched = self._model.update(edges, friendships, people)
        before = {p: self._scores.get(p) for p in touched}
        self._refresh_scores(touched)
        return {p for p in touched if before[p] is None or before[p].final != self._scores[p].final}

    def _rebuild(self) -> set[str]:
        self._policy = self._resolve_policy()
        self._model = Model(self._policy)
        edges: dict[tuple[str, str], Edge | None] = {}
        for subject in self._rated_by:
            edges.update(self._subject_edges(subject))
        edges = {pair: code for pair, code in edges.items() if code is not None}
        pairs = {tuple(sorted(pair)) for pair in self._declared}
        friendships = [(a, b, True) for a, b in pairs if self._mutual(a, b)]
        people = {a for a, seq in self._first_seq.items() if seq < self._limit(a)}
        people |= self._counted_subjects(self._rates, self._rates)
        people |= self._counted_subjects(self._declared, self._declared)
        self._model.update(edges, friendships, people)
        old = self._scores
        self._scores = {}
        self._refresh_scores(self._model.people)
        return {p for p in old.keys() | self._scores.keys()
                if p not in old or p not in self._scores or old[p].final != self._scores[p].final}

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
    def table(self) -> ScoreTable:
        return ScoreTable(self.room_id, self._policy, MappingProxyType(dict(self._scores)), self._model.fork())

    def history(self, person: str) -> tuple[tuple[int, int], ...]:
        """(ts, final score) after each change, in the order this node applied them (at most 2,000).

        ts is the latest author-claimed timestamp among the messages that caused
        the change. This is what *this node* saw: it is not hashed; for a
        timeline that is the same everywhere see :mod:`nosedive.scoring.history`.
        """
        return tuple(self._history.get(person, ()))
