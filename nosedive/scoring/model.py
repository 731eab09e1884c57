"""The integer core of the score model, updated incrementally.

The model runs a fixed number of rounds (``policy.iterations``). Round 0 gives
everyone the prior value. Round k (1..N):

- each rater's weight comes from their *final* score of round k-1, as displayed;
- base_k(p) = (prior weight × prior value + Σ weight × value of stars)
              / (prior weight + Σ weight), cut to the displayed precision;
- final_k(p) = base_k(p) + Σ over mutual friends f of drag(p, f), where
  drag(p, f) = fraction × (base_k(f) − base_k(p)) / number of p's friends,
  cut toward zero to the displayed precision; the fraction is ``drag.down``
  when f is lower and ``drag.up`` when f is higher.

Everything is an integer, and sums are kept as exact running totals, so an
update touching only what changed gives exactly the numbers of a full
recomputation, whatever order the changes came in. :meth:`Model.fork` makes a
cheap copy (inner dictionaries are copied on write) for immutable snapshots.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from nosedive.core.policy import PPM, Policy

Edge = int  # stars | (multiplier << 3): one rating, with its double-damage multiplier


def edge(stars: int, multiplier: int = 1) -> Edge:
    return stars | (multiplier << 3)


def edge_stars(code: Edge) -> int:
    return code & 7


def edge_multiplier(code: Edge) -> int:
    return code >> 3


def _tdiv(a: int, b: int) -> int:
    """Integer division rounding toward zero (b > 0)."""
    return a // b if a >= 0 else -((-a) // b)


class Model:
    """Mutable scoring state of one room under one policy."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        rounds = policy.iterations + 1
        self.out: dict[str, dict[str, Edge]] = {}  # rater -> subject -> edge
        self.inn: dict[str, dict[str, Edge]] = {}  # subject -> rater -> edge
        self.friends: dict[str, frozenset[str]] = {}  # mutual friendships
        self.people: set[str] = set()
        self.num: list[dict[str, int]] = [{} for _ in range(rounds)]
        self.den: list[dict[str, int]] = [{} for _ in range(rounds)]
        self.base: list[dict[str, int]] = [{} for _ in range(rounds)]
        self.final: list[dict[str, int]] = [{} for _ in range(rounds)]
        self.weight: list[dict[str, int]] = [{} for _ in range(rounds)]
        self._owned_out: set[str] = set()
        self._owned_in: set[str] = set()
        self.neutral_weight = policy.weight_of(policy.prior_value)
        self.prior_weight = policy.prior_count * self.neutral_weight
        maximum = 3 * 8  # multipliers 0..2
        self._value = [policy.stars_value(c & 7) * (c >> 3) if 1 <= c & 7 <= 5 else 0 for c in range(maximum)]
        self._mult = [c >> 3 if 1 <= c & 7 <= 5 else 0 for c in range(maximum)]

    @property
    def rounds(self) -> int:
        return self.policy.iterations

    # ------------------------------------------------------------------ copies
    def fork(self) -> Model:
        """An independent copy; both sides copy inner dictionaries before writing."""
        other = Model.__new__(Model)
        other.__dict__.update(self.__dict__)
        other.out, other.inn, other.friends = dict(self.out), dict(self.inn), dict(self.friends)
        other.people = set(self.people)
        for name in ("num", "den", "base", "final", "weight"):
            setattr(other, name, [dict(d) for d in getattr(self, name)])
        other._owned_out, other._owned_in = set(), set()
        self._owned_out, self._owned_in = set(), set()
        return other

    def _set_edge(self, rater: str, subject: str, code: Edge | None) -> None:
        if rater not in self._owned_out:
            self.out[rater] = dict(self.out.get(rater, {}))
            self._owned_out.add(rater)
        if subject not in self._owned_in:
            self.inn[subject] = dict(self.inn.get(subject, {}))
            self._owned_in.add(subject)
        if code is None:
            self.out[rater].pop(subject, None)
            self.inn[subject].pop(rater, None)
        else:
            self.out[rater][subject] = code
            self.inn[subject][rater] = code

    # ------------------------------------------------------------------ formulas
    def compute_base(self, num: int, den: int) -> int:
        policy = self.policy
        total = self.prior_weight + den
        if total == 0:
            return policy.prior_value
        return policy.shown((self.prior_weight * policy.prior_value + num) // total)

    def drags(self, k: int, person: str) -> dict[str, int]:
        """Friend -> that friend's drag on *person* in round *k*."""
        friends = self.friends.get(person)
        if not friends:
            return {}
        policy, base = self.policy, self.base[k]
        mine, share = base[person], len(friends) * PPM * policy.step
        result = {}
        for friend in friends:
            diff = base[friend] - mine
            fraction = policy.drag_up if diff > 0 else policy.drag_down
            result[friend] = _tdiv(fraction * diff, share) * policy.step
        return result

    def compute_final(self, k: int, person: str) -> int:
        return self.base[k][person] + sum(self.drags(k, person).values())

    # ------------------------------------------------------------------ updates
    def update(
        self,
        edges: Mapping[tuple[str, str], Edge | None],
        friendships: Iterable[tuple[str, str, bool]] = (),
        people: Iterable[str] = (),
    ) -> set[str]:
        """Apply changed ratings, friendships and newcomers.

        Returns everyone whose base or final score of the last round may have
        changed (a superset of those that did).
        """
        policy = self.policy
        friendships = list(friendships)
        named = set(people) | {p for pair, code in edges.items() if code is not None for p in pair}
        named |= {p for a, b, on in friendships if on for p in (a, b)}
        new_people = named - self.people
        for person in new_people:
            self.people.add(person)
            self.final[0][person] = policy.prior_value
            self.weight[0][person] = self.neutral_weight
        changed_edges: dict[str, dict[str, Edge | None]] = {}
        for (rater, subject), code in edges.items():
            old = self.out.get(rater, {}).get(subject)
            if old != code:
                changed_edges.setdefault(rater, {})[subject] = old
                self._set_edge(rater, subject, code)
        befriended: set[str] = set()
        for a, b, on in friendships:
            for me, other in ((a, b), (b, a)):
                mine = self.friends.get(me, frozenset())
                updated = mine | {other} if on else mine - {other}
                if updated != mine:
                    self.friends[me] = updated
                    befriended.add(me)
        touched: set[str] = set()
        old_weights: dict[str, int] = {}
        for k in range(1, self.rounds + 1):
            dirty = self._sum_round(k, changed_edges, old_weights)
            touched, old_weights = self._settle_round(k, dirty | new_people, befriended | new_people)
        return touched | new_people

    def _sum_round(
        self, k: int, changed_edges: dict[str, dict[str, Edge | None]], old_weights: dict[str, int]
    ) -> set[str]:
        num, den, weights = self.num[k], self.den[k], self.weight[k - 1]
        value, mult = self._value, self._mult
        dirty: set[str] = set()
        for rater in changed_edges.keys() | old_weights.keys():
            new_w = weights[rater]
            old_w = old_weights.get(rater, new_w)
            touched = changed_edges.get(rater, {})
            current = self.out.get(rater, {})
            for subject, old in touched.items():
                now = current.get(subject)
                add_num = (new_w * value[now] if now else 0) - (old_w * value[old] if old else 0)
                add_den = (new_w * mult[now] if now else 0) - (old_w * mult[old] if old else 0)
                num[subject] = num.get(subject, 0) + add_num
                den[subject] = den.get(subject, 0) + add_den
                dirty.add(subject)
            if new_w != old_w:
                delta = new_w - old_w
                for subject, code in current.items():
                    if subject not in touched:
                        num[subject] = num.get(subject, 0) + delta * value[code]
                        den[subject] = den.get(subject, 0) + delta * mult[code]
                        dirty.add(subject)
        return dirty

    def _settle_round(self, k: int, dirty: set[str], befriended: set[str]) -> tuple[set[str], dict[str, int]]:
        num, den, base = self.num[k], self.den[k], self.base[k]
        moved = set()
        for person in dirty:
            value = self.compute_base(num.get(person, 0), den.get(person, 0))
            if base.get(person) != value:
                base[person] = value
                moved.add(person)
        touched = moved | befriended
        for person in moved:
            touched |= self.friends.get(person, frozenset())
        final, weight = self.final[k], self.weight[k]
        changed, old_weights = set(), {}
        for person in touched:
            value = self.compute_final(k, person)
            if final.get(person) != value:
                final[person] = value
                changed.add(person)
                new_w = self.policy.weight_of(value)
                old_w = weight.get(person)
                if old_w != new_w:
                    weight[person] = new_w
                    if old_w is not None:
                        old_weights[person] = old_w
        return touched, old_weights
