"""My score history survives a restart: a node's view starts from the replayed timeline of the ledger."""
from __future__ import annotations

import asyncio
import random
from pathlib import Path

from nosedive.core import paths
from nosedive.core.identity import Identity, load_or_create
from nosedive.core.messages import now_ms
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.node import Node, NodeConfig
from nosedive.scoring.history import replay

from .cluster import FAST

MINUTE = 60_000


def rate_for_a_while(ledger: Ledger, room: str, crowd: list[Identity], me: str, start: int, minutes: int) -> None:
    rng = random.Random(start)
    for minute in range(minutes):
        rater, other = rng.sample(crowd, 2)
        for subject in (me, other.public_hex):
            ledger.append(rater, room, "rate", {"subject": subject, "stars": rng.randint(1, 5)},
                          ts=start + minute * MINUTE + rng.randint(0, 50_000))


async def my_history_after_start(data: Path, room: str) -> tuple[tuple[int, int], ...]:
    node = Node.open(NodeConfig(data_dir=data, room=room, **FAST))  # type: ignore[arg-type]
    try:
        await node.start()
        await node.ready(timeout=10)
        snapshot = node.snapshot()
        assert snapshot is not None
        assert snapshot.my_history[-1][1] == snapshot.scores.people[node.identity.public_hex].final
        return snapshot.my_history
    finally:
        await node.stop()


def test_a_restarted_node_shows_the_replayed_timeline(tmp_path: Path) -> None:
    data = tmp_path / "alice"
    alice = load_or_create(paths.key_path(paths.data_dir(data)))
    crowd = [Identity.generate() for _ in range(4)]
    began = now_ms() - 60 * MINUTE
    with Ledger(paths.ledger_path(data)) as ledger:
        room = ledger.create_room(alice, "Remembered", load_preset("nosedive")).room
        rate_for_a_while(ledger, room, crowd, alice.public_hex, began, 20)
    first = asyncio.run(my_history_after_start(data, room))

    with Ledger(paths.ledger_path(data)) as ledger:  # while the node was down, more came in
        rate_for_a_while(ledger, room, crowd, alice.public_hex, began + 25 * MINUTE, 20)
        stored = [message for _, message in ledger.messages(room)]
    after_restart = asyncio.run(my_history_after_start(data, room))

    expected = replay(room, stored).timeline(alice.public_hex)
    assert after_restart == expected
    assert len(after_restart) > len(first) >= 5  # not one point for the whole stored ledger
    assert after_restart[:len(first)] == first  # the chart carries on where it was
    stamps = [ts for ts, _ in after_restart]
    assert stamps == sorted(stamps) and stamps[0] >= min(message.ts for message in stored)
