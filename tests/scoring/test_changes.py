"""A rule change in sentences: what the feed says when the facilitator signs a new policy."""
from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from nosedive.core.policy import load_preset, parse_policy, preset_names
from nosedive.scoring.changes import describe_change, number

EPISODE = load_preset("nosedive")


def changed(**edits: Any) -> str:
    new = copy.deepcopy(EPISODE) | edits
    return describe_change(parse_policy(EPISODE), parse_policy(new))


def test_double_damage_and_a_moved_door_are_said_in_the_rooms_numbers() -> None:
    tiers = copy.deepcopy(EPISODE["tiers"])
    tiers[1]["min"] = "3.8"
    assert changed(double_damage={"max_stars": 2, "hours": 24}, tiers=tiers) == (
        "The rules changed: double damage is now on (ratings of 2★ or less count double for 24 hours after "
        "the first); Bank loan now opens at 3.8 (was 3.5).")


def test_each_kind_of_change_has_its_sentence() -> None:
    assert changed(prior={"value": "3", "count": 4}) == (
        "The rules changed: everyone now starts with 4 imaginary ratings of 3 (was 8 of 3).")
    assert changed(drag={"down": "0.5", "up": "0.1"}) == (
        "The rules changed: a friend now pulls down 50% of the way (was 25%).")
    assert changed(admission="admit").startswith("The rules changed: the facilitator now lets each person in")
    assert changed(influencer={"label": "Star", "min_raters": 3}) == (
        "The rules changed: the top scorer is now called “Star”.")
    assert changed(tiers=EPISODE["tiers"][:-1]) == "The rules changed: the door Pelican Cove rent discount is gone."
    assert changed(description="New words.") == "The rules changed: the description of the rules is new."
    harsh = parse_policy(load_preset("nosedive-harsh"))
    assert describe_change(harsh, parse_policy(EPISODE)).endswith("double damage is now off.")


def test_signing_the_same_rules_again_says_so() -> None:
    assert describe_change(parse_policy(EPISODE), parse_policy(EPISODE)) == "The rules were signed again, unchanged."


def test_a_whole_new_set_of_doors_is_listed_once() -> None:
    sentence = describe_change(parse_policy(EPISODE), parse_policy(load_preset("sesame")))
    assert "the doors are now " in sentence and "is gone" not in sentence


@given(a=st.sampled_from(preset_names()), b=st.sampled_from(preset_names()))
def test_any_two_presets_give_one_sentence(a: str, b: str) -> None:
    sentence = describe_change(parse_policy(load_preset(a)), parse_policy(load_preset(b)))
    assert sentence.endswith(".") and "\n" not in sentence
    assert (sentence == "The rules were signed again, unchanged.") == (a == b)


def test_numbers_use_as_few_digits_as_they_need() -> None:
    assert [number(v) for v in (3_800_000, 4_000_000, 250_000, -1_500_000)] == ["3.8", "4", "0.25", "-1.5"]
