"""Small, pure rules of the score model that are not arithmetic on the graph."""
from __future__ import annotations

from collections.abc import Mapping

from nosedive.core.policy import Policy

HOUR_MS = 3_600_000


def double_damage_multipliers(policy: Policy, counted: Mapping[str, tuple[int, int]]) -> dict[str, int]:
    """Rater -> 2 for the low ratings that count double ("double damage").

    *counted* maps each rater to the (stars, author-claimed ts) of their
    counted rating of one subject. A low rating (``max_stars`` or fewer) puts
    the subject on double damage for ``hours`` from its timestamp: further low
    ratings stamped inside that window count twice. When the window has passed,
    the next low rating opens a new one. Only the counted ratings and their
    signed timestamps matter, so every node agrees.
    """
    limit = policy.double_damage_max_stars
    if not limit:
        return {}
    window = policy.double_damage_hours * HOUR_MS
    low = sorted((ts, rater) for rater, (stars, ts) in counted.items() if stars <= limit)
    doubled: dict[str, int] = {}
    window_end = -1
    for ts, rater in low:
        if ts < window_end:
            doubled[rater] = 2
        else:
            window_end = ts + window
    return doubled


def fresh_identity_bound(policy: Policy, k: int, other_weight: int = 0, base: int | None = None) -> int:
    """How far *k* fresh identities can move one person's base score (fixed-point).

    Fresh identities are people nobody outside their group has rated. They can
    rate the target and each other and befriend each other; the target's other
    raters (total weight *other_weight*, in thousandths) are not affected.

    Such an identity is rated at best by the other k−1, each weighing at most
    ``weight.max``, so its score is at most
        S = (P·prior + (k−1)·w_max·high) / (P + (k−1)·w_max)      (P = prior weight)
    and its weight at most w_k = weight(S). Together they hold at most
        k·w_k / (P + other_weight + k·w_k)
    of the say over the target's base, so the base moves by at most that share
    of the distance from the target's current *base* to the far end of the
    scale (high − low when *base* is not given), plus one displayed step for
    the rounding. With double damage on, a rating may count twice: w_k doubles.
    """
    if k <= 0:
        return 0
    prior_weight = policy.prior_count * policy.weight_of(policy.prior_value)
    peers = (k - 1) * policy.weight_max
    total = prior_weight + peers
    best = policy.high if total == 0 else (prior_weight * policy.prior_value + peers * policy.high) // total
    w_k = policy.weight_of(min(best, policy.high))
    if policy.double_damage_max_stars:
        w_k *= 2  # their low ratings may count double
    say = k * w_k
    span = policy.high - policy.low
    if base is not None:
        span = max(base + policy.step - policy.low, policy.high - base)
    return -(-say * span // (prior_weight + other_weight + say)) + policy.step
