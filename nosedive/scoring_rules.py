"""Small, pure rules of the score model that are not arithmetic on the graph."""
from __future__ import annotations

from typing import Mapping

from .policy import Policy

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
