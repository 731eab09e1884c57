"""The one write transaction: a failure rolls back everything and leaves no stale cache behind."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nosedive.core.errors import NosediveError, NotFacilitatorError
from nosedive.core.identity import Identity
from nosedive.ledger import Ledger
from tests.core.helpers import Author


def _refuse_inserts_by(path: Path, author: str) -> None:
    """A real SQLite failure in the middle of a batch: a trigger, set up from another connection."""
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.author = '{author}' "
                 "BEGIN SELECT RAISE(ABORT, 'the disk said no'); END")
    conn.close()


def test_a_batch_that_fails_to_commit_leaves_no_trace_in_the_caches(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    host = Author()
    genesis = host.open_room()
    room = genesis.room
    bob, carol = Author(room), Author(room)
    bob_chain = [bob.rate(host.key, 3), bob.rate(host.key, 4)]
    poisoned = carol.rate(host.key, 1)
    with Ledger(path) as ledger:
        ledger.ingest(genesis.raw)
        assert ledger.ingest_many([bob_chain[1].raw]).held == 1
        _refuse_inserts_by(path, carol.key)
        ledger.have(room)  # warm the replication summary too
        with pytest.raises(sqlite3.IntegrityError, match="the disk said no"):
            ledger.ingest_many([bob_chain[0].raw, poisoned.raw])  # bob 1 and his held 2 were staged
        # nothing of the batch is on disk, and nothing of it is remembered
        assert ledger.count() == 1 and ledger.pending_count() == 1
        assert ledger.head(room, bob.key) == (0, None)
        assert ledger.have(room) == {host.key: (1, genesis.id)}
        # the same gap fills again: the held message is still released (its count was recounted)
        report = ledger.ingest_many([bob_chain[0].raw])
        assert [m.seq for m in report.added] == [1, 2] and not report.errors
        assert ledger.pending_count() == 0 and ledger.head(room, bob.key) == (2, bob_chain[1].id)


def test_a_refused_own_message_changes_nothing_and_the_next_one_follows_on(tmp_path: Path) -> None:
    host, member = Identity.generate(), Identity.generate()
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        room = ledger.create_room(host, "Ours", {}).room
        ledger.append(member, room, "profile", {"name": "Mo"})
        with pytest.raises(NotFacilitatorError):
            ledger.append(member, room, "policy", {"policy": {}})
        with pytest.raises(NosediveError, match="unknown room"):
            ledger.append(member, "ab" * 32, "profile", {"name": "Mo"})
        later = ledger.append(member, room, "rate", {"subject": host.public_hex, "stars": 4})
        assert later.seq == 2 and ledger.count(room) == 3
        assert ledger.have(room) == {host.public_hex: (1, room), member.public_hex: (2, later.id)}


def test_a_long_held_chain_is_released_when_its_gap_fills(tmp_path: Path) -> None:
    """Releasing is a loop: 1,200 held messages once overflowed the stack and rolled the batch back."""
    host = Author()
    genesis = host.open_room()
    room = genesis.room
    bob = Author(room)
    chain = [bob.rate(host.key, 1 + n % 5) for n in range(1_200)]
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.ingest(genesis.raw)
        assert ledger.ingest_many([m.raw for m in chain[1:]]).held == len(chain) - 1
        report = ledger.ingest_many([chain[0].raw])
        assert [m.seq for m in report.added] == list(range(1, len(chain) + 1)) and not report.errors
        assert ledger.pending_count() == 0 and ledger.head(room, bob.key) == (len(chain), chain[-1].id)
