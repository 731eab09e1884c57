"""The ledger: idempotent ingest, contiguous chains, held gaps, fork proofs."""
from __future__ import annotations

import random
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core import messages as msgs
from nosedive.core.errors import (
    BadSignatureError,
    ForkError,
    MalformedError,
    NotFacilitatorError,
    PrevMismatchError,
    SeqGapError,
    WrongRoomError,
)
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from tests.core.helpers import FIXED_TS, Author


@pytest.fixture()
def ledger(tmp_path: Path) -> Ledger:
    with Ledger(tmp_path / "ledger.sqlite3") as opened:
        yield opened


def _room_with_people(people: int = 3, ratings: int = 5) -> tuple[Author, list[Author], list[msgs.Message]]:
    host = Author()
    stream = [host.open_room()]
    others = [Author(host.room) for _ in range(people)]
    for person in others:
        stream.append(person.next("profile", {"name": f"P{person.key[:4]}"}))
    for index in range(ratings):
        for person in others:
            target = others[(others.index(person) + 1) % len(others)]
            stream.append(person.rate(target.key, 1 + index % 5))
    return host, others, stream


def _snapshot(ledger: Ledger, room: str) -> tuple:
    return (sorted(m.id for _, m in ledger.messages(room)), ledger.have(room), ledger.pending_count())


def test_reingesting_known_messages_changes_nothing(ledger: Ledger) -> None:
    host, _, stream = _room_with_people()
    first = ledger.ingest_many([m.raw for m in stream])
    assert len(first.added) == len(stream) and not first.errors
    before = _snapshot(ledger, host.room)
    again = ledger.ingest_many([m.raw for m in stream])
    assert again.added == [] and again.duplicates == len(stream) and not again.errors
    assert _snapshot(ledger, host.room) == before
    assert ledger.count() == len(stream)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), batch=st.integers(1, 20))
def test_any_order_and_batching_gives_the_same_ledger(tmp_path_factory, seed: int, batch: int) -> None:
    host, _, stream = _room_with_people(3, 4)
    shuffled = [m.raw for m in stream]
    random.Random(seed).shuffle(shuffled)
    with Ledger(tmp_path_factory.mktemp("l") / "l.sqlite3") as ledger:
        for start in range(0, len(shuffled), batch):
            report = ledger.ingest_many(shuffled[start:start + batch])
            assert not report.errors
        assert ledger.count() == len(stream)
        assert ledger.pending_count() == 0
        assert ledger.have(host.room) == {a: (s, i) for a, s, i in _heads(stream)}


def _heads(stream: list[msgs.Message]):
    last: dict[str, msgs.Message] = {}
    for message in stream:
        if message.author not in last or message.seq > last[message.author].seq:
            last[message.author] = message
    return [(a, m.seq, m.id) for a, m in last.items()]


def test_a_gap_is_held_and_later_filled(ledger: Ledger) -> None:
    host = Author()
    genesis = host.open_room()
    bob = Author(host.room)
    chain = [bob.next("profile", {"name": "Bob"})] + [bob.rate(host.key, s) for s in (5, 4, 3)]
    ledger.ingest(genesis.raw)
    report = ledger.ingest_many([chain[2].raw, chain[3].raw])
    assert report.held == 2 and report.added == []
    assert ledger.head(host.room, bob.key) == (0, None)
    assert ledger.pending_count() == 2
    report = ledger.ingest_many([chain[0].raw])
    assert [m.seq for m in report.added] == [1]
    report = ledger.ingest_many([chain[1].raw])
    assert [m.seq for m in report.added] == [2, 3, 4]  # the held ones follow on, in order
    assert ledger.pending_count() == 0
    assert ledger.head(host.room, bob.key) == (4, chain[3].id)


def test_messages_of_an_unknown_room_wait_for_its_genesis(ledger: Ledger) -> None:
    host = Author()
    genesis = host.open_room()
    rating = host.rate(Identity.generate().public_hex, 5)
    assert ledger.ingest_many([rating.raw]).held == 1
    report = ledger.ingest_many([genesis.raw])
    assert [m.type for m in report.added] == ["room", "rate"]


