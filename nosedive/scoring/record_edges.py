"""How the machinery bends ratings: the elite hear only praise, a multiplier penalty doubles damage.

Both depend only on signed messages (the facilitator's roles and penalties, the ratings' own
timestamps), never on the instant, so they live in the rating model: the same on every node.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

TOP_STARS = 5  # the only rating a protected person's score hears


@dataclass(frozen=True)
class EdgeRules:
    """Who is protected, and each subject's double-damage windows (start, end, max stars)."""

    elite: frozenset[str] = frozenset()
    windows: Mapping[str, list[tuple[int, int, int]]] = field(default_factory=dict)

    def versions(self, subject: str, versions: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        """A rater's versions (seq -> (stars, ts)) that may count: for the elite, only top ratings,
        so a rater who turns on them keeps counting with their last praise."""
        if subject not in self.elite:
            return versions
        return {seq: version for seq, version in versions.items() if version[0] == TOP_STARS}

    def double(self, subject: str, counted: Mapping[str, tuple[int, int]], multipliers: dict[str, int]) -> None:
        """Mark the raters whose low rating was signed inside one of *subject*'s penalty windows."""
        for start, end, max_stars in self.windows.get(subject, ()):
            for rater, (stars, ts) in counted.items():
                if stars <= max_stars and start <= ts < end:
                    multipliers[rater] = 2


NO_EDGE_RULES = EdgeRules()
