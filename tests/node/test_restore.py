"""Restore from a backup, in all three orders: a machine whose data folder is older than the room's copy of
my chain rates again. Real nodes on loopback, real data folders copied and restored with shutil.

- online: the peer is up when the restored node starts; I rate once it has caught up;
- offline: nobody is reachable when I rate twice (kept unsigned), the peer comes back later;
- race: the peer is up, and I rate twice the instant my node starts, before any peer has answered.

In every order: every acknowledged rating reaches the peer, nobody holds a fork proof, and I am told."""
from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest

from nosedive.node.node import Node
from nosedive.node.own_chain import alone_wait_of
from nosedive.room.events import NodeError

from .cluster import Cluster

WAIT = 60.0  # seconds alone before kept messages are signed anyway: longer than any of these tests


def _listen(node: Node) -> list[NodeError]:
    told: list[NodeError] = []
    node.subscribe(lambda event: told.append(event) if isinstance(event, NodeError) else None)
    return told


@pytest.mark.parametrize("order", ["online", "offline", "race"])
def test_a_restored_copy_loses_no_rating_forks_nothing_and_tells_the_user(tmp_path: Path, order: str) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Restore room")
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),), sign_alone_after=WAIT)
            room, me, subject = a.room_id, b.identity.public_hex, a.identity.public_hex
            assert room is not None
            await cluster.wait_until(lambda: cluster.converged() and len(a.snapshot().people) == 2, what="b in")
            await b.rate(subject, 4)
            await cluster.wait_until(cluster.converged, what="the first rating at a")
            cluster.nodes.remove(b)
            await b.stop()
            shutil.copytree(tmp_path / "b", tmp_path / "backup")  # the backup
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),), sign_alone_after=WAIT)
            room_head = b.ledger.head(room, me)[0] + 2
            for stars in (5, 2):  # acknowledged (signed at once, or kept until a peer answers), then restored away
                await b.rate(subject, stars)
            await cluster.wait_until(lambda: a.ledger.head(room, me)[0] == room_head, what="the later ratings at a")
            cluster.nodes.remove(b)
            await b.stop()
            shutil.rmtree(tmp_path / "b")
            shutil.copytree(tmp_path / "backup", tmp_path / "b")  # restored from the backup
            backup_head = room_head - 2
            a_port = a.port
            if order == "offline":  # the room's node is down: the restored node reaches nobody
                cluster.nodes.remove(a)
                await a.stop()
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a_port),), sign_alone_after=WAIT)
            told = _listen(b)
            new = (3, 1)
            if order == "online":
                await cluster.wait_until(lambda: b.ledger.head(room, me)[0] == room_head, what="b to catch up")
                await b.rate(subject, new[0])
                new = new[:1]
            else:  # offline, or the race: both rated before any peer has answered
                for stars in new:
                    await b.rate(subject, stars)
                kept_at_once = b._room.own_chain.outbox.count(me, room)
                assert b.ledger.head(room, me)[0] == backup_head, "nothing signed over the old head"
                assert kept_at_once == 2 and told and told[0].code == "kept-unsigned"
            if order == "offline":
                await asyncio.sleep(0.5)  # several sign rounds (every 0.1 s) alone: still nothing may be signed
                assert b.ledger.head(room, me)[0] == backup_head and b._room.own_chain.outbox.count(me, room) == 2
                a = await cluster.add("a", room=room)  # back, on another port
                await b.add_peer("127.0.0.1", a.port)
            want = room_head + len(new)
            await cluster.wait_until(lambda: a.ledger.head(room, me)[0] == want and cluster.converged(),
                                     what="every acknowledged rating at a")
            forks = [n.ledger.forked_authors(room) for n in cluster.nodes]
            codes = [e.code for e in told]
            summary = [e.text for e in told if e.code in ("kept-signed", "restored")]
            print(f"\nrestore, {order}: backup head {backup_head}, room's {room_head}; {len(new)} rated after "
                  f"the restore; a holds b up to seq {a.ledger.head(room, me)[0]} (want {want}); kept left "
                  f"{b._room.own_chain.outbox.count(me, room)}; forks {forks}; told {codes}: {summary[-1]!r}")
            assert forks == [{}, {}], "no self-fork"
            assert a.ledger.head(room, me)[0] == want, "no acknowledged rating lost"
            assert b._room.own_chain.outbox.count(me, room) == 0
            stars_at_a = [m.body["stars"] for _, m in a.ledger.messages(room, types=("rate",)) if m.author == me]
            assert stars_at_a == [4, 5, 2, *new], "every rating, in the order it was made"
            assert "restored from" in " ".join(summary), "the user is told what happened"
            if order != "online":
                assert "kept-signed" in codes and "2 of your messages were found on peers" in summary[-1]
        finally:
            await cluster.stop()
    asyncio.run(scenario())


def test_alone_for_the_policy_s_wait_a_kept_rating_is_signed_anyway(tmp_path: Path) -> None:
    """The trade-off, tested: with every known peer down, what I do is kept until the room policy's
    sign_alone_after_seconds passed with nobody connected, then signed (a machine that stays alone cannot
    wait for ever); a bad value in the policy falls back to the default."""
    assert alone_wait_of({"sign_alone_after_seconds": "soon"}) == alone_wait_of({}) == 30.0
    assert alone_wait_of({"sign_alone_after_seconds": 2}) == 2.0

    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Alone room")
            room, subject = a.room_id, a.identity.public_hex
            assert room is not None and a.snapshot() is not None
            assert await a.change_policy(dict(a.snapshot().scores.policy.raw, sign_alone_after_seconds=1))
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),))
            await cluster.wait_until(lambda: cluster.converged() and len(a.snapshot().people) == 2, what="b in")
            me, a_port = b.identity.public_hex, a.port
            for node in (b, a):  # everyone down
                cluster.nodes.remove(node)
                await node.stop()
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a_port),), sign_alone_after=None)
            told = _listen(b)
            head = b.ledger.head(room, me)[0]
            started = time.monotonic()
            await b.rate(subject, 5)
            assert b.ledger.head(room, me)[0] == head and told[0].code == "kept-unsigned"
            await cluster.wait_until(lambda: b.ledger.head(room, me)[0] == head + 1, what="signed after the wait")
            took = time.monotonic() - started
            print(f"\nalone, policy wait 1 s: kept, then signed at seq {head + 1} after {took:.2f} s; told "
                  f"{[e.code for e in told]}: {told[0].text!r}")
            assert "or after 1 s with no peer at all" in told[0].text and told[-1].code == "kept-signed"
        finally:
            await cluster.stop()
    asyncio.run(scenario())
