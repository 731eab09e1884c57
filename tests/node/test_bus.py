"""The event bus: every listener hears every event, in order, whatever another listener does."""
from __future__ import annotations

import logging

import pytest

from nosedive.node.bus import EventBus
from nosedive.room.events import NodeError, PeerDown


def test_a_failing_listener_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    heard: list[tuple[str, object]] = []

    def broken(event: object) -> None:
        raise RuntimeError("listener bug")

    bus.subscribe(lambda event: heard.append(("first", event)))
    bus.subscribe(broken)
    bus.subscribe(lambda event: heard.append(("last", event)))
    event = NodeError("something")
    with caplog.at_level(logging.ERROR, logger="nosedive.node"):
        bus.emit(event)
        bus.emit(PeerDown("ab" * 32, "gone"))
    assert [who for who, _ in heard] == ["first", "last", "first", "last"]
    assert heard[0][1] is event
    failures = [r for r in caplog.records if "listener failed on" in r.getMessage()]
    assert [r.getMessage() for r in failures] == ["listener failed on NodeError", "listener failed on PeerDown"]


def test_a_listener_subscribing_another_during_an_event() -> None:
    bus = EventBus()
    heard: list[str] = []

    def first(event: object) -> None:
        heard.append("first")
        if len(heard) == 1:
            bus.subscribe(lambda event: heard.append("late"))

    bus.subscribe(first)
    bus.emit(NodeError("one"))
    assert heard == ["first"]  # the new listener hears from the next event on
    bus.emit(NodeError("two"))
    assert heard == ["first", "first", "late"]
