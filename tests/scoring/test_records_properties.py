"""Records, penalties and the elite: the same table for the same instant, whatever the order."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.core.policy import load_preset
from nosedive.scoring import ScoreEngine, ScoreTable

from .helpers import BASE_TS, Room

MINUTE = 60_000
ACTS = ("jaywalking", "traffic ticket", "rumours online", "heroic act")
CROWD = [Identity.generate() for _ in range(6)]  # 0 collector, 1 court, 2 official; the rest ordinary


def city_room() -> Room:
    room = Room(policy=load_preset("city"))
    for i, who in enumerate(CROWD):  # everyone is a person of the room before any record
        room.rate(who, CROWD[(i + 1) % len(CROWD)], 3, ts=BASE_TS)
    for who, role in ((CROWD[0], "collector"), (CROWD[1], "court"), (CROWD[2], "official")):
        room.post(room.facilitator, "role", {"subject": who.public_hex, "role": role, "on": True}, ts=BASE_TS)
    return room


step = st.tuples(st.sampled_from(("rate", "report", "confirm", "appeal", "ruling", "penalty")),
                 st.integers(0, 5), st.integers(0, 5), st.integers(1, 5), st.integers(0, 120))


def play(room: Room, plan: list[tuple[str, int, int, int, int]]) -> None:
    reports: list[Message] = []
    for kind, a, b, n, minute in plan:
        ts = BASE_TS + minute * MINUTE
        author, subject = CROWD[a], CROWD[b]
        if kind == "rate" and a != b:
            room.rate(author, subject, n, ts=ts)
        elif kind == "report" and a != b:
            reports.append(room.post(author, "report", {"subject": subject.public_hex, "act": ACTS[n % 4]}, ts=ts))
        elif kind == "penalty":
            room.post(room.facilitator, "penalty", {"subject": subject.public_hex, "penalty": "travel blacklist"},
                      ts=ts)
        elif reports:
            record = reports[n % len(reports)]
            if kind == "confirm":
                room.post(author, "confirm", {"record": record.id}, ts=ts)
            elif kind == "appeal":
                room.post(CROWD[CROWD.index(next(c for c in CROWD if c.public_hex == record.body["subject"]))],
                          "appeal", {"record": record.id}, ts=ts)
            else:
                room.post(CROWD[1], "ruling", {"record": record.id, "verdict": ("uphold", "overturn")[n % 2]}, ts=ts)


def table_at(room_id: str, batches: list[list[Message]], instant: int) -> ScoreTable:
    engine = ScoreEngine(room_id)
    for batch in batches:
        engine.apply(batch)
    return engine.table(at=instant)


@settings(max_examples=40, deadline=None)
@given(plan=st.lists(step, max_size=25), seed=st.integers(0, 2**32 - 1), minute=st.integers(0, 300),
       cuts=st.lists(st.integers(0, 60), max_size=5))
def test_any_order_and_batching_give_the_same_table_for_the_same_instant(
        plan: list[tuple[str, int, int, int, int]], seed: int, minute: int, cuts: list[int]) -> None:
    room = city_room()
    play(room, plan)
    instant = BASE_TS + minute * MINUTE
    reference = table_at(room.id, [room.messages], instant)
    shuffled = list(room.messages)
    random.Random(seed).shuffle(shuffled)
    bounds = [0, *sorted({c % (len(shuffled) + 1) for c in cuts}), len(shuffled)]
    batches = [shuffled[x:y] for x, y in zip(bounds, bounds[1:], strict=False)]
    assert table_at(room.id, batches, instant).hash() == reference.hash()
    assert table_at(room.id, [[m] for m in shuffled], instant).people == reference.people


@settings(max_examples=40, deadline=None)
@given(plan=st.lists(step, max_size=15), subject=st.integers(3, 5), act=st.sampled_from(ACTS),
       minute=st.integers(0, 300))
def test_an_overturned_record_changes_nothing(plan: list[tuple[str, int, int, int, int]], subject: int,
                                              act: str, minute: int) -> None:
    room = city_room()
    play(room, plan)
    instant = BASE_TS + minute * MINUTE
    without = table_at(room.id, [room.messages], instant)
    report = room.post(CROWD[0], "report", {"subject": CROWD[subject].public_hex, "act": act}, ts=BASE_TS)
    room.post(CROWD[subject], "appeal", {"record": report.id}, ts=BASE_TS + MINUTE)
    room.post(CROWD[1], "ruling", {"record": report.id, "verdict": "overturn"}, ts=BASE_TS + 11 * MINUTE)
    assert table_at(room.id, [room.messages], instant).hash() == without.hash()


@settings(max_examples=40, deadline=None)
@given(ratings=st.lists(st.tuples(st.integers(3, 5), st.integers(0, 5), st.integers(1, 5)), max_size=15),
       attacks=st.lists(st.tuples(st.integers(0, 5), st.integers(1, 5), st.sampled_from(ACTS)), min_size=1,
                        max_size=8), minute=st.integers(0, 300))
def test_an_elite_members_score_never_drops_from_ratings_or_reports(
        ratings: list[tuple[int, int, int]], attacks: list[tuple[int, int, str]], minute: int) -> None:
    room = city_room()
    elite = CROWD[2].public_hex
    for rater, subject, stars in ratings:  # the official rates nobody, so only what is said of them moves them
        if rater != subject and subject != 2:
            room.rate(CROWD[rater], CROWD[subject], stars)
    instant = BASE_TS + minute * MINUTE
    before = table_at(room.id, [room.messages], instant).score(elite).final
    for attacker, stars, act in attacks:
        if attacker != 2:
            room.rate(CROWD[attacker], CROWD[2], stars)
            room.post(CROWD[0], "report", {"subject": elite, "act": act}, ts=BASE_TS + minute * MINUTE)
    room.post(room.facilitator, "penalty", {"subject": elite, "penalty": "travel blacklist"}, ts=instant)
    assert table_at(room.id, [room.messages], instant).score(elite).final >= before


@settings(max_examples=40, deadline=None)
@given(plan=st.lists(step.filter(lambda s: s[0] == "rate"), max_size=20), subject=st.integers(0, 5),
       start=st.integers(0, 120), after=st.integers(30, 300))
def test_an_expired_penalty_leaves_no_trace(plan: list[tuple[str, int, int, int, int]], subject: int,
                                            start: int, after: int) -> None:
    room = city_room()
    play(room, plan)
    instant = BASE_TS + (start + after) * MINUTE  # the blacklist lasts 30 minutes
    without = table_at(room.id, [room.messages], instant)
    room.post(room.facilitator, "penalty", {"subject": CROWD[subject].public_hex, "penalty": "travel blacklist"},
              ts=BASE_TS + start * MINUTE)
    assert table_at(room.id, [room.messages], instant).hash() == without.hash()
    during = table_at(room.id, [room.messages], BASE_TS + start * MINUTE)
    if subject != 2:  # the official is protected
        assert during.score(CROWD[subject].public_hex).records == -100_000_000
        assert during.instant == BASE_TS + start * MINUTE and during.hash() != without.hash()


def test_a_room_without_records_keeps_its_hash_at_any_instant() -> None:
    room = Room()
    a, b = Identity.generate(), Identity.generate()
    room.rate(a, b, 4)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    assert engine.table(at=BASE_TS).hash() == engine.table().hash()
    assert engine.table(at=BASE_TS).instant is None
