"""A backlog step fills its frames from as many chains as it takes: a cold join of many short chains gets
full frames (which the receiver stores in pipelined chunks), each chain still in order, nothing twice."""
from __future__ import annotations

from pathlib import Path

from nosedive.core import messages as msgs
from nosedive.ledger.store import Ledger
from nosedive.net.frames import KIND_MESSAGES, FrameDecoder, unpack_messages
from nosedive.net.sync import Sync
from tests.core.helpers import Author


def _messages(frames: list[bytes]) -> list[msgs.Message]:
    out = []
    for kind, body in FrameDecoder().feed(b"".join(frames)):
        assert kind == KIND_MESSAGES
        out += [msgs.decode_trusted(raw) for raw in unpack_messages(body)]
    return out


def test_a_step_takes_many_short_chains_and_a_long_one_in_parts(tmp_path: Path) -> None:
    host = Author()
    genesis = host.open_room()
    people = [Author(host.room) for _ in range(12)]
    raws = [genesis.raw]
    for round_ in range(30):  # twelve chains of 30, and the host's of 95
        raws += [p.rate(people[(i + 1) % 12].key, 1 + round_ % 5).raw for i, p in enumerate(people)]
    raws += [host.next("profile", {"name": f"Host {n}"}).raw for n in range(94)]
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        assert not ledger.ingest_many(raws).errors
        sync = Sync(ledger, host.room or "", backlog_batch=100)
        sync.on_have({"have": {people[0].key: 10}, "heads": {}, "forks": 0})  # holds a third of one chain
        steps = []
        while sync.backlog_pending:
            steps.append(_messages(sync.next_backlog_frames()))
        assert [len(step) for step in steps] == [100, 100, 100, 100, 45]  # full steps, across chains
        assert steps[0][0].author == host.key and steps[0][0].seq == 1  # the facilitator's chain first
        streamed = [m for step in steps for m in step]
        assert len({m.id for m in streamed}) == len(streamed) == len(raws) - 10  # all it lacks, once
        for author in {m.author for m in streamed}:
            seqs = [m.seq for m in streamed if m.author == author]
            assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # each chain in order, no gap
        assert min(m.seq for m in streamed if m.author == people[0].key) == 11
        assert sync.peer_have[host.key] == 95 and sync.peer_have[people[5].key] == 30


def test_a_step_skips_a_chain_with_nothing_left_to_read(tmp_path: Path) -> None:
    host = Author()
    genesis = host.open_room()
    member = Author(host.room)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.ingest_many([genesis.raw] + [member.rate(host.key, 3).raw for _ in range(5)])
        sync = Sync(ledger, host.room or "", backlog_batch=100)
        sync.on_have({"have": {}, "heads": {}, "forks": 0})
        sync._backlog.appendleft((member.key, 5, 9))  # planned further than the ledger holds (quarantined)
        streamed = _messages(sync.next_backlog_frames())
        assert len(streamed) == 6 and not sync.backlog_pending  # the empty read did not end the step
