"""Why a score is what it is, and what it would be if something changed.

This is the data behind ``nosedive explain`` and the app's "drag" view. All
numbers are the model's own fixed-point integers (format them with
:meth:`ScoreTable.format`): the raters' weight shares, each friend's drag
(summing exactly to the total drag), and the tiers.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.policy import PPM
from nosedive.scoring.model import Edge, edge, edge_multiplier, edge_stars
from nosedive.scoring.table import PersonScore, ScoreTable, TierStatus, tier_statuses


@dataclass(frozen=True)
class RaterPart:
    rater: str
    stars: int
    value: int  # what those stars are worth on the scale (fixed-point)
    weight: int  # the rater's weight (thousandths), doubled ratings counted twice
    rater_score: int  # the rater's score that set the weight (one round earlier)
    share: int  # of the whole say over the base, in millionths
    doubled: bool = False  # counted twice: double damage


@dataclass(frozen=True)
class FriendPart:
    friend: str
    friend_base: int  # the friend's score from ratings, which pulls
    fraction: int  # the policy's pull, in millionths (down or up), shared among friends
    drag: int  # this friend's pull on the final score, signed fixed-point


@dataclass(frozen=True)
class Explanation:
    person: str
    score: PersonScore
    prior_value: int
    prior_count: int
    prior_weight: int  # all the virtual ratings together (thousandths)
    prior_share: int  # millionths
    raters: tuple[RaterPart, ...]  # biggest say first
    friends: tuple[FriendPart, ...]  # biggest pull (either way) first
    tiers: tuple[TierStatus, ...]
    grade: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class WhatIf:
    person: str
    change: str  # "unfriend" | "befriend" | "rating"
    before: PersonScore
    after: PersonScore
    tiers: tuple[TierStatus, ...]  # the person's tiers after the change
    flipped: tuple[str, ...]  # tier names that would open or close
    others: Mapping[str, PersonScore]  # everyone whose final score would change (person included)
    table: ScoreTable  # the whole hypothetical table

    @property
    def delta(self) -> int:
        return self.after.final - self.before.final


def explain(table: ScoreTable, person: str) -> Explanation:
    model, policy = table.model, table.policy
    k = model.rounds
    score = table.score(person)
    incoming = model.inn.get(person, {})
    weights, finals = model.weight[k - 1], model.final[k - 1]
    total = model.prior_weight + sum(weights[r] * edge_multiplier(c) for r, c in incoming.items())
    raters: list[RaterPart] = []
    for rater, code in incoming.items():
        weight = weights[rater] * edge_multiplier(code)
        raters.append(RaterPart(
            rater, edge_stars(code), policy.stars_value(edge_stars(code)), weight, finals[rater],
            weight * PPM // total if total else 0, edge_multiplier(code) > 1))
    raters.sort(key=lambda part: (-part.weight, part.rater))
    return Explanation(
        person, score, policy.prior_value, policy.prior_count, model.prior_weight,
        model.prior_weight * PPM // total if total else PPM,
        tuple(raters), friend_parts(table, person), table.tiers(person), table.grade(person), table.labels(person),
    )


def friend_parts(table: ScoreTable, person: str) -> tuple[FriendPart, ...]:
    """How each friend pulls on *person*: biggest pull (either way) first, ties by key."""
    model, policy = table.model, table.policy
    k = model.rounds
    base_k = model.base[k]
    friends = []
    for friend, drag in model.drags(k, person).items():
        fraction = policy.drag_up if base_k[friend] > base_k[person] else policy.drag_down
        friends.append(FriendPart(friend, base_k[friend], fraction, drag))
    friends.sort(key=lambda part: (-abs(part.drag), part.friend))
    return tuple(friends)


def _hypothetical(
    table: ScoreTable,
    edges: Mapping[tuple[str, str], Edge | None],
    friendships: list[tuple[str, str, bool]],
    person: str,
    change: str,
) -> WhatIf:
    model = table.model.fork()
    touched = model.update(edges, friendships, ())
    k = model.rounds
    people = dict(table.people)
    changed: set[str] = set()
    for who in touched:
        people[who] = PersonScore(model.base[k][who], model.final[k][who] - model.base[k][who], model.final[k][who])
        if who not in table.people or table.people[who].final != people[who].final:
            changed.add(who)
    after_table = ScoreTable(table.room_id, table.policy, MappingProxyType(people), model, table.membership)
    before, after = table.score(person), after_table.score(person)
    tiers = tier_statuses(table.policy, after)
    flipped = tuple(new.name for old, new in zip(table.tiers(person), tiers, strict=True)  # one policy: same tiers
                    if (old.state == "open") != (new.state == "open"))
    others = MappingProxyType({who: people[who] for who in sorted(changed) if who in people})
    return WhatIf(person, change, before, after, tiers, flipped, others, after_table)


def what_if_unfriend(table: ScoreTable, person: str, friend: str) -> WhatIf:
    """The score and tiers of *person* if their friendship with *friend* ended."""
    if friend not in table.friends(person):
        raise UsageError(_("those two are not friends (both must have befriended each other)"))
    return _hypothetical(table, {}, [(person, friend, False)], person, "unfriend")


def what_if_befriend(table: ScoreTable, person: str, other: str) -> WhatIf:
    """The score and tiers of *person* if they and *other* became (mutual) friends."""
    if other == person:
        raise UsageError(_("nobody can befriend themselves"))
    if other in table.friends(person):
        raise UsageError(_("those two are already friends"))
    return _hypothetical(table, {}, [(person, other, True)], person, "befriend")


def what_if_rating(table: ScoreTable, person: str, rater: str, stars: int | None) -> WhatIf:
    """The score and tiers of *person* if *rater*'s rating of them were *stars* (None: no rating).

    A hypothetical rating keeps the double-damage multiplier of the rating it replaces.
    """
    if rater == person:
        raise UsageError(_("self-ratings never count"))
    if stars is not None and not 1 <= stars <= 5:
        raise UsageError(_("stars must be from 1 to 5, not {stars}").format(stars=stars))
    current: Edge | None = table.model.inn.get(person, {}).get(rater)
    multiplier = edge_multiplier(current) if current else 1
    code = None if stars is None else edge(stars, multiplier)
    return _hypothetical(table, {(rater, person): code}, [], person, "rating")
