"""What counts: the room's messages as the score model sees them (the same rule on every node).

- per (rater, subject) only the rating with the highest ``seq`` counts;
- a friendship is mutual: both people's latest ``friend`` message says ``on``;
- an author's messages from their lowest fork seq on count for nothing;
- the policy is the facilitator's latest readable ``policy`` message (by seq), else the
  genesis policy, else the ``nosedive`` preset;
- only people who count (:mod:`nosedive.scoring.membership`) rate, befriend and have a score;
- once the facilitator started a round, only ratings signed while rating runs count
  (:mod:`nosedive.scoring.rounds`);
- arrival order, the local clock and dictionary order never matter.

:class:`CountedMessages` keeps every version it was given (a fork verdict may arrive later and
make an earlier one count again) and answers, for the engine, which of them count now.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from nosedive.core.errors import NosediveError
from nosedive.core.messages import Message
from nosedive.core.policy import Policy, default_policy, parse_policy
from nosedive.scoring.group_book import GROUP_TYPES, GroupBook
from nosedive.scoring.membership import VERDICT_TYPES, Membership, membership
from nosedive.scoring.model import Edge, edge
from nosedive.scoring.record_edges import NO_EDGE_RULES
from nosedive.scoring.records import RECORD_TYPES, Context, RecordBook
from nosedive.scoring.rounds import Rounds
from nosedive.scoring.rules import double_damage_multipliers

NEVER = 1 << 62  # a seq no author reaches: "not forked"

Pair = tuple[str, str]  # (author, subject)
PolicyBody = Mapping[str, Any]  # a policy as signed, parsed only when it counts
_Version = TypeVar("_Version")


@dataclass
class Batch:
    """What one batch of messages touched, for the engine's incremental update."""

    rates: set[Pair] = field(default_factory=set)
    friends: set[Pair] = field(default_factory=set)
    people: set[str] = field(default_factory=set)  # authors whose message counts
    rebuild: bool = False  # a fork verdict: everything is recounted
    policy_seen: bool = False
    verdict_seen: bool = False  # an admit or expel (or the genesis): who counts may have changed
    round_seen: bool = False  # a round message: when rating runs may have changed
    record_edges: bool = False  # a role or penalty: who is protected, or whose damage doubles, may have changed
    latest_ts: int = -1  # the latest author-claimed timestamp in the batch
    taken: bool = False  # at least one message was new, or a fork was noted


def unordered(pair: Pair) -> Pair:
    """A friendship's key: the same pair whoever declared it."""
    a, b = pair
    return (a, b) if a <= b else (b, a)


