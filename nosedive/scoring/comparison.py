"""Two rule sets over the same session, person by person, in sentences.

:func:`compare` scores the same messages under two policies
(:mod:`nosedive.scoring.counterfactual`), replays both timelines to find when each person's
paths parted, and says what it can attribute: the doors that differ, whose friend drag and
whose rater weight differ, the prior's share, double damage, records and who counts. It does
not claim more: a score moves for many reasons at once, so each sentence names one
difference seen in the two explanations, biggest first, never a single "cause".
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from nosedive.core.i18n import _
from nosedive.core.messages import Message
from nosedive.core.policy import PPM, Policy
from nosedive.scoring.changes import describe_change, number
from nosedive.scoring.counterfactual import counterfactual_replay, counterfactual_table
from nosedive.scoring.explain import Explanation, explain
from nosedive.scoring.history import Timeline
from nosedive.scoring.table import PersonScore, ScoreTable

Namer = Callable[[str], str]
Clock = Callable[[int], str]


def utc_clock(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts / 1000, dt.UTC).strftime("%H:%M")


@dataclass(frozen=True)
class PersonChange:
    person: str
    first: PersonScore
    second: PersonScore
    first_grade: str
    second_grade: str
    opened: tuple[str, ...]  # doors open under the second rules only
    closed: tuple[str, ...]  # doors open under the first rules only
    diverged_at: int | None  # the first bucket end at which the two paths stood apart (None: never)
    reasons: tuple[str, ...]  # sentences: what differs, biggest first

    @property
    def differs(self) -> bool:
        return self.diverged_at is not None or bool(self.opened or self.closed) or self.first != self.second


@dataclass(frozen=True)
class Comparison:
    first: ScoreTable
    second: ScoreTable
    first_label: str
    second_label: str
    rules: str  # what differs between the two policies (describe_change)
    people: tuple[PersonChange, ...]  # by the first table's ranking, then newcomers by key
    # each side's replayed timelines (person -> Timeline), for drawing both paths side by side
    paths: tuple[Mapping[str, Timeline], Mapping[str, Timeline]] = field(default=({}, {}), repr=False, compare=False)

    @property
    def changed(self) -> tuple[PersonChange, ...]:
        return tuple(change for change in self.people if change.differs)


def compare(
    room_id: str,
    messages: Iterable[Message],
    first: Policy,
    second: Policy,
    *,
    labels: tuple[str, str] | None = None,
    forks: Mapping[str, int] | None = None,
    at: int | None = None,
    instant: int | None = None,
    name: Namer = str,
    clock: Clock = utc_clock,
    bucket_ms: int = 60_000,
) -> Comparison:
    """The session's messages (signed by *at*) under *first* and under *second*, person by person."""
    held = list(messages)
    tables = [counterfactual_table(room_id, held, policy, forks=forks, at=at, instant=instant)
              for policy in (first, second)]
    replays = [counterfactual_replay(room_id, held, policy, forks=forks, at=at, bucket_ms=bucket_ms)
               for policy in (first, second)]
    one, two = labels or (first.title or _("these rules"), second.title or _("the other rules"))
    people = tables[0].ranking() + sorted(tables[1].people.keys() - tables[0].people.keys())
    changes = []
    for person in people:
        parted = _parted(first, second, replays[0].timeline(person), replays[1].timeline(person))
        changes.append(_change(tables[0], tables[1], person, parted, (one, two), name, clock))
    return Comparison(tables[0], tables[1], one, two, describe_change(first, second), tuple(changes),
                      paths=(replays[0].timelines, replays[1].timelines))


def _change(a: ScoreTable, b: ScoreTable, person: str, parted: int | None, labels: tuple[str, str],
            name: Namer, clock: Clock) -> PersonChange:
    open_a = {t.name for t in a.tiers(person) if t.state == "open"}
    open_b = {t.name for t in b.tiers(person) if t.state == "open"}
    opened = tuple(t.name for t in b.policy.tiers if t.name in open_b - open_a)
    closed = tuple(t.name for t in a.policy.tiers if t.name in open_a - open_b)
    one, two = labels
    reasons = []
    if parted is not None:
        reasons.append(_("the paths parted at {time}").format(time=clock(parted)))
    if opened:
        reasons.append(_("open only under {rules}: {doors}").format(rules=two, doors=", ".join(opened)))
    if closed:
        reasons.append(_("open only under {rules}: {doors}").format(rules=one, doors=", ".join(closed)))
    reasons += attribute(a, b, person, labels, name)
    return PersonChange(person, a.score(person), b.score(person), a.grade(person), b.grade(person),
                        opened, closed, parted, tuple(reasons))


