"""Scores as a pure, deterministic function of a room's messages and its policy.

counted (what counts) → engine (incremental scores) → table (the immutable result)
→ explain (why, and what if) → drag (the friends' pull, for the app) and text (the same in
sentences); history replays timelines from signed timestamps.
"""
from nosedive.scoring.drag import DragSummary, FriendPull, drag_summary
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
from nosedive.scoring.record_state import PenaltyRecord, Record, RecordsAt
from nosedive.scoring.society_text import group_kinds
from nosedive.scoring.table import PersonScore, ScoreTable, TierStatus, tier_statuses

__all__ = [
    "PenaltyRecord", "Record", "RecordsAt", "group_kinds",
    "DragSummary", "Explanation", "FriendPart", "FriendPull", "PersonScore", "RaterPart", "ScoreEngine",
    "ScoreTable", "TierStatus", "WhatIf", "drag_summary", "explain", "replay", "tier_statuses",
    "what_if_befriend", "what_if_rating", "what_if_unfriend",
]