class CountedMessages:
    """Every rating, friend declaration, policy and fork verdict of one room, by author and seq."""

    def __init__(self) -> None:
        # author -> seq -> message id (its 32 bytes: every message held stays here, so keep it small)
        self._seen: dict[str, dict[int, bytes]] = {}
        self._first_seq: dict[str, int] = {}  # author -> lowest seq seen (authors are people)
        self._rates: dict[Pair, dict[int, tuple[int, int]]] = {}  # seq -> (stars, ts)
        self._rated_by: dict[str, set[str]] = {}
        self._declared: dict[Pair, dict[int, bool]] = {}
        self._facilitator: str | None = None
        self._genesis_policy: PolicyBody | None = None
        self._policy_messages: dict[int, PolicyBody] = {}  # facilitator's, by seq
        self._other_policy: dict[tuple[str, int], PolicyBody] = {}  # before the genesis is known
        self._forks: dict[str, int] = {}
        self._verdicts: dict[str, dict[int, bool]] = {}  # subject -> facilitator's seq -> let in
        self._other_verdicts: dict[tuple[str, int], tuple[str, bool]] = {}  # before the genesis is known
        self._membership, self.window = Membership(), Rounds()  # who counts; when ratings count (the engine sets it)
        self.records, self.groups = RecordBook(), GroupBook()  # nosedive.scoring.records, .group_book
        self._edge_rules = NO_EDGE_RULES

    # ------------------------------------------------------------------ input
    def add(self, message: Message, batch: Batch) -> None:
        """Take in one message of the room (a duplicate is ignored; a second id at a seq is a fork)."""
        seen = self._seen.setdefault(message.author, {})
        known, digest = seen.get(message.seq), bytes.fromhex(message.id)
        if known == digest:
            return
        if known is not None:  # the author equivocated right here
            batch.rebuild |= self.note_fork(message.author, message.seq)
            batch.taken |= batch.rebuild
            return
        batch.taken = True
        seen[message.seq] = digest
        batch.latest_ts = max(batch.latest_ts, message.ts)
        if message.seq < self._first_seq.get(message.author, NEVER):
            self._first_seq[message.author] = message.seq
        if message.seq < self.limit(message.author):
            batch.people.add(message.author)
        batch.policy_seen |= self._take(message, batch)

    def _take(self, message: Message, batch: Batch) -> bool:
        """File the message by type; True when it may change the policy."""
        body, author = message.body, message.author
        if message.type == "rate":
            pair = (author, body["subject"])
            self._rates.setdefault(pair, {})[message.seq] = (body["stars"], message.ts)
            self._rated_by.setdefault(pair[1], set()).add(author)
            batch.rates.add(pair)
        elif message.type == "friend":
            pair = (author, body["subject"])
            self._declared.setdefault(pair, {})[message.seq] = bool(body["on"])
            batch.friends.add(pair)
        elif message.type == "room":
            self._facilitator, self._genesis_policy = author, body.get("policy", {})
            for (other, seq), value in self._other_policy.items():
                if other == author:
                    self._policy_messages[seq] = value
            self._other_policy.clear()
            for (other, seq), (subject, let_in) in self._other_verdicts.items():
                if other == author:
                    self._verdicts.setdefault(subject, {})[seq] = let_in
            self._other_verdicts.clear()
            batch.verdict_seen = True
            return True
        elif message.type == "policy":
            if self._facilitator is None:
                self._other_policy[(author, message.seq)] = body.get("policy", {})
            elif author == self._facilitator:
                self._policy_messages[message.seq] = body.get("policy", {})
            return True
        elif message.type in VERDICT_TYPES:
            verdict = (body["subject"], VERDICT_TYPES[message.type])
            if self._facilitator is None:
                self._other_verdicts[(author, message.seq)] = verdict
            elif author == self._facilitator:
                self._verdicts.setdefault(verdict[0], {})[message.seq] = verdict[1]
            batch.verdict_seen = True
        elif message.type in RECORD_TYPES or message.type in GROUP_TYPES:  # a group moves no rating's weight
            batch.record_edges |= (self.records if message.type in RECORD_TYPES else self.groups).add(message)
        return False

    def note_fork(self, author: str, seq: int) -> bool:
        """Record that *author* forked at *seq*; True when that moves their limit (forks never heal)."""
        if seq < self._forks.get(author, NEVER):
            self._forks[author] = seq
            return True
        return False

    # ------------------------------------------------------------------ what counts
    def limit(self, author: str) -> int:
        """The author's messages from this seq on count for nothing."""
        return self._forks.get(author, NEVER)

    def _latest(self, versions: Mapping[int, _Version], author: str) -> _Version | None:
        if author not in self._forks:
            return versions[max(versions)]
        limit = self._forks[author]
        counted = [seq for seq in versions if seq < limit]
        return versions[max(counted)] if counted else None

    def policy(self) -> Policy:
        if self._facilitator is None:
            return default_policy()
        limit = self.limit(self._facilitator)
        for seq in sorted((s for s in self._policy_messages if s < limit), reverse=True):
            try:
                return parse_policy(self._policy_messages[seq])
            except NosediveError:
                continue  # unreadable (e.g. from a newer version): the one before counts
        try:
            return parse_policy(self._genesis_policy or {})
        except NosediveError:
            return default_policy()

    def membership(self, policy: Policy) -> Membership:
        """Who counts under *policy*, by the verdicts held now."""
        facilitator = self._facilitator
        limit = self.limit(facilitator) if facilitator is not None else NEVER
        return membership(policy.admission, facilitator, self._verdicts, limit)

    @property
    def counting(self) -> Membership:
        """Who the answers below count."""
        return self._membership

    def count_only(self, members: Membership) -> None:
        """From now on answer for *members* (then recount everything: who counts changed)."""
        self._membership = members

    def context(self) -> Context:
        return Context(self._facilitator, self._counts, self.limit)  # who counts, for the record book

    def refresh_edge_rules(self, policy: Policy) -> bool:
        """Re-read the protected and the penalty windows under *policy*; True when they changed."""
        rules = self.records.edge_rules(policy, self.context())
        changed, self._edge_rules = rules != self._edge_rules, rules
        return changed

    def _counts(self, person: str) -> bool:
        return self._membership.everyone_counts or self._membership.counts(person)

    def edges_into(self, subject: str, policy: Policy) -> dict[Pair, Edge | None]:
        """The edges into *subject* (None: that rater's rating no longer counts), double damage applied."""
        counted: dict[str, tuple[int, int]] = {}
        members = self._membership
        everyone = members.everyone_counts
        if not (everyone or members.counts(subject)):  # no score of their own: ratings of them are ignored
            return {(rater, subject): None for rater in self._rated_by.get(subject, ())}
        for rater in self._rated_by.get(subject, ()):
            if not (everyone or members.counts(rater)):
                continue
            versions = self._edge_rules.versions(subject, self.window.timely(self._rates[(rater, subject)]))
            latest = self._latest(versions, rater) if versions else None
            if latest is not None:
                counted[rater] = latest
        multipliers = double_damage_multipliers(policy, counted)
        self._edge_rules.double(subject, counted, multipliers)
        result: dict[Pair, Edge | None] = {(rater, subject): None for rater in self._rated_by.get(subject, ())}
        for rater, (stars, _) in counted.items():
            result[(rater, subject)] = edge(stars, multipliers.get(rater, 1))
        return result

    def all_edges(self, policy: Policy) -> dict[Pair, Edge]:
        """Every rating that counts, for a full recount."""
        edges: dict[Pair, Edge] = {}
        for subject in self._rated_by:
            edges.update((pair, code) for pair, code in self.edges_into(subject, policy).items() if code is not None)
        return edges

    def mutual(self, a: str, b: str) -> bool:
        ab, ba = self._declared.get((a, b)), self._declared.get((b, a))
        return bool(ab and ba and self._latest(ab, a) and self._latest(ba, b)
                    and self._counts(a) and self._counts(b))

    def friendships(self, declared: Iterable[Pair]) -> list[tuple[str, str, bool]]:
        """(a, b, mutual now) for each pair that *declared* touches, once per pair."""
        return [(a, b, self.mutual(a, b)) for a, b in {unordered(pair) for pair in declared}]

    def all_friendships(self) -> list[tuple[str, str, bool]]:
        """Every mutual friendship, for a full recount."""
        return [(a, b, on) for a, b, on in self.friendships(self._declared) if on]

    def _counted_subjects(self, pairs: Iterable[Pair], versions: Mapping[Pair, Mapping[int, object]]) -> set[str]:
        forks, members = self._forks, self._membership
        if members.everyone_counts:
            return {s for (a, s) in pairs if a not in forks or min(versions[(a, s)]) < forks[a]}
        counts = members.counts
        return {s for (a, s) in pairs
                if (a not in forks or min(versions[(a, s)]) < forks[a]) and counts(a) and counts(s)}

    def people_in(self, batch: Batch) -> set[str]:
        """Everyone the batch makes a person of the room: counted authors and their subjects."""
        return (set(filter(self._counts, batch.people)) | self._counted_subjects(batch.friends, self._declared)
                | self._counted_subjects(*self.window.timely_rates(batch.rates, self._rates)))

    def all_people(self) -> set[str]:
        people = {a for a, seq in self._first_seq.items() if seq < self.limit(a) and self._counts(a)}
        rated = self._counted_subjects(*self.window.timely_rates(self._rates, self._rates))
        return people | rated | self._counted_subjects(self._declared, self._declared)
