"""The worker pipes' framing, and a pool whose worker lies, hangs or dies: verified here, the same ledger."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest

from nosedive.core import keys
from nosedive.core import messages as msgs
from nosedive.ledger import verifier, workers
from nosedive.ledger.store import Ledger
from nosedive.ledger.verifier import PoolVerifier
from nosedive.ledger.workers import HEADER, WorkerFailed, answer_chunk, pack_chunk, read_answer, unpack_chunk
from tests.core.helpers import Author
from tests.ledger.test_verifier import _forged, _hostile_batch, _outcome


def _items(count: int) -> list[tuple[bytes, bytes, bytes]]:
    return [(bytes([n]) * 32, bytes([n + 1]) * 64, b"payload %d " % n * n) for n in range(count)]


def test_a_chunk_unpacks_to_what_was_packed() -> None:
    for count in (0, 1, 5):
        assert unpack_chunk(pack_chunk(41 + count, _items(count))) == (41 + count, _items(count))


@pytest.mark.parametrize("cut", [b"", b"\x00" * 5])
def test_a_short_or_cut_chunk_is_refused(cut: bytes) -> None:
    with pytest.raises(ValueError):
        unpack_chunk(cut)
    blob = pack_chunk(3, _items(3))
    for end in (HEADER.size + 10, len(blob) - 1):
        with pytest.raises(ValueError):
            unpack_chunk(blob[:end])
    with pytest.raises(ValueError):
        unpack_chunk(blob + b"x")  # bytes after the last record


def test_an_answer_must_be_the_chunk_asked_and_only_yes_or_no() -> None:
    good = HEADER.pack(9, 3) + b"\x01\x00\x01"
    assert read_answer(good, 9, 3) == b"\x01\x00\x01"
    for bad, number, count in ((good, 8, 3), (good, 9, 4), (HEADER.pack(9, 3) + b"\x01\x02\x01", 9, 3),
                               (good[:-1], 9, 3), (b"", 9, 3)):
        with pytest.raises(WorkerFailed):
            read_answer(bad, number, count)


def test_a_worker_answers_each_signature_of_a_chunk() -> None:
    person = Author()
    genesis = person.open_room()
    rated = [person.next("profile", {"name": f"P{n}"}) for n in range(3)]
    key = bytes.fromhex(genesis.author)
    items = [(key, m.signature, m.payload) for m in (genesis, *rated)]
    items[2] = (key, _forged(rated[1])[:64], rated[1].payload)
    keys._parsed_key.cache_clear()
    assert read_answer(answer_chunk(pack_chunk(0, items)), 0, 4) == b"\x01\x01\x00\x01"
    assert keys._parsed_key.cache_info().misses == 1  # the key is parsed once per worker


def _same_as_alone(tmp_path: Path, pool: PoolVerifier, spoil: object) -> None:
    """Ingest hostile batches with and without the pool, *spoil*-ing the pool after its first batch."""
    raws = _hostile_batch(3)
    with Ledger(tmp_path / "one.sqlite3") as alone, Ledger(tmp_path / "two.sqlite3", verifier=pool) as pooled:
        single = [_outcome(alone.ingest_many(raws[start:start + 150]), alone) for start in range(0, len(raws), 150)]
        parallel = [_outcome(pooled.ingest_many(raws[:150]), pooled)]
        assert pool.started
        spoil(pool)  # type: ignore[operator]
        parallel += [_outcome(pooled.ingest_many(raws[start:start + 150]), pooled)
                     for start in range(150, len(raws), 150)]
    assert single == parallel
    assert not pool.started and multiprocessing.active_children() == []


def test_a_worker_that_answers_garbage_breaks_the_pool_and_the_writer_verifies(tmp_path: Path) -> None:
    def lie(pool: PoolVerifier) -> None:
        impostor, writer_end = multiprocessing.Pipe()
        for _ in range(8):
            impostor.send_bytes(HEADER.pack(0, 1) + b"\x01")  # "yes" to a chunk nobody asked about
        worker = pool._processes[0]
        worker.conn.close()  # the real worker exits; the pool now reads the impostor
        worker.conn = writer_end
    _same_as_alone(tmp_path, PoolVerifier(2, min_batch=1, start_after=0), lie)


def test_a_killed_worker_mid_batch_costs_speed_not_verdicts(tmp_path: Path) -> None:
    def kill(pool: PoolVerifier) -> None:
        os.kill(pool.pids()[1], signal.SIGKILL)
    _same_as_alone(tmp_path, PoolVerifier(2, min_batch=1, start_after=0), kill)


def test_a_hung_worker_is_given_up_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def freeze(pool: PoolVerifier) -> None:
        monkeypatch.setattr(workers, "ANSWER_TIMEOUT", 0.5)  # only now: a loaded machine starts workers slowly
        monkeypatch.setattr(workers, "STOP_WAIT", 0.5)
        for pid in pool.pids():
            os.kill(pid, signal.SIGSTOP)  # killed once the pool gives up on it
    _same_as_alone(tmp_path, PoolVerifier(2, min_batch=1, start_after=0), freeze)


def test_a_batch_far_bigger_than_the_pipes_neither_blocks_nor_loses_a_verdict(tmp_path: Path) -> None:
    host = Author()
    raws = [host.open_room().raw]
    people = [Author(host.room) for _ in range(3)]
    raws += [people[n % 3].next("profile", {"name": f"P{n}"}).raw for n in range(9000)]
    raws[-1] = _forged(msgs.decode_trusted(raws[-1]))  # the last of its chain: nothing waits behind it
    raws[4000] = raws[4000][:64] + raws[4001][64:]  # another message's payload under this signature
    pool = PoolVerifier(2, min_batch=64, start_after=0)
    with Ledger(tmp_path / "one.sqlite3") as alone, Ledger(tmp_path / "two.sqlite3", verifier=pool) as pooled:
        single = _outcome(alone.ingest_many(raws), alone)
        parallel = _outcome(pooled.ingest_many(raws), pooled)  # ~35 chunks per worker: more than MAX_OWED
        assert pool.started
    assert single == parallel
    assert [kind for _index, kind, _text in single[1]].count("BadSignatureError") == 2
    assert multiprocessing.active_children() == []


def test_overlapping_batches_keep_their_answers_and_a_dropped_batch_leaves_none(
        monkeypatch: pytest.MonkeyPatch) -> None:
    host = Author()
    stream = [host.open_room()] + [host.next("profile", {"name": f"Host {n}"}) for n in range(900)]
    here: list[msgs.Message] = []
    monkeypatch.setattr(verifier.msgs, "verify", here.append)  # counts what is verified in this process
    pool = PoolVerifier(2, min_batch=64, start_after=0)
    try:
        first, second, dropped = pool.batch(), pool.batch(), pool.batch()
        for batch, part in ((first, stream[:300]), (second, stream[300:600]), (dropped, stream[600:])):
            for message in part:
                batch.add(message)
            batch.finish()
        for message in stream[300:600] + stream[:300]:  # the later batch is placed first
            second.check(message) if message in stream[300:600] else first.check(message)
        assert here == []  # every signature was answered by a worker
        del dropped, batch  # placed without asking (duplicates, say): its answers must not pile up
        pool.collect(pool.submit([(bytes.fromhex(host.key), stream[0].signature, stream[0].payload)]) or 0)
        assert pool._ready == {} and pool._moot <= set(pool._owner)
    finally:
        pool.close()


def test_a_hung_worker_with_a_full_pipe_does_not_hang_the_writer(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    host = Author()
    raws = [host.open_room().raw]
    people = [Author(host.room) for _ in range(4)]
    raws += [people[n % 4].next("profile", {"name": f"P{n} " + "x" * 30}).raw for n in range(4000)]
    pool = PoolVerifier(2, min_batch=64, start_after=0)
    with Ledger(tmp_path / "ledger.sqlite3", verifier=pool) as ledger:
        assert len(ledger.ingest_many(raws[:300]).added) == 300
        monkeypatch.setattr(workers, "ANSWER_TIMEOUT", 0.5)
        monkeypatch.setattr(workers, "STOP_WAIT", 0.5)
        for pid in pool.pids():
            os.kill(pid, signal.SIGSTOP)  # they read nothing more: ~2 MB of chunks cannot fit their pipes
        report = ledger.ingest_many(raws[300:])
        assert len(report.added) == 3701 and not report.errors  # verified here once the pool gave up
    assert not pool.started and multiprocessing.active_children() == []


def test_two_threads_on_one_pool_get_every_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    streams = []
    for _ in range(2):
        host = Author()
        streams.append([host.open_room()] + [host.next("profile", {"name": f"Host {n}"}) for n in range(1499)])
    here: list[msgs.Message] = []
    monkeypatch.setattr(verifier.msgs, "verify", here.append)
    pool = PoolVerifier(2, min_batch=64, start_after=0)
    pool.warm_up()

    def ingest(stream: list[msgs.Message]) -> None:
        for start in range(0, len(stream), 300):
            batch = pool.batch()
            for message in stream[start:start + 300]:
                batch.add(message)
            batch.finish()
            for message in stream[start:start + 300]:
                batch.check(message)

    try:
        threads = [threading.Thread(target=ingest, args=(stream,)) for stream in streams]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert pool.started and here == []  # the pipes stayed in step: no answer lost, none verified here
    finally:
        pool.close()