def attribute(a: ScoreTable, b: ScoreTable, person: str, labels: tuple[str, str], name: Namer) -> list[str]:
    """What the two explanations of *person* show to differ, in sentences (nothing when nothing does)."""
    one, two = labels
    ea, eb = explain(a, person), explain(b, person)
    parts = []
    if a.status(person) != b.status(person):
        parts.append(_("who counts: {first_rules} make you {first}, {second_rules} {second}").format(
            first_rules=one, first=a.status(person), second_rules=two, second=b.status(person)))
    parts += _drag(a, b, ea, eb, labels, name)
    parts += _weights(ea, eb, labels, name)
    if abs(ea.prior_share - eb.prior_share) >= PPM // 100:
        parts.append(_("the prior: imaginary ratings had {first} of the say under {first_rules}, "
                       "{second} under {second_rules}").format(first=_percent(ea.prior_share), first_rules=one,
                                                               second=_percent(eb.prior_share), second_rules=two))
    parts += _doubled(ea, eb, labels, name)
    if ea.score.records != eb.score.records:
        parts.append(_("records and penalties: {first} under {first_rules}, {second} under {second_rules}").format(
            first=a.format_signed(ea.score.records), first_rules=one,
            second=b.format_signed(eb.score.records), second_rules=two))
    return parts


def _drag(a: ScoreTable, b: ScoreTable, ea: Explanation, eb: Explanation, labels: tuple[str, str],
          name: Namer) -> list[str]:
    pulls_a = {part.friend: part.drag for part in ea.friends}
    pulls_b = {part.friend: part.drag for part in eb.friends}
    if ea.score.drag == eb.score.drag and pulls_a == pulls_b:
        return []
    one, two = labels

    def moved(friend: str) -> tuple[int, str]:  # on each table's scale, as a share of it
        return (-abs(_ppm(a, pulls_a.get(friend, 0)) - _ppm(b, pulls_b.get(friend, 0))), friend)

    friend = min(pulls_a.keys() | pulls_b.keys(), key=moved, default=None)
    if friend is None:
        return []
    pull_a, pull_b = pulls_a.get(friend, 0), pulls_b.get(friend, 0)
    return [_("friend drag: {friend} pulled you {first} under {first_rules}; under {second_rules}, {second} "
              "(a friend pulls down {down}, up {up})").format(
        friend=name(friend), first=_pull(a, pull_a), first_rules=one, second_rules=two, second=_pull(b, pull_b),
        down=_percent(b.policy.drag_down), up=_percent(b.policy.drag_up))]


def _weights(ea: Explanation, eb: Explanation, labels: tuple[str, str], name: Namer) -> list[str]:
    shares_a = {part.rater: part.share for part in ea.raters}
    shares_b = {part.rater: part.share for part in eb.raters}
    raters = sorted(shares_a.keys() & shares_b.keys(),
                    key=lambda r: (-abs(shares_a[r] - shares_b[r]), r))
    if not raters or abs(shares_a[raters[0]] - shares_b[raters[0]]) < PPM // 100:
        return []
    rater, (one, two) = raters[0], labels
    return [_("rater weights: {rater}'s rating had {first} of the say under {first_rules}, "
              "{second} under {second_rules}").format(rater=name(rater), first=_percent(shares_a[rater]),
                                                      first_rules=one, second=_percent(shares_b[rater]),
                                                      second_rules=two)]


def _doubled(ea: Explanation, eb: Explanation, labels: tuple[str, str], name: Namer) -> list[str]:
    doubled_a = {part.rater for part in ea.raters if part.doubled}
    doubled_b = {part.rater for part in eb.raters if part.doubled}
    parts = []
    for raters, rules in ((doubled_a - doubled_b, labels[0]), (doubled_b - doubled_a, labels[1])):
        if raters:
            parts.append(_("double damage: {raters} counted twice only under {rules}").format(
                raters=", ".join(sorted(name(r) for r in raters)), rules=rules))
    return parts


def _pull(table: ScoreTable, drag: int) -> str:
    if drag == 0:
        return _("not at all")
    word = _("down by {amount}") if drag < 0 else _("up by {amount}")
    return word.format(amount=table.format(abs(drag)))


def _percent(ppm: int) -> str:
    """Millionths as a percentage to one decimal, cut toward zero: 62278 → "6.2%"."""
    return f"{number(ppm // 1_000 * 1_000 * 100, PPM)}%"


def _ppm(table: ScoreTable, value: int) -> int:
    """*value* (a change on the table's scale) as millionths of the scale's span."""
    return value * PPM // (table.policy.high - table.policy.low)


def _parted(first: Policy, second: Policy, path_a: Timeline, path_b: Timeline) -> int | None:
    """The first bucket end at which the two paths stood apart (on the same scale: the score;
    on two scales: the place along the scale), or None when they never did."""
    same_scale = (first.low, first.high) == (second.low, second.high)

    def place(policy: Policy, score: int) -> int:
        return score if same_scale else (score - policy.low) * PPM // (policy.high - policy.low)

    at_a, at_b = dict(path_a), dict(path_b)
    now_a, now_b = first.prior_value, second.prior_value
    for stamp in sorted(at_a.keys() | at_b.keys()):
        now_a, now_b = at_a.get(stamp, now_a), at_b.get(stamp, now_b)
        if place(first, now_a) != place(second, now_b):
            return stamp
    return None
