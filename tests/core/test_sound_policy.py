"""The room-wide mute is a policy key: off mutes every app, never changes a score; old rooms keep their digest."""
from __future__ import annotations

import pytest

from nosedive.core.errors import MalformedError
from nosedive.core.policy import default_policy, load_preset, parse_policy
from nosedive.scoring.changes import describe_change


def test_sound_is_on_unless_the_policy_says_off() -> None:
    assert default_policy().sound == "on"
    assert "sound" not in default_policy().raw  # never filled in: every existing room keeps its digest
    assert parse_policy(load_preset("nosedive")).digest == default_policy().digest
    assert parse_policy({"sound": "off"}).sound == "off"
    with pytest.raises(MalformedError, match='sound: must be "on" or "off"'):
        parse_policy({"sound": "loud"})


def test_muting_the_room_is_said_in_the_feed_sentence() -> None:
    quiet = parse_policy(dict(load_preset("nosedive"), sound="off"))
    assert describe_change(default_policy(), quiet) == "The rules changed: the facilitator muted every app's sounds."
    assert describe_change(quiet, default_policy()) == "The rules changed: the apps may chime again."
