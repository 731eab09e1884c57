"""Clocks a day fast or slow, injected per node (the system clock is never touched), on real loopback nodes."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nosedive.core.messages import FUTURE_TOLERANCE_MS, now_ms
from nosedive.node.clock import ClockAheadError
from nosedive.room.events import NodeError

from .cluster import Cluster

DAY = 24 * 3600 * 1000


class Clock:
    """The real clock plus an offset a test moves."""

    def __init__(self) -> None:
        self.offset = 0

    def __call__(self) -> int:
        return now_ms() + self.offset


def test_a_fast_authors_ratings_are_held_until_the_receivers_clock_reaches_them(tmp_path: Path) -> None:
    """Honest behaviour: the 3 ratings signed after the clock was fixed follow the early ones in the
    author's chain, so they wait with them (a chain is stored in order); none is refused or stranded,
    and all 6 are stored the moment the receiver's clock reaches the first one's time less the tolerance.
    Keeping authors from signing ahead in the first place is the author's node's job (the next test)."""
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        a_clock, b_clock = Clock(), Clock()
        try:
            a = await cluster.add("a", create="Clock room", clock=a_clock)
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),), clock=b_clock)
            room, author = a.room_id, b.identity.public_hex
            assert room is not None
            await cluster.wait_until(lambda: cluster.converged() and len(a.snapshot().people) == 2, what="b in")
            cluster.nodes.remove(b)
            await b.stop()
            b = await cluster.add("b", room=room, clock=b_clock)  # offline: nobody to compare clocks with
            before = b.ledger.head(room, author)[0]
            b_clock.offset = DAY
            for stars in (5, 4, 3):
                await b.rate(a.identity.public_hex, stars)
            first_ts = next(m.ts for _, m in b.ledger.messages(room) if m.author == author and m.seq == before + 1)
            b_clock.offset = 0  # the clock is fixed
            for stars in (2, 1, 5):
                await b.rate(a.identity.public_hex, stars)
            told: list[NodeError] = []
            b.subscribe(lambda event: told.append(event) if isinstance(event, NodeError) else None)
            await b.add_peer("127.0.0.1", a.port)
            await cluster.wait_until(lambda: a.ledger.pending_count() == 6, what="a to hold all 6")
            await cluster.wait_until(lambda: any(e.code == "clock-early" for e in told), what="b told why", timeout=5)
            assert a.ledger.head(room, author)[0] == before
            a_clock.offset = first_ts - FUTURE_TOLERANCE_MS - now_ms() - 60_000  # a minute short
            await asyncio.sleep(0.5)  # several release rounds (every 0.1 s): none may store anything yet
            held_short = a.ledger.pending_count()
            assert held_short == 6 and a.ledger.head(room, author)[0] == before
            a_clock.offset = first_ts - FUTURE_TOLERANCE_MS - now_ms() + 1000
            await cluster.wait_until(lambda: a.ledger.head(room, author)[0] == before + 6, what="all 6 stored")
            await cluster.wait_until(cluster.converged, what="a and b on one hash")
            print(f"\n+1 day author: 6 ratings (3 fast, 3 after the fix) held at a: {held_short} "
                  f"a minute short of the first's time - {FUTURE_TOLERANCE_MS // 60000} min; "
                  f"stored {a.ledger.head(room, author)[0] - before} once a's clock passed it; "
                  f"pending {a.ledger.pending_count()}, converged; b was told {told[-1].text!r}")
            assert told[-1].text.startswith("3 of your messages were signed while your clock was ahead")
            assert a.ledger.pending_count() == 0
        finally:
            await cluster.stop()
    asyncio.run(scenario())


def test_a_node_a_day_fast_refuses_to_sign_and_says_why_a_day_slow_is_accepted(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        b_clock = Clock()
        try:
            a = await cluster.add("a", create="Clock room")
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),), clock=b_clock)
            told: list[NodeError] = []
            b.subscribe(lambda event: told.append(event) if isinstance(event, NodeError) else None)
            room, author = a.room_id, b.identity.public_hex
            assert room is not None
            await cluster.wait_until(lambda: cluster.converged() and len(a.snapshot().people) == 2, what="b in")
            b_clock.offset = DAY  # the clock jumps a day ahead while connected: a's clock as seen at auth holds
            head = b.ledger.head(room, author)[0]
            with pytest.raises(ClockAheadError) as refused:
                await b.rate(a.identity.public_hex, 5)
            assert str(refused.value) == "your clock is 1440 minutes ahead of the room's; fix it before you rate"
            assert [e.code for e in told] == ["clock-ahead"] and told[0].text == str(refused.value)
            with pytest.raises(ClockAheadError):
                await b.set_profile("Bee")  # every message, not only ratings
            assert b.ledger.head(room, author)[0] == head, "nothing signed, so nothing stranded"
            b_clock.offset = -DAY  # now a day slow: accepted (backdating is bounded by nothing but peers)
            await b.rate(a.identity.public_hex, 4)
            assert [e.code for e in told] == ["clock-ahead", "clock-behind"], "told, not refused"
            assert told[1].text.startswith("your clock is 1440 minutes behind the room's")
            await cluster.wait_until(lambda: a.ledger.head(room, author)[0] == head + 1, what="the slow rating at a")
            b_clock.offset = 0
            await b.rate(a.identity.public_hex, 3)
            await cluster.wait_until(cluster.converged, what="converged")
            print(f"\n+1 day: refused with {told[0].text!r}, head stays {head}; -1 day: accepted, told "
                  f"{told[1].text!r} "
                  f"(a holds b at seq {a.ledger.head(room, author)[0]}, pending {a.ledger.pending_count()})")
            assert a.ledger.pending_count() == 0
        finally:
            await cluster.stop()
    asyncio.run(scenario())
