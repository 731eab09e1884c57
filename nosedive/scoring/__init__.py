"""Scores as a pure, deterministic function of a room's messages and its policy.

engine (incremental scores) → table (the immutable result) → explain (why, and what if)
→ text (the same in sentences); history replays timelines from signed timestamps.
"""
from nosedive.scoring.engine import ScoreEngine
from nosedive.scoring.explain import (
    Explanation,
    FriendPart,
    RaterPart,
    WhatIf,
    explain,
    what_if_befriend,
    what_if_rating,
    what_if_unfriend,
)
from nosedive.scoring.history import replay
from nosedive.scoring.table import PersonScore, ScoreTable, TierStatus, tier_statuses

__all__ = [
    "Explanation", "FriendPart", "PersonScore", "RaterPart", "ScoreEngine", "ScoreTable", "TierStatus",
    "WhatIf", "explain", "replay", "tier_statuses", "what_if_befriend", "what_if_rating", "what_if_unfriend",
]
