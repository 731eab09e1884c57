"""An explanation is enough to recompute the number it explains."""
from __future__ import annotations

from hypothesis import given, settings

from nosedive.core.policy import PPM
from nosedive.scoring import ScoreEngine
from nosedive.scoring.explain import explain

from .strategies import actions, room_from


@settings(max_examples=60, deadline=None)
@given(plan=actions)
def test_the_base_follows_from_the_raters_listed(plan: list) -> None:
    room = room_from(plan)
    engine = ScoreEngine(room.id)
    engine.apply(room.messages)
    table = engine.table()
    policy = table.policy
    for person, score in table.people.items():
        ex = explain(table, person)
        weights = ex.prior_weight + sum(part.weight for part in ex.raters)
        points = ex.prior_weight * ex.prior_value + sum(part.weight * part.value for part in ex.raters)
        assert score.base == policy.shown(points // weights)
        shares = ex.prior_share + sum(part.share for part in ex.raters)
        assert PPM - len(ex.raters) - 1 <= shares <= PPM
        assert all(part.weight == policy.weight_of(part.rater_score) for part in ex.raters)
        assert dict(table.raters(person)) == {part.rater: part.stars for part in ex.raters}
        assert ex.tiers == table.tiers(person) and ex.grade == table.grade(person)
