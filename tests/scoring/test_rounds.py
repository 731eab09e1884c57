"""Rounds: from the first start on, a rating counts only if it was signed while rating ran.

The property tests build a room from a random plan of ratings, friendships, the facilitator's
round messages and pauses in time, and compare it with an oracle: a second room holding only
the ratings the rule says count, where "running at t" is worked out the plain way (the last
round message signed at or before t, and its countdown) rather than by the engine's intervals.
"""
from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.identity import Identity
from nosedive.scoring import ScoreEngine, explain
from nosedive.scoring.history import replay
from nosedive.scoring.rounds import MINUTE_MS, Rounds, RoundStep, read_rounds

from .helpers import Room
from .strategies import POOL
from .test_determinism import split, table_hash

Plan = list[tuple[str, int, int, int]]
rate_action = st.tuples(st.just("rate"), st.integers(0, 5), st.integers(0, 5), st.integers(1, 5))
friend_action = st.tuples(st.just("friend"), st.integers(0, 5), st.integers(0, 5), st.integers(0, 1))
round_action = st.tuples(st.just("round"), st.integers(0, 3), st.integers(0, 2), st.just(0))  # action, minutes
wait_action = st.tuples(st.just("wait"), st.integers(1, 8), st.just(0), st.just(0))  # 20 s steps
plans = st.lists(st.one_of(rate_action, rate_action, friend_action, round_action, wait_action),
                 min_size=1, max_size=40)
ACTIONS = ("start", "pause", "resume", "end")


def build(plan: Plan) -> Room:
    room = Room()
    for kind, a, b, arg in plan:
        if kind == "round":
            action = ACTIONS[a]
            body: dict[str, Any] = {"action": action}
            if b and action in ("start", "resume"):
                body["minutes"] = b
            room.post(room.facilitator, "round", body)
        elif kind == "wait":
            room.clock += a * 20_000
        elif a != b and kind == "rate":
            room.rate(POOL[a], POOL[b], arg)
        elif a != b:
            room.friend(POOL[a], POOL[b], bool(arg))
    return room


def running_at(room: Room, ts: int) -> bool:
    """The rule the plain way (clocks only move forward here): replay the round messages signed by *ts*."""
    state, deadline, started = "not-started", None, False
    for message in room.messages:
        if message.type != "round" or message.ts > ts:
            continue
        action, minutes = message.body["action"], message.body.get("minutes")
        if action == "start" or (action == "resume" and state == "paused"):
            if action == "start":
                started, deadline = True, None
            if minutes:
                deadline = message.ts + minutes * MINUTE_MS
            state = "running"
        elif action in ("pause", "end") and state in ("running", "paused"):
            state = "paused" if action == "pause" else "ended"
    if not started:
        return True
    return state == "running" and (deadline is None or ts < deadline)


def oracle_people(room: Room) -> Any:
    """Scores of a room holding only the ratings that count: the same people, stars and timestamps."""
    oracle = Room(room.policy, facilitator=room.facilitator)
    by_key = {who.public_hex: who for who in POOL}
    for author in sorted({m.author for m in room.messages[1:]} - {room.facilitator.public_hex}):
        oracle.post(by_key[author], "profile", {"name": author[:6]}, ts=0)  # authors are people regardless
    for message in room.messages[1:]:
        counts = message.type == "friend" or (message.type == "rate" and running_at(room, message.ts))
        if counts:
            oracle.post(by_key[message.author], message.type, message.body, ts=message.ts)
    engine = ScoreEngine(oracle.id)
    engine.apply(oracle.messages)
    return engine.table().people


@settings(max_examples=80, deadline=None)
@given(plan=plans)
def test_only_ratings_signed_while_rating_runs_count(plan: Plan) -> None:
    room = build(plan)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    assert dict(engine.table().people) == dict(oracle_people(room))


@settings(max_examples=60, deadline=None)
@given(plan=plans, seed=st.integers(0, 2**32 - 1), cuts=st.lists(st.integers(0, 100), max_size=6))
def test_rounds_in_any_order_and_batches_give_the_same_hash(plan: Plan, seed: int, cuts: list[int]) -> None:
    room = build(plan)
    reference = table_hash(room.id, [room.messages])
    shuffled = list(room.messages)
    random.Random(seed).shuffle(shuffled)
    assert table_hash(room.id, split(shuffled, cuts)) == reference
    assert table_hash(room.id, [[m] for m in shuffled]) == reference
    assert replay(room.id, shuffled).table.hash() == reference  # the debrief's replay ends on the same table


@settings(max_examples=30, deadline=None)
@given(plan=plans, seed=st.integers(0, 2**32 - 1))
def test_incremental_with_rounds_equals_a_fresh_engine_at_every_step(plan: Plan, seed: int) -> None:
    room = build(plan)
    order = list(room.messages)
    random.Random(seed).shuffle(order)
    engine = ScoreEngine(room.id)
    for i, message in enumerate(order):
        engine.apply([message])
        fresh = ScoreEngine(room.id)
        fresh.apply(order[: i + 1])
        assert engine.table().hash() == fresh.table().hash()
        assert engine.rounds == fresh.rounds