def test_the_hold_queue_is_bounded(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3", max_pending=3) as ledger:
        host = Author()
        ledger.ingest(host.open_room().raw)
        bob = Author(host.room)
        chain = [bob.rate(host.key, 3) for _ in range(6)]
        report = ledger.ingest_many([m.raw for m in chain[1:]])
        assert report.held == 3
        assert [type(e) for _, e in report.errors] == [SeqGapError, SeqGapError]
        assert ledger.pending_count() == 3
        # the gap fills; what was refused comes again later and is taken
        ledger.ingest(chain[0].raw)
        assert ledger.head(host.room, bob.key)[0] == 4
        ledger.ingest_many([m.raw for m in chain[4:]])
        assert ledger.head(host.room, bob.key)[0] == 6


def test_a_fork_is_detected_and_its_proof_kept(ledger: Ledger) -> None:
    host = Author()
    ledger.ingest(host.open_room().raw)
    victim = Identity.generate().public_hex
    original = host.rate(victim, 5)
    # a copy of the key on a second device signs a different seq 2
    twin = msgs.create(host.identity, room=host.room, seq=2, prev=original.prev, type="rate",
                       body={"subject": victim, "stars": 1}, ts=FIXED_TS + 99)
    ledger.ingest(original.raw)
    with pytest.raises(ForkError):
        ledger.ingest(twin.raw)
    proofs = ledger.forks(host.room)
    assert len(proofs) == 1
    assert {proofs[0].raw_a, proofs[0].raw_b} == {original.raw, twin.raw}
    assert ledger.forked_authors(host.room) == {host.key: 2}
    assert ledger.count(host.room) == 2  # the twin is not in the chain


def test_fork_proofs_are_gossiped_and_checked(tmp_path: Path, ledger: Ledger) -> None:
    host = Author()
    ledger.ingest(host.open_room().raw)
    victim = Identity.generate().public_hex
    a = host.rate(victim, 5)
    b = msgs.create(host.identity, room=host.room, seq=2, prev=a.prev, type="rate",
                    body={"subject": victim, "stars": 2}, ts=FIXED_TS)
    proof = ledger.ingest_fork_proof(a.raw, b.raw)
    assert proof is not None and ledger.forked_authors(host.room) == {host.key: 2}
    assert ledger.ingest_fork_proof(b.raw, a.raw) is None  # same proof: nothing new
    with pytest.raises(MalformedError):
        ledger.ingest_fork_proof(a.raw, a.raw)  # not a fork


def test_prev_mismatch_wrong_room_and_bad_signature(ledger: Ledger) -> None:
    host = Author()
    ledger.ingest(host.open_room().raw)
    first = host.rate(Identity.generate().public_hex, 4)
    ledger.ingest(first.raw)
    bad_prev = msgs.create(host.identity, room=host.room, seq=3, prev="00" * 32, type="rate",
                           body={"subject": first.body["subject"], "stars": 2}, ts=FIXED_TS)
    with pytest.raises(PrevMismatchError):
        ledger.ingest(bad_prev.raw)
    other = Author()
    other.open_room("Elsewhere")
    with pytest.raises(WrongRoomError):
        ledger.ingest(other.open_room("Elsewhere").raw, room=host.room)
    forged = bytearray(host.rate(first.body["subject"], 1).raw)
    forged[3] ^= 1
    with pytest.raises(BadSignatureError):
        ledger.ingest(bytes(forged))
    assert ledger.count(host.room) == 2


def test_only_the_facilitator_changes_policy(ledger: Ledger) -> None:
    host = Author()
    ledger.ingest(host.open_room().raw)
    intruder = Author(host.room)
    with pytest.raises(NotFacilitatorError):
        ledger.ingest(intruder.next("policy", {"policy": {}}).raw)
    ledger.ingest(host.next("policy", {"policy": {}}).raw)
    assert [m.type for _, m in ledger.messages(host.room)] == ["room", "policy"]


def test_a_batch_keeps_the_good_and_names_the_bad(ledger: Ledger) -> None:
    host, others, stream = _room_with_people(2, 2)
    raws = [m.raw for m in stream]
    raws.insert(2, b"garbage")
    raws.insert(4, raws[3][:-1])
    report = ledger.ingest_many(raws)
    assert len(report.added) == len(stream)
    assert sorted(index for index, _ in report.errors) == [2, 4]


def test_own_appends_chain_and_survive_reopening(tmp_path: Path) -> None:
    me = Identity.generate()
    path = tmp_path / "l.sqlite3"
    with Ledger(path) as ledger:
        room = ledger.create_room(me, "Mine", {}).room
        ids = [ledger.append(me, room, "rate", {"subject": Identity.generate().public_hex, "stars": 5}).id
               for _ in range(3)]
    with Ledger(path) as reopened:
        assert reopened.head(room, me.public_hex) == (4, ids[-1])
        chain = [m for _, m in reopened.messages(room)]
        assert [m.seq for m in chain] == [1, 2, 3, 4]
        assert all(later.prev == earlier.id for earlier, later in pairwise(chain))
        assert reopened.integrity_ok()


def test_a_second_process_appending_is_seen_without_self_fork(tmp_path: Path) -> None:
    me = Identity.generate()
    path = tmp_path / "l.sqlite3"
    with Ledger(path) as node_side, Ledger(path) as cli_side:
        room = node_side.create_room(me, "Shared", {}).room
        node_side.head(room, me.public_hex)  # warm the node's cache
        cli_side.append(me, room, "profile", {"name": "Me"})
        message = node_side.append(me, room, "rate", {"subject": Identity.generate().public_hex, "stars": 2})
        assert message.seq == 3
        assert node_side.forked_authors(room) == {}


def test_after_a_fork_the_losing_branch_is_not_held(ledger: Ledger) -> None:
    host = Author()
    ledger.ingest(host.open_room().raw)
    victim = Identity.generate().public_hex
    branch_a = [host.rate(victim, 5) for _ in range(3)]  # seq 2, 3, 4
    twin = msgs.create(host.identity, room=host.room, seq=2, prev=branch_a[0].prev, type="rate",
                       body={"subject": victim, "stars": 1}, ts=FIXED_TS)
    ledger.ingest(twin.raw)  # the twin's branch is stored first
    report = ledger.ingest_many([branch_a[2].raw])  # ahead of a gap: held
    assert report.held == 1
    with pytest.raises(ForkError):
        ledger.ingest(branch_a[0].raw)  # the fork shows: the held one is purged
    assert ledger.pending_count() == 0
    report = ledger.ingest_many([branch_a[2].raw])
    assert report.held == 0 and isinstance(report.errors[0][1], ForkError)


def test_one_author_cannot_fill_the_hold_queue_for_everyone(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3", max_pending=10, max_pending_per_author=3) as ledger:
        host = Author()
        ledger.ingest(host.open_room().raw)
        greedy, honest = Author(host.room), Author(host.room)
        greedy_chain = [greedy.rate(host.key, 1) for _ in range(8)]
        honest_chain = [honest.rate(host.key, 5) for _ in range(3)]
        report = ledger.ingest_many([m.raw for m in greedy_chain[1:]])  # seq 2..8, seq 1 withheld
        assert report.held == 3 and len(report.errors) == 4
        assert all(isinstance(e, SeqGapError) for _, e in report.errors)
        report = ledger.ingest_many([m.raw for m in honest_chain[1:]])  # the honest author is still held
        assert report.held == 2 and not report.errors
        ledger.ingest_many([m.raw for m in honest_chain[:1] + greedy_chain])
        assert ledger.head(host.room, honest.key)[0] == 3 and ledger.head(host.room, greedy.key)[0] == 8
        assert ledger.pending_count() == 0
