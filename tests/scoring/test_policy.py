"""Policies: presets, defaults, other scales, clear refusals, and who may change them."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core import messages as msgs
from nosedive.core.errors import MalformedError
from nosedive.core.identity import Identity
from nosedive.core.policy import ONE, default_policy, load_preset, parse_policy, preset_names, validate_policy
from nosedive.scoring import ScoreEngine

from .helpers import Room, people


def test_the_presets_parse_and_the_empty_policy_is_the_episode() -> None:
    assert {"nosedive", "sesame", "city"} <= set(preset_names())
    for name in preset_names():
        validate_policy(load_preset(name))
    assert parse_policy({}) == default_policy() == parse_policy(load_preset("nosedive"))
    episode = default_policy()
    assert [(t.name, t.min) for t in episode.tiers] == [
        ("High-speed rail", 3 * ONE), ("Bank loan", 3_500_000), ("Deposit-free rentals", 4 * ONE),
        ("Flights", 4_200_000), ("Pelican Cove rent discount", 4_500_000)]
    assert episode.grade(2_499_999) == "Underclass" and episode.grade(2_500_000) == "Citizen"


@pytest.mark.parametrize(
    "policy, words",
    [
        ({"scale": {"min": "5", "max": "1"}}, "min must be below max"),
        ({"tierz": []}, "unknown key"),
        ({"stars": ["1", "2", "3"]}, "five numbers"),
        ({"stars": ["5", "4", "3", "2", "1"]}, "never be worth less"),
        ({"drag": {"down": "1.5", "up": "0"}}, "from 0 to 1"),
        ({"drag": {"down": 0.25, "up": "0"}}, "decimal string"),
        ({"tiers": [{"name": "Moon", "min": "7"}]}, "on the scale"),
        ({"tiers": [{"name": "A", "min": "3"}, {"name": "A", "min": "4"}]}, "different"),
        ({"iterations": 0}, "from 1 to 10"),
        ({"prior": {"value": "3", "count": -1}}, "prior.count"),
        ({"weight": {"min": "0", "max": "5"}}, "0 < min"),
        ({"tiers": [{"name": "Rail", "min": "3.0005"}]}, "more decimals than the scale shows"),
        ({"scale": {"min": "350", "max": "950", "decimals": 0}, "stars": ["350", "500", "650.5", "800", "950"],
          "prior": {"value": "550", "count": 8}, "tiers": [], "grades": []}, "stars\\[2\\]"),
    ],
)
def test_unusable_policies_are_refused_with_a_message_naming_the_field(policy: dict, words: str) -> None:
    with pytest.raises(MalformedError, match=words):
        validate_policy(policy)


def test_a_room_with_an_unusable_policy_cannot_even_be_signed() -> None:
    with pytest.raises(MalformedError, match="policy scale"):
        msgs.create_room(Identity.generate(), "Broken", {"scale": {"min": "9", "max": "1"}})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8)
    | st.sampled_from(["0", "1", "3.5", "4.2", "950", "-1", "1.0000001", "١"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["min", "max", "name", "value", "count", "down", "up", "power", "decimals"]),
        inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(default_policy().raw)), json_values, max_size=4))
def test_any_policy_either_parses_or_is_refused_cleanly(policy: dict) -> None:
    try:
        parsed = parse_policy(policy)
    except MalformedError as exc:
        assert str(exc).startswith("policy")
    else:
        assert parsed.low < parsed.high


def test_sesame_shows_whole_points_and_city_has_grades() -> None:
    for preset, newcomer, grade in (("sesame", "550", "Fair"), ("city", "1000", "A")):
        room = Room(policy=load_preset(preset))
        a, b = people(2)
        room.rate(a, b, 5)
        engine = ScoreEngine(room.id)
        engine.apply(room.messages)
        table = engine.table()
        assert table.format(table.people[a.public_hex].final) == newcomer
        assert table.grade(a.public_hex) == grade
        assert table.people[b.public_hex].final > table.people[a.public_hex].final
    assert parse_policy(load_preset("city")).grade(599 * ONE) == "D"


def test_only_the_facilitators_latest_policy_counts() -> None:
    room = Room()
    a, b, intruder = people(3)
    room.rate(a, b, 5)
    lenient = dict(load_preset("nosedive"), prior={"value": "3", "count": 1})
    strict = dict(load_preset("nosedive"), prior={"value": "3", "count": 50})
    first = room.post(room.facilitator, "policy", {"policy": lenient})
    second = room.post(room.facilitator, "policy", {"policy": strict})
    foreign = room.post(intruder, "policy", {"policy": lenient})  # a ledger refuses it; the engine ignores it
    engine = ScoreEngine(room.id)
    engine.apply([second, foreign, *room.messages])  # the later seq arrives first
    assert engine.policy.prior_count == 50
    reference = ScoreEngine(room.id)
    reference.apply([m for m in room.messages if m is not first])
    assert engine.table().hash() == reference.table().hash()
    before = ScoreEngine(room.id)
    before.apply([m for m in room.messages if m not in (first, second, foreign)])
    assert before.table().hash() != reference.table().hash()  # the policy is part of the hash
