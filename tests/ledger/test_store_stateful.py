"""Stateful property test: any sequence of batches, reopenings and forks keeps the invariants."""
from __future__ import annotations

import tempfile
from itertools import pairwise
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from nosedive.core import messages as msgs
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from tests.core.helpers import FIXED_TS, Author

HOST = Author()
GENESIS = HOST.open_room()
PEOPLE = [Author(HOST.room) for _ in range(3)]
CHAINS = {p.key: [p.rate(PEOPLE[(i + 1) % 3].key, 1 + n % 5) for n in range(6)] for i, p in enumerate(PEOPLE)}
FORKER = PEOPLE[0]
TWIN = msgs.create(FORKER.identity, room=HOST.room, seq=3, prev=CHAINS[FORKER.key][1].id, type="rate",
                   body={"subject": Identity.generate().public_hex, "stars": 1}, ts=FIXED_TS)
POOL = [GENESIS] + [m for chain in CHAINS.values() for m in chain] + [TWIN]
POOL_IDS = {m.id for m in POOL}


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "l.sqlite3"
        self.ledger = Ledger(self.path, max_pending=8)
        self.offered: set[str] = set()

    def teardown(self) -> None:
        self.ledger.close()
        self.folder.cleanup()

    @rule(picks=st.lists(st.sampled_from(POOL), min_size=1, max_size=8))
    def ingest_batch(self, picks: list[msgs.Message]) -> None:
        report = self.ledger.ingest_many([m.raw for m in picks])
        self.offered |= {m.id for m in picks}
        assert {m.id for m in report.added} <= POOL_IDS

    @rule(raw=st.binary(max_size=200))
    def ingest_garbage(self, raw: bytes) -> None:
        before = self.ledger.count()
        report = self.ledger.ingest_many([raw])
        assert report.errors and self.ledger.count() == before

    @rule()
    def reopen(self) -> None:
        self.ledger.close()
        self.ledger = Ledger(self.path, max_pending=8)

    @precondition(lambda self: len(self.offered) > 5)
    @rule()
    def deliver_everything(self) -> None:
        """Anti-entropy's end state: everything offered in chain order arrives."""
        self.ledger.ingest_many([m.raw for m in POOL])
        self.offered |= POOL_IDS
        for person in PEOPLE:
            assert self.ledger.head(HOST.room, person.key)[0] == 6 or person is FORKER
        assert self.ledger.forked_authors(HOST.room) == {FORKER.key: 3}
        assert self.ledger.pending_count() == 0

    @invariant()
    def chains_are_contiguous_and_only_valid_messages_are_stored(self) -> None:
        chains: dict[str, list[msgs.Message]] = {}
        for _, message in self.ledger.messages(HOST.room):
            assert message.id in POOL_IDS
            chains.setdefault(message.author, []).append(message)
        for chain in chains.values():
            chain.sort(key=lambda m: m.seq)
            assert [m.seq for m in chain] == list(range(1, len(chain) + 1))
            assert all(b.prev == a.id for a, b in pairwise(chain))
        assert self.ledger.pending_count() <= 8

    @invariant()
    def a_fork_is_flagged_only_when_both_versions_were_seen(self) -> None:
        forked = self.ledger.forked_authors(HOST.room) if GENESIS.id in self.offered else {}
        if forked:
            assert forked == {FORKER.key: 3}
            assert TWIN.id in self.offered and CHAINS[FORKER.key][2].id in self.offered


LedgerMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=15, deadline=None)
TestLedgerMachine = LedgerMachine.TestCase
