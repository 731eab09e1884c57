"""Verifying in worker processes gives exactly what verifying here gives, and leaves no process behind."""
from __future__ import annotations

import multiprocessing
import os
import random
import signal
from pathlib import Path

import pytest

from nosedive.core import messages as msgs
from nosedive.core.encoding import canonical
from nosedive.core.errors import BadSignatureError, WeakKeyError
from nosedive.core.identity import Identity
from nosedive.ledger.records import IngestReport
from nosedive.ledger.store import Ledger
from nosedive.ledger.verifier import PoolVerifier, Verifier, verifier_for
from nosedive.ledger.workers import answer_chunk, pack_chunk, read_answer
from tests.core.helpers import FIXED_TS, Author

IDENTITY_POINT = "01" + "00" * 31  # OpenSSL verifies R = identity, S = 0 under it for every message


def _forged(message: msgs.Message) -> bytes:
    """The same payload with one bit of the signature flipped."""
    signature = bytearray(message.signature)
    signature[5] ^= 0x10
    return bytes(signature) + message.payload


def _under_weak_key(room: str, subject: str, seq: int) -> bytes:
    payload = canonical({"v": 1, "room": room, "author": IDENTITY_POINT, "seq": seq,
                         "prev": None if seq == 1 else "ab" * 32, "ts": FIXED_TS, "type": "rate",
                         "body": {"subject": subject, "stars": 1}})
    return bytes.fromhex(IDENTITY_POINT) + bytes(32) + payload


def _hostile_batch(seed: int) -> list[bytes]:
    """A room's chains with forged signatures, weak-key messages, duplicates (one forged), a fork, a gap."""
    host = Author()
    raws = [host.open_room().raw]
    people = [Author(host.room) for _ in range(6)]
    for round_ in range(60):
        for person in people:
            subject = people[(people.index(person) + 1 + round_ % 5) % len(people)].key
            raws.append(person.next("rate", {"subject": subject, "stars": 1 + round_ % 5}).raw)
    rng = random.Random(seed)
    for index in rng.sample(range(1, len(raws)), 25):  # forgeries: the rest of their chain must wait
        raws[index] = _forged(msgs.decode_trusted(raws[index]))
    raws += [raws[3], _forged(msgs.decode_trusted(raws[4])), raws[7]]  # duplicates, one with a bad signature
    twin = people[0]
    fork = msgs.create(twin.identity, room=host.room, seq=2, prev=msgs.decode_trusted(raws[1]).id, type="rate",
                       body={"subject": people[1].key, "stars": 5}, ts=FIXED_TS + 99)
    raws.append(fork.raw)  # a second message at seq 2: a fork (if seq 2 is not itself forged)
    ahead = msgs.create(Identity.generate(), room=host.room, seq=3, prev="cd" * 32, type="rate",
                        body={"subject": people[2].key, "stars": 2}, ts=FIXED_TS)
    raws.append(ahead.raw)  # ahead of a gap: held
    raws += [_under_weak_key(host.room or "", people[3].key, seq) for seq in (1, 2)]
    rng.shuffle(raws)
    return raws


def _outcome(report: IngestReport, ledger: Ledger) -> tuple[object, ...]:
    return ([m.id for m in report.added], [(i, type(e).__name__, str(e)) for i, e in report.errors],
            report.duplicates, report.held, [(p.author, p.seq) for p in report.forks],
            [m.id for m in report.conflicts], ledger.count(), ledger.pending_count(),
            sorted(ledger._conn.execute("SELECT id, raw FROM messages").fetchall()))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_pool_and_the_single_core_path_give_the_same_ledger(tmp_path: Path, seed: int) -> None:
    raws = _hostile_batch(seed)
    pool = PoolVerifier(2, min_batch=1, start_after=0)
    try:
        with Ledger(tmp_path / "one.sqlite3") as alone, Ledger(tmp_path / "two.sqlite3", verifier=pool) as pooled:
            outcomes = []
            for ledger in (alone, pooled):
                outcomes.append([_outcome(ledger.ingest_many(raws[start:start + 150]), ledger)
                                 for start in range(0, len(raws), 150)])
            assert pool.started  # the workers did the verifying
        single, parallel = outcomes
        assert single == parallel
        errors = [kind for batch in single for kind in batch[1]]
        assert sum(kind[1] == "BadSignatureError" for kind in errors) >= 20
        assert sum(kind[1] == "WeakKeyError" for kind in errors) == 2  # refused on both paths
    finally:
        pool.close()


