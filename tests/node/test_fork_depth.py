"""Fork proofs land at the first seq where two copies of a chain part, and an early-dated proof is kept."""
from __future__ import annotations

from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.core.messages import Message
from nosedive.ledger.store import Ledger
from nosedive.net.events import Event, Send
from nosedive.net.frames import FrameDecoder, unpack_messages
from nosedive.node.fork_trace import below
from tests.core.helpers import FIXED_TS, Author


def _branch(of: Author) -> Author:
    """The same key and chain so far, on a second machine."""
    copy = Author(of.room, identity=of.identity)
    copy.seq, copy.prev = of.seq, of.prev
    return copy


def _raws(frames: list[Event]) -> list[bytes]:
    decoder, raws = FrameDecoder(), []
    for send in frames:
        assert isinstance(send, Send)
        for _kind, body in decoder.feed(send.data):
            raws += unpack_messages(body)
    return raws


def _ledger(path: Path, messages: list[Message]) -> Ledger:
    ledger = Ledger(path)
    assert not ledger.ingest_many([m.raw for m in messages], now=FIXED_TS).errors
    return ledger


def test_a_fork_found_at_the_head_is_traced_down_to_the_first_seq_where_the_chains_part(tmp_path: Path) -> None:
    host = Author()
    genesis = host.open_room()
    clone = Author(host.room)
    common = [clone.rate(host.key, 4), clone.rate(host.key, 3)]
    other = _branch(clone)
    mine = [clone.rate(host.key, 5) for _ in range(3)]  # seq 3, 4, 5 on one machine
    theirs = [other.rate(host.key, 1) for _ in range(3)]  # seq 3, 4, 5 on the other
    a = _ledger(tmp_path / "a.sqlite3", [genesis, *common, *mine])
    b = _ledger(tmp_path / "b.sqlite3", [genesis, *common, *theirs])
    room = host.room
    assert room is not None
    with a, b:
        # Sync compared heads at seq 5: b sends a its message there.
        report = a.ingest_many([theirs[-1].raw], now=FIXED_TS)
        assert [p.seq for p in report.forks] == [5] and report.parted_below == [theirs[-1]]
        # a answers with its messages below seq 5; b keeps a proof at every seq where they differ.
        sent = _raws(below(a, theirs[-1]))
        assert [msgs.decode_trusted(raw).seq for raw in sent] == [1, 2, 3, 4]
        back = b.ingest_many(sent, now=FIXED_TS)
        assert [p.seq for p in back.forks] == [3, 4] and back.parted_below == [], "seq 3 follows seq 2: first"
        assert back.duplicates == 2 and b.forked_authors(room) == {clone.key: 3}
        for proof in back.forks:  # gossiped to a
            a.ingest_fork_proof(proof.raw_a, proof.raw_b)
        print(f"\nchains part at seq 3, heads compared at seq 5: proofs at {[p.seq for p in a.forks(room)]} on a, "
              f"{[p.seq for p in b.forks(room)]} on b; forked_at a={a.forked_authors(room)[clone.key]} "
              f"b={b.forked_authors(room)[clone.key]}")
        assert a.forked_authors(room) == b.forked_authors(room) == {clone.key: 3}


def test_a_fork_found_where_the_chains_part_needs_no_tracing(tmp_path: Path) -> None:
    host = Author()
    genesis = host.open_room()
    clone = Author(host.room)
    other = _branch(clone)
    mine, theirs = clone.rate(host.key, 5), other.rate(host.key, 1)
    with _ledger(tmp_path / "a.sqlite3", [genesis, mine]) as a:
        report = a.ingest_many([theirs.raw], now=FIXED_TS)
        assert [p.seq for p in report.forks] == [1] and report.parted_below == []


def test_a_gossiped_fork_proof_dated_ahead_of_the_clock_is_kept(tmp_path: Path) -> None:
    """An early message is held, never refused (test_early.py); a proof made of early messages is evidence
    all the same: refusing it would leave this node without the verdict every other node reaches."""
    host = Author()
    genesis = host.open_room()
    clone = Author(host.room)
    other = _branch(clone)
    ahead = FIXED_TS + msgs.FUTURE_TOLERANCE_MS + 60 * 60_000  # an hour past the tolerance
    one = clone.next("rate", {"subject": host.key, "stars": 5}, ts=ahead)
    two = other.next("rate", {"subject": host.key, "stars": 1}, ts=ahead + 1)
    room = host.room
    assert room is not None
    with _ledger(tmp_path / "a.sqlite3", [genesis]) as a:
        proof = a.ingest_fork_proof(one.raw, two.raw, now=FIXED_TS)
        assert proof is not None and proof.seq == 1 and a.forked_authors(room) == {clone.key: 1}
