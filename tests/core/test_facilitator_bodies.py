"""The facilitator's round and announce bodies: what they accept, what they refuse and why."""
from __future__ import annotations

from typing import Any

import pytest

from nosedive.core import messages as msgs
from nosedive.core.bodies import AnnounceBody, RoundBody
from nosedive.core.errors import MalformedError
from nosedive.core.identity import Identity

from .helpers import FIXED_TS

HOST = Identity.generate()
ROOM = "ab" * 32


def make(type_: str, body: dict[str, Any]) -> msgs.Message:
    return msgs.create(HOST, room=ROOM, seq=2, prev="cd" * 32, type=type_, body=body, ts=FIXED_TS)


@pytest.mark.parametrize("body, expected", [
    ({"action": "start"}, RoundBody("start")),
    ({"action": "start", "minutes": 10}, RoundBody("start", 10)),
    ({"action": "pause"}, RoundBody("pause")),
    ({"action": "resume", "minutes": 240}, RoundBody("resume", 240)),
    ({"action": "end"}, RoundBody("end")),
])
def test_round_bodies_read_back_and_write_back_the_same(body: dict[str, Any], expected: RoundBody) -> None:
    message = make("round", body)
    assert message.typed() == expected
    assert expected.to_json() == body
    assert msgs.decode_trusted(message.raw).typed() == expected


@pytest.mark.parametrize("body, says", [
    ({"action": "stop"}, "round action must be one of start, pause, resume, end"),
    ({"action": "start", "minutes": 0}, "from 1 to 240"),
    ({"action": "start", "minutes": 241}, "from 1 to 240"),
    ({"action": "start", "minutes": "5"}, "from 1 to 240"),
    ({"action": "start", "minutes": True}, "from 1 to 240"),
    ({"action": "pause", "minutes": 5}, "only start and resume may set a countdown"),
    ({"action": "end", "minutes": 5}, "only start and resume may set a countdown"),
    ({}, "body must have keys ['action']"),
    ({"action": "start", "colour": "red"}, "may have ['minutes']"),
])
def test_a_bad_round_body_says_what_is_wrong(body: dict[str, Any], says: str) -> None:
    with pytest.raises(MalformedError, match=says.replace("[", r"\[").replace("]", r"\]")):
        make("round", body)


def test_announcements_are_plain_text_of_at_most_280_characters() -> None:
    assert make("announce", {"text": "Round two: be kind"}).typed() == AnnounceBody("Round two: be kind")
    assert make("announce", {"text": "x" * 280}).typed() == AnnounceBody("x" * 280)
    with pytest.raises(MalformedError, match="announcement is 281 characters; the limit is 280"):
        make("announce", {"text": "x" * 281})
    with pytest.raises(MalformedError, match="must not contain control characters"):
        make("announce", {"text": "evil\u202eoverride"})
    with pytest.raises(MalformedError, match="must not be empty"):
        make("announce", {"text": "   "})
    with pytest.raises(MalformedError, match="body must have keys"):
        make("announce", {"text": "hi", "colour": "red"})
