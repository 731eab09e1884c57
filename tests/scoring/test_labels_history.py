"""The Influencer label, grades, and each person's score history for charts."""
from __future__ import annotations

from nosedive.scoring import ScoreEngine
from nosedive.scoring.table import ScoreTable

from .helpers import Room, people


def table_of(room: Room) -> ScoreTable:
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    return engine.table()


def test_the_top_scorer_with_enough_raters_is_the_influencer() -> None:
    room = Room()
    star, runner_up, *fans = people(6)
    for fan in fans[:3]:
        room.rate(fan, star, 5)
        room.rate(fan, runner_up, 4)
    room.rate(fans[3], runner_up, 5)
    table = table_of(room)
    assert table.influencer == star.public_hex
    assert table.labels(star.public_hex) == ("Citizen", "Influencer")
    assert "Influencer" not in table.labels(runner_up.public_hex)
    assert table.ranking()[0] == star.public_hex


def test_nobody_is_the_influencer_on_a_tie_or_without_enough_raters() -> None:
    room = Room()
    a, b, *fans = people(5)
    for fan in fans:
        room.rate(fan, a, 5)
        room.rate(fan, b, 5)
    assert table_of(room).influencer is None  # a tie
    lonely = Room()
    c, d = people(2)
    lonely.rate(c, d, 5)  # one rater is not enough
    assert table_of(lonely).influencer is None


def test_history_records_each_change_with_the_signed_time() -> None:
    room = Room()
    subject, *raters = people(4)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    finals = []
    for rater, stars in zip(raters, (5, 1, 5), strict=True):
        message = room.rate(rater, subject, stars)
        assert subject.public_hex in engine.apply([message])
        finals.append((message.ts, engine.table().people[subject.public_hex].final))
    history = engine.history(subject.public_hex)
    assert history[-3:] == tuple(finals)
    assert finals[0][1] > finals[1][1] < finals[2][1]
    assert engine.history("ff" * 32) == ()
