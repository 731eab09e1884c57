"""Restore from a backup: a machine whose ledger is older than the room's copy of my chain."""
from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from nosedive.room.events import NodeError

from .cluster import Cluster


def test_a_restored_copy_catches_up_before_it_signs_and_tells_the_user(tmp_path: Path) -> None:
    async def scenario() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Restore room")
            b = await cluster.add("b", room=a.room_id, peers=(("127.0.0.1", a.port),))
            room, me = a.room_id, b.identity.public_hex
            assert room is not None
            await cluster.wait_until(lambda: cluster.converged() and len(a.snapshot().people) == 2, what="b in")
            await b.rate(a.identity.public_hex, 4)
            await cluster.wait_until(cluster.converged, what="the first rating at a")
            cluster.nodes.remove(b)
            await b.stop()
            shutil.copytree(tmp_path / "b", tmp_path / "backup")  # the backup: one rating old
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),))
            for stars in (5, 2):
                await b.rate(a.identity.public_hex, stars)
            acknowledged = b.ledger.head(room, me)[0]
            await cluster.wait_until(cluster.converged, what="the later ratings at a")
            cluster.nodes.remove(b)
            await b.stop()
            shutil.rmtree(tmp_path / "b")
            shutil.copytree(tmp_path / "backup", tmp_path / "b")  # restored from the backup
            told: list[NodeError] = []
            b = await cluster.add("b", room=room, peers=(("127.0.0.1", a.port),))
            b.subscribe(lambda event: told.append(event) if isinstance(event, NodeError) else None)
            restored_head = acknowledged - 2
            await cluster.wait_until(lambda: b.ledger.head(room, me)[0] == acknowledged, what="b to catch up")
            await cluster.wait_until(lambda: bool(told), what="the user told", timeout=5)
            await b.rate(a.identity.public_hex, 3)
            await cluster.wait_until(cluster.converged, what="the rating after the restore at a")
            forks = [n.ledger.forked_authors(room) for n in cluster.nodes]
            print(f"\nrestore while the peer is online: backup head {restored_head}, room's {acknowledged}; "
                  f"caught up, told: {told[0].text!r}; then rated at seq {b.ledger.head(room, me)[0]}; "
                  f"forks {forks}")
            assert told[0].code == "restored" and "restored from a backup" in told[0].text
            assert forks == [{}, {}], "no self-fork"
            assert a.ledger.head(room, me)[0] == acknowledged + 1, "no acknowledged rating lost"
        finally:
            await cluster.stop()
    asyncio.run(scenario())
