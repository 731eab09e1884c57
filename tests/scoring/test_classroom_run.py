"""A whole noisy session, fed as a node would receive it, always agrees with a fresh recompute."""
from __future__ import annotations

import random

from nosedive.core.policy import load_preset
from nosedive.scoring import ScoreEngine

from .helpers import Room, people


def test_a_long_session_in_random_batches_matches_fresh_recomputes() -> None:
    rng = random.Random(2026)
    room = Room()
    crowd = people(30)
    for _ in range(500):
        a, b = rng.sample(crowd, 2)
        roll = rng.random()
        if roll < 0.8:
            room.rate(a, b, rng.choice((1, 2, 3, 4, 5, 5)))
        else:
            room.friend(a, b, on=rng.random() < 0.8)
    room.post(room.facilitator, "policy", {"policy": dict(load_preset("nosedive"), drag={"down": "0.5", "up": "0.2"})})
    liar = crowd[0]
    seq, _ = room.heads[liar.public_hex]
    order = list(room.messages)
    rng.shuffle(order)
    engine = ScoreEngine(room.id)
    position = 0
    while position < len(order):
        size = rng.choice((1, 1, 2, 5, 40))
        engine.apply(order[position : position + size])
        position += size
        if rng.random() < 0.1 or position >= len(order):
            fresh = ScoreEngine(room.id)
            fresh.apply(order[:position])
            assert engine.table().people == fresh.table().people
    assert engine.policy.drag_down == 500_000  # the facilitator's later policy took over
    forks = {liar.public_hex: max(1, seq // 2)}
    engine.set_forks(forks)
    fresh = ScoreEngine(room.id)
    fresh.set_forks(forks)
    fresh.apply(room.messages)
    assert engine.table().hash() == fresh.table().hash()
    kept = [m for m in room.messages if not (m.author == liar.public_hex and m.seq >= forks[liar.public_hex])]
    unforked = ScoreEngine(room.id)
    unforked.apply(kept)
    assert unforked.table().hash() == fresh.table().hash()
