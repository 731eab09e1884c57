"""Ledger.prepare: a batch decoded (its signatures handed to the pool) before the one ahead of it is stored.

A catch-up prepares batch N+1 before storing batch N, so the workers verify while the writer writes.
Whatever the overlap, the ledger must end up exactly as with ``ingest_many`` one batch after another.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from nosedive.core import messages as msgs
from nosedive.ledger.records import IngestReport
from nosedive.ledger.store import Ledger
from nosedive.ledger.verifier import PoolVerifier
from tests.core.helpers import Author


def _forged(raw: bytes) -> bytes:
    return raw[:5] + bytes([raw[5] ^ 0x10]) + raw[6:]


def _room(seed: int) -> list[bytes]:
    """A room's chains in arrival order, with forgeries, a duplicate, a fork and garbage among them."""
    host = Author()
    raws = [host.open_room().raw]
    people = [Author(host.room) for _ in range(5)]
    for round_ in range(80):
        for index, person in enumerate(people):
            raws.append(person.rate(people[(index + 1 + round_ % 4) % 5].key, 1 + round_ % 5).raw)
    rng = random.Random(seed)
    for index in rng.sample(range(1, len(raws)), 12):
        raws[index] = _forged(raws[index])
    second = msgs.decode_trusted(raws[2])
    fork = msgs.create(people[1].identity, room=host.room or "", seq=second.seq, prev=second.prev, type="rate",
                       body={"subject": people[2].key, "stars": 5}, ts=second.ts + 1)
    raws += [raws[9], fork.raw, b"not a message at all"]
    return raws


def _outcome(report: IngestReport) -> tuple[object, ...]:
    return ([m.id for m in report.added], [(i, type(e).__name__, str(e)) for i, e in report.errors],
            report.duplicates, report.held, [(p.author, p.seq) for p in report.forks])


def _ledger_rows(ledger: Ledger) -> object:
    return (ledger.count(), ledger.pending_count(), sorted(ledger._conn.execute("SELECT id, raw FROM messages")))


@pytest.mark.parametrize("seed", [1, 2])
def test_preparing_the_next_batch_first_stores_exactly_what_ingest_many_stores(tmp_path: Path, seed: int) -> None:
    raws = _room(seed)
    batches = [raws[start:start + 60] for start in range(0, len(raws), 60)]
    pool = PoolVerifier(2, min_batch=1, start_after=0)
    try:
        with Ledger(tmp_path / "plain.sqlite3") as plain, Ledger(tmp_path / "ahead.sqlite3", verifier=pool) as ahead:
            expected = [_outcome(plain.ingest_many(batch)) for batch in batches]
            got = []
            prepared = ahead.prepare(batches[0])
            for following in [*batches[1:], None]:
                upcoming = ahead.prepare(following) if following is not None else None  # before storing this one
                got.append(_outcome(ahead.ingest_many(prepared)))
                if upcoming is not None:
                    prepared = upcoming
            assert pool.started  # the workers verified the prepared batches
            assert got == expected
            assert _ledger_rows(ahead) == _ledger_rows(plain)
            assert sum(name == "BadSignatureError" for batch in got for _, name, _ in batch[1]) >= 10
    finally:
        pool.close()


def test_a_prepared_batch_is_stored_once(tmp_path: Path) -> None:
    host, guest = Author(), Author()
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        prepared = ledger.prepare([host.open_room().raw, host.rate(guest.key, 3).raw])
        assert ledger.count() == 0  # prepared is not stored
        assert len(ledger.ingest_many(prepared).added) == 2
        with pytest.raises(ValueError, match="ingested already"):
            ledger.ingest_many(prepared)
        assert ledger.count() == 2


def test_a_batch_prepared_for_a_room_refuses_another_rooms_messages(tmp_path: Path) -> None:
    host, other = Author(), Author()
    genesis, elsewhere = host.open_room(), other.open_room("Elsewhere")
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        report = ledger.ingest_many(ledger.prepare([genesis.raw, elsewhere.raw], room=genesis.room))
        assert [m.id for m in report.added] == [genesis.id]
        assert [(i, type(e).__name__) for i, e in report.errors] == [(1, "WrongRoomError")]
