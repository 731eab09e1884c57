"""Hypothesis strategies: small rooms of real signed messages from a fixed pool of people."""
from __future__ import annotations

from hypothesis import strategies as st

from nosedive.core.identity import Identity

from .helpers import Room

POOL = [Identity.generate() for _ in range(6)]

# ("rate", rater, subject, stars) or ("friend", a, b, on)
rate_action = st.tuples(st.just("rate"), st.integers(0, 5), st.integers(0, 5), st.integers(1, 5))
friend_action = st.tuples(st.just("friend"), st.integers(0, 5), st.integers(0, 5), st.booleans())
actions = st.lists(st.one_of(rate_action, rate_action, friend_action), min_size=1, max_size=30)


def build(room: Room, plan: list[tuple]) -> Room:
    """Post *plan* into *room* (self-ratings and self-friendships are skipped: they cannot be signed)."""
    for kind, a, b, arg in plan:
        if a == b:
            continue
        if kind == "rate":
            room.rate(POOL[a], POOL[b], arg)
        else:
            room.friend(POOL[a], POOL[b], arg)
    return room


def room_from(plan: list[tuple]) -> Room:
    return build(Room(), plan)

pair = st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda p: p[0] != p[1])


@st.composite
def friendly_actions(draw: st.DrawFn) -> list[tuple]:
    """Actions that end with at least one mutual friendship (the first of the drawn pairs)."""
    plan = draw(actions)
    for a, b in draw(st.lists(pair, min_size=1, max_size=3)):
        plan += [("friend", a, b, True), ("friend", b, a, True)]
    return plan