def test_a_worker_refuses_weak_keys_and_forgeries_itself() -> None:
    person = Author()
    genesis = person.open_room()
    payload = b"any message at all"
    weak = (bytes.fromhex(IDENTITY_POINT), bytes.fromhex(IDENTITY_POINT) + bytes(32), payload)
    key = bytes.fromhex(genesis.author)
    forged = (key, _forged(genesis)[:64], genesis.payload)
    chunk = pack_chunk(7, [(key, genesis.signature, genesis.payload), weak, forged])
    assert read_answer(answer_chunk(chunk), 7, 3) == b"\x01\x00\x00"


def test_small_batches_stay_in_this_process(tmp_path: Path) -> None:
    pool = PoolVerifier(2, min_batch=256, start_after=0)
    host = Author()
    raws = [host.open_room().raw] + [host.next("profile", {"name": f"Host {n}"}).raw for n in range(50)]
    raws.append(_forged(host.next("profile", {"name": "Forged"})))
    with Ledger(tmp_path / "ledger.sqlite3", verifier=pool) as ledger:
        report = ledger.ingest_many(raws)
    assert not pool.started and multiprocessing.active_children() == []
    assert len(report.added) == 51 and isinstance(report.errors[0][1], BadSignatureError)
    pool.close()


def test_a_closed_pool_verifies_here_and_its_workers_are_gone(tmp_path: Path) -> None:
    host = Author()
    raws = [host.open_room().raw] + [host.next("profile", {"name": f"Host {n}"}).raw for n in range(300)]
    pool = PoolVerifier(2, min_batch=64, start_after=0)
    with Ledger(tmp_path / "ledger.sqlite3", verifier=pool) as ledger:
        assert len(ledger.ingest_many(raws[:200]).added) == 200
        workers = pool.pids()
        assert workers
        pool.close()
        assert multiprocessing.active_children() == [] and pool.pids() == []
        assert len(ledger.ingest_many(raws[200:]).added) == 101  # still verified, now here
    assert not pool.started


def test_a_killed_worker_costs_speed_not_messages(tmp_path: Path) -> None:
    host = Author()
    raws = [host.open_room().raw] + [host.next("profile", {"name": f"Host {n}"}).raw for n in range(600)]
    pool = PoolVerifier(2, min_batch=64, start_after=0)
    with Ledger(tmp_path / "ledger.sqlite3", verifier=pool) as ledger:
        assert len(ledger.ingest_many(raws[:100]).added) == 100
        os.kill(pool.pids()[0], signal.SIGKILL)
        report = ledger.ingest_many(raws[100:])
        assert len(report.added) == 501 and not report.errors  # verified here once the pool broke
        assert ledger.count() == 601
    pool.close()
    assert multiprocessing.active_children() == []


def test_the_workers_start_only_for_a_long_catch_up(tmp_path: Path) -> None:
    host = Author()
    raws = [host.open_room().raw] + [host.next("profile", {"name": f"Host {n}"}).raw for n in range(1200)]
    pool = PoolVerifier(2, min_batch=300, start_after=900)
    with Ledger(tmp_path / "ledger.sqlite3", verifier=pool) as ledger:
        for start in range(0, 900, 300):
            ledger.ingest_many(raws[start:start + 300])
        assert not pool.started  # a short catch-up: cheaper here than starting processes
        assert len(ledger.ingest_many(raws[900:]).added) == 301
        assert pool.started
    pool.close()


def test_idle_workers_stop_and_a_new_catch_up_starts_them_again(tmp_path: Path) -> None:
    host = Author()
    raws = [host.open_room().raw] + [host.next("profile", {"name": f"Host {n}"}).raw for n in range(400)]
    pool = PoolVerifier(2, min_batch=100, start_after=0, idle_stop=0.0)
    with Ledger(tmp_path / "ledger.sqlite3", verifier=pool) as ledger:
        ledger.ingest_many(raws[:200])
        assert pool.started
        assert len(ledger.ingest_many(raws[200:210]).added) == 10  # after the idle time: workers stopped first
        assert multiprocessing.active_children() == []
        pool.start_after = 0
        assert len(ledger.ingest_many(raws[210:]).added) == 191
        assert pool.started  # a new catch-up
    assert multiprocessing.active_children() == []


def test_one_core_or_none_asked_means_no_pool() -> None:
    assert type(verifier_for(0)) is Verifier
    assert isinstance(verifier_for(2), PoolVerifier)
    with pytest.raises(ValueError):
        PoolVerifier(0)
    with pytest.raises(WeakKeyError):
        msgs.parse(_under_weak_key("ab" * 32, Identity.generate().public_hex, 1))
