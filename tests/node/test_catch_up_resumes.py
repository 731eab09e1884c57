"""A cold join cut off mid-way (full frames of many chains, chunks stored pipelined) keeps a clean prefix of
every chain it got, and the next connection streams only the rest: nothing lost, nothing twice."""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.net.protocol import Limits
from tests.core.helpers import Author

from .cluster import Cluster, Proxy, code_of

SLOW = Limits(messages_per_second=3_000, message_burst=3_000)  # the joiner takes ~3 s: time to cut it off


def test_a_catch_up_cut_mid_way_resumes_where_it_stopped(tmp_path: Path) -> None:
    async def body() -> None:
        cluster = Cluster(tmp_path)
        proxy: Proxy | None = None
        try:
            source = await cluster.add("source", create="Big room")
            people = [Author(source.room_id) for _ in range(40)]
            raws = [people[n % 40].rate(people[(n + 1) % 40].key, 1 + n % 5).raw for n in range(9_000)]
            for start in range(0, len(raws), 3000):
                assert not source.ledger.ingest_many(raws[start:start + 3000]).errors
            source._room.catch_up(live=False)
            total = source.ledger.count(source.room_id)
            proxy = Proxy(source.port)
            port = await proxy.start()
            joiner = await cluster.add("joiner", code=code_of(source), peers=(("127.0.0.1", port),), limits=SLOW,
                                       verify_workers=2)
            await cluster.wait_until(lambda: joiner.view is not None and joiner.ledger.count(source.room_id) > 2_000,
                                     timeout=60, what="part of the catch-up")
            proxy.cut()
            await cluster.wait_until(lambda: joiner.snapshot().peers_connected == 0, what="the cut to be seen")
            got = joiner.ledger.count(source.room_id)
            assert got < total, "the catch-up ended before the cut: the test proves nothing"
            have = joiner.ledger.have(source.room_id)
            theirs = source.ledger.have(source.room_id)
            for author, (seq, head) in have.items():  # a clean prefix of each chain, no gap, nothing held
                if author in theirs and seq == theirs[author][0]:
                    assert head == theirs[author][1]
            assert sum(seq for seq, _ in have.values()) == got and joiner.ledger.pending_count() == 0
            proxy.heal()
            await cluster.wait_until(cluster.converged, timeout=90, what="the catch-up to resume and finish")
            assert joiner.ledger.count(source.room_id) == source.ledger.count(source.room_id) >= total
        finally:
            if proxy is not None:
                await proxy.stop()
            await cluster.stop()
    asyncio.run(asyncio.wait_for(body(), 180))