@settings(max_examples=40, deadline=None)
@given(plan=st.lists(st.one_of(rate_action, friend_action, wait_action), min_size=1, max_size=30),
       closers=st.lists(st.sampled_from(["pause", "resume", "end"]), max_size=4))
def test_a_room_without_a_start_scores_as_before(plan: Plan, closers: list[str]) -> None:
    room = build(plan)
    before = table_hash(room.id, [room.messages])
    for action in closers:  # a pause, resume or end with no round started changes nothing
        room.post(room.facilitator, "round", {"action": action})
    assert table_hash(room.id, [room.messages]) == before


def test_a_rating_signed_during_a_pause_counts_nowhere_and_the_earlier_one_stands() -> None:
    room = Room()
    lacie, naomi, chester = POOL[0], POOL[1], POOL[2]
    room.rate(lacie, naomi, 5)  # before any round: rating is open
    room.post(room.facilitator, "round", {"action": "start"})
    room.rate(chester, naomi, 4)
    room.post(room.facilitator, "round", {"action": "pause"})
    paused = [room.rate(lacie, naomi, 1), room.rate(chester, lacie, 1)]
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    without = ScoreEngine(room.id)
    without.apply([m for m in room.messages if m not in paused])
    assert engine.table().hash() == without.table().hash()
    explained = {part.rater: part.stars for part in _raters(engine, naomi)}
    assert explained == {lacie.public_hex: 5, chester.public_hex: 4}  # Lacie's 5 stands, her 1 does not
    room.post(room.facilitator, "round", {"action": "resume"})
    room.rate(lacie, naomi, 1)
    engine.apply(room.messages)
    assert {part.rater: part.stars for part in _raters(engine, naomi)}[lacie.public_hex] == 1


def test_a_countdown_closes_rating_at_its_end() -> None:
    room = Room()
    lacie, naomi = POOL[0], POOL[1]
    start = room.post(room.facilitator, "round", {"action": "start", "minutes": 1})
    on_time = room.rate(lacie, naomi, 2, ts=start.ts + MINUTE_MS - 1)
    late = room.rate(naomi, lacie, 2, ts=start.ts + MINUTE_MS)
    rounds = read_rounds({1: RoundStep(start.ts, "start", 1)})
    assert rounds.counts(on_time.ts) and not rounds.counts(late.ts)
    assert rounds.state_at(start.ts + 10).state == "running"
    assert rounds.state_at(start.ts + 10).ends_at == start.ts + MINUTE_MS
    assert rounds.state_at(start.ts + MINUTE_MS).state == "ended"
    assert not rounds.state_at(start.ts + MINUTE_MS).rating_open
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    assert {p.rater for p in _raters(engine, naomi)} == {lacie.public_hex}
    assert not _raters(engine, lacie)


@pytest.mark.parametrize("steps, expected", [
    ([], Rounds()),
    ([("pause", None), ("end", None)], Rounds()),
    ([("start", None)], Rounds(100, ((100, None),), 1, "running")),
    ([("start", 2), ("pause", None), ("resume", None)],
     Rounds(100, ((100, 200), (300, 100 + 2 * MINUTE_MS)), 1, "running")),
    ([("start", None), ("pause", None), ("resume", 1), ("end", None)],
     Rounds(100, ((100, 200), (300, 400)), 1, "ended")),
    ([("start", None), ("start", None), ("end", None), ("resume", None)],
     Rounds(100, ((100, 200), (200, 300)), 2, "ended")),
    ([("start", None), ("pause", None), ("end", None)], Rounds(100, ((100, 200),), 1, "ended")),
    ([("start", 1), ("end", None), ("start", None)], Rounds(100, ((100, 200), (300, None)), 2, "running")),
    ([("start", 1), ("pause", None), ("resume", None)], Rounds(100, ((100, 200), (300, 100 + MINUTE_MS)), 1,
                                                                 "running")),
])
def test_round_messages_draw_these_intervals(steps: list[tuple[str, int | None]], expected: Rounds) -> None:
    drawn = read_rounds({seq: RoundStep(100 * (seq + 1), action, minutes)
                         for seq, (action, minutes) in enumerate(steps)})
    assert drawn == expected


def test_only_the_facilitators_round_messages_draw_rounds() -> None:
    room = Room()
    intruder: Identity = POOL[3]
    room.post(intruder, "round", {"action": "start"})  # the ledger refuses these; the engine ignores them too
    room.rate(POOL[0], POOL[1], 1)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    assert engine.rounds.always_open
    assert {p.rater for p in _raters(engine, POOL[1])} == {POOL[0].public_hex}


def _raters(engine: ScoreEngine, who: Identity) -> Any:
    return explain(engine.table(), who.public_hex).raters
