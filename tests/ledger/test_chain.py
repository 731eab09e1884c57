"""The chain rules on their own: real signed messages, no database."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nosedive.core import messages as msgs
from nosedive.core.errors import ForkError, MalformedError, NotFacilitatorError, PrevMismatchError, SeqGapError
from nosedive.ledger import chain
from nosedive.ledger.chain import Verdict
from nosedive.ledger.pending import HoldLimits
from nosedive.ledger.records import EMPTY_CHAIN, ChainHead
from tests.core.helpers import FIXED_TS, Author


def _never_asked(seq: int) -> str:
    raise AssertionError(f"the stored id at seq {seq} was asked for, though the seq is free")


Room = tuple[Author, Author, list[msgs.Message]]


@pytest.fixture(scope="module")
def room() -> Room:
    """A host's room and a member's first three messages (profile, two ratings)."""
    host = Author()
    host.open_room()
    bob = Author(host.room)
    chain_of_bob = [bob.next("profile", {"name": "Bob"}), bob.rate(host.key, 4), bob.rate(host.key, 2)]
    return host, bob, chain_of_bob


def test_the_next_link_is_accepted(room: Room) -> None:
    host, bob, links = room
    assert chain.judge(links[0], creator=host.key, head=EMPTY_CHAIN, stored_id=_never_asked) is Verdict.ACCEPT
    head = ChainHead(1, links[0].id)
    assert chain.judge(links[1], creator=host.key, head=head, stored_id=_never_asked) is Verdict.ACCEPT


def test_a_genesis_is_accepted_though_its_room_is_not_known_yet() -> None:
    genesis = Author().open_room()
    assert chain.judge(genesis, creator=None, head=EMPTY_CHAIN, stored_id=_never_asked) is Verdict.ACCEPT


def test_ahead_of_a_gap_or_of_its_room_is_held(room: Room) -> None:
    host, bob, links = room
    assert chain.judge(links[2], creator=host.key, head=ChainHead(1, links[0].id),
                       stored_id=_never_asked) is Verdict.HOLD
    # the room's genesis has not arrived: even the first link waits
    assert chain.judge(links[0], creator=None, head=EMPTY_CHAIN, stored_id=_never_asked) is Verdict.HOLD


def test_a_known_seq_is_a_duplicate_or_a_fork_by_the_stored_id(room: Room) -> None:
    host, bob, links = room
    head = ChainHead(3, links[2].id)
    stored = {m.seq: m.id for m in links}
    assert chain.judge(links[1], creator=host.key, head=head, stored_id=stored.__getitem__) is Verdict.DUPLICATE
    twin = msgs.create(bob.identity, room=host.room, seq=2, prev=links[0].id, type="rate",
                       body={"subject": host.key, "stars": 5}, ts=FIXED_TS + 99)
    assert chain.judge(twin, creator=host.key, head=head, stored_id=stored.__getitem__) is Verdict.FORK


def test_a_link_that_does_not_follow_its_previous_message_is_refused(room: Room) -> None:
    host, bob, links = room
    with pytest.raises(PrevMismatchError, match="does not follow"):
        chain.judge(links[1], creator=host.key, head=ChainHead(1, "00" * 32), stored_id=_never_asked)


def test_only_the_creator_may_change_the_policy() -> None:
    host = Author()
    host.open_room()
    intruder = Author(host.room)
    change = intruder.next("policy", {"policy": {}})
    with pytest.raises(NotFacilitatorError):
        chain.judge(change, creator=host.key, head=EMPTY_CHAIN, stored_id=_never_asked)
    own = host.next("policy", {"policy": {}})
    assert chain.judge(own, creator=host.key, head=ChainHead(1, own.prev), stored_id=_never_asked) is Verdict.ACCEPT
    chain.check_may_post("rate", intruder.key, host.key)  # anything else anyone may post


@pytest.mark.parametrize("type_, body, says", [
    ("round", {"action": "pause"}, "start, pause or end rounds"),
    ("announce", {"text": "free cake"}, "make announcements"),
])
def test_only_the_creator_may_run_rounds_and_announce(type_: str, body: dict[str, object], says: str) -> None:
    host = Author()
    host.open_room()
    intruder = Author(host.room)
    with pytest.raises(NotFacilitatorError, match=says):
        chain.judge(intruder.next(type_, body), creator=host.key, head=EMPTY_CHAIN, stored_id=_never_asked)
    own = host.next(type_, body)
    assert chain.judge(own, creator=host.key, head=ChainHead(1, own.prev), stored_id=_never_asked) is Verdict.ACCEPT


def test_a_batch_sorts_genesis_first_then_each_chain_by_seq(room: Room) -> None:
    host, bob, links = room
    genesis = Author().open_room()
    shuffled = [links[2], genesis, links[0], links[1]]
    assert sorted(shuffled, key=chain.ingest_order) == [genesis, *links]


def test_the_next_link_extends_the_head() -> None:
    assert chain.next_link(EMPTY_CHAIN) == (1, None)
    assert chain.next_link(ChainHead(4, "ab" * 32)) == (5, "ab" * 32)


def test_after_a_fork_later_messages_are_not_held(room: Room) -> None:
    _, _, links = room
    chain.refuse_hold_after_fork(links[2], None)
    chain.refuse_hold_after_fork(links[2], 4)  # forked later than this message: it may wait
    with pytest.raises(ForkError, match="forked at seq 2"):
        chain.refuse_hold_after_fork(links[2], 2)


def test_a_fork_proof_needs_two_different_messages_at_one_place(room: Room) -> None:
    host, bob, links = room
    twin = msgs.create(bob.identity, room=host.room, seq=2, prev=links[0].id, type="rate",
                       body={"subject": host.key, "stars": 1}, ts=FIXED_TS)
    chain.check_fork_proof(links[1], twin)
    with pytest.raises(MalformedError):
        chain.check_fork_proof(links[1], links[1])
    with pytest.raises(MalformedError):
        chain.check_fork_proof(links[1], links[2])
    assert chain.canonical_pair(twin.raw, links[1].raw) == chain.canonical_pair(links[1].raw, twin.raw)
    assert chain.canonical_pair(b"b", b"a") == (b"a", b"b")


def test_hold_limits_count_in_all_and_per_author(room: Room) -> None:
    _, _, links = room
    limits = HoldLimits(total=3, per_author=2)
    limits.check_total(links[2], 2)
    limits.check_author(links[2], 1)
    with pytest.raises(SeqGapError, match="hold queue is full"):
        limits.check_total(links[2], 3)
    with pytest.raises(SeqGapError, match="already has 2 messages waiting"):
        limits.check_author(links[2], 2)


def test_the_rules_import_no_storage() -> None:
    tree = ast.parse(Path(chain.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    storage = {"sqlite3", "sqlite_utils", "nosedive.ledger.store", "nosedive.ledger.cache", "nosedive.ledger.pending"}
    assert imported and not imported & storage
