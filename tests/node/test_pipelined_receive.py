"""A received batch is stored in chunks, each prepared (decoded, its signatures in the pool) before the one
ahead of it is stored: the ledger must end up exactly as if every chunk were ingested one after another."""
from __future__ import annotations

import asyncio
from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.ledger.verifier import PoolVerifier
from nosedive.net.frames import control, message_batches
from nosedive.net.protocol import Limits
from nosedive.node import replication
from tests.core.helpers import Author

from .cluster import Cluster, code_of
from .test_bad_input import RawPeer, insider, pong

ROOMY = Limits(message_burst=50_000, messages_per_second=50_000)


def _forged(raw: bytes) -> bytes:
    return raw[:5] + bytes([raw[5] ^ 0x10]) + raw[6:]


def test_a_batch_of_many_chunks_with_forgeries_is_stored_as_chunk_by_chunk_ingest_stores_it(tmp_path: Path) -> None:
    async def body() -> None:
        cluster = Cluster(tmp_path)
        try:
            a = await cluster.add("a", create="Target", limits=ROOMY)
            a.ledger.verifier.close()
            a.ledger.verifier = PoolVerifier(2, min_batch=1, start_after=0)  # the pool from the first chunk on
            people = [Author(a.room_id) for _ in range(7)]
            raws = [people[n % 7].rate(people[(n + 1) % 7].key, 1 + n % 5).raw
                    for n in range(4 * replication.INGEST_CHUNK + 123)]
            for index in (40, replication.INGEST_CHUNK + 3, 3 * replication.INGEST_CHUNK + 11):
                raws[index] = _forged(raws[index])  # its author's later messages are held, not refused
            with Ledger(tmp_path / "reference.sqlite3") as reference:  # what chunk-by-chunk ingest stores
                reference.ingest_many(a.ledger.since(a.room_id, a.identity.public_hex, 0, 10))
                for start in range(0, len(raws), replication.INGEST_CHUNK):
                    reference.ingest_many(raws[start:start + replication.INGEST_CHUNK], room=a.room_id)
                expected = {author: seq for author, (seq, _) in reference.have(a.room_id).items()}
                expected_held = reference.pending_count()
            peer = await RawPeer.connect(a.port)
            await peer.handshake(Identity.generate(), insider(a))
            frames = list(message_batches(raws))
            assert len(frames) == 1  # one frame: Replication.receive splits it into five chunks
            peer.send_frame(frames[0])
            peer.send_frame(control({"t": "ping"}))  # frames are handled in order: the pong comes after
            await pong(peer)
            peer.close()
            assert a.ledger.verifier.started  # the workers verified the prepared chunks
            got = {author: seq for author, (seq, _) in a.ledger.have(a.room_id).items()}
            assert got == expected and a.ledger.pending_count() == expected_held > 0
            assert len(got) == 8 and min(got.values()) < 300  # three chains stop below their forgeries
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(body(), 120))


def test_a_cold_join_with_a_pool_holds_the_sources_chains_and_scores(tmp_path: Path) -> None:
    async def body() -> None:
        cluster = Cluster(tmp_path)
        try:
            source = await cluster.add("source", create="Big room", limits=ROOMY)
            people = [Author(source.room_id) for _ in range(20)]
            raws = [people[n % 20].rate(people[(n + 3) % 20].key, 1 + n % 5).raw for n in range(6_000)]
            for start in range(0, len(raws), 2000):
                assert not source.ledger.ingest_many(raws[start:start + 2000]).errors
            source._room.catch_up(live=False)
            joiner = await cluster.add("joiner", code=code_of(source), peers=(("127.0.0.1", source.port),),
                                       limits=ROOMY, verify_workers=2)
            before = source.ledger.have(source.room_id)
            await cluster.wait_until(cluster.converged, timeout=90, what="the cold join")
            assert isinstance(joiner.ledger.verifier, PoolVerifier) and joiner.ledger.verifier.started
            assert {a: h for a, h in joiner.ledger.have(source.room_id).items() if a in before} == before
        finally:
            await cluster.stop()
    asyncio.run(asyncio.wait_for(body(), 150))
