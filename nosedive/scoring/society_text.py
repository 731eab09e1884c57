"""Groups, agencies and joint punishment in sentences, for ``explain``, ``groups``, ``agencies`` and ``rules``."""
from __future__ import annotations

from nosedive.core.policy import Policy


def group_kinds(policy: Policy) -> tuple[str, ...]:
    """The kinds of group the room's policy allows, in policy order (empty: the room has no groups)."""
    return tuple(policy.society.kinds)
