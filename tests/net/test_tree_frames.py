"""The tree's frames and peers' addresses between two real sessions (no sockets), and bad ones refused."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.net.events import Closed, PeerAddresses, Send, TreeSignal
from nosedive.net.frames import FrameError, control
from nosedive.net.gossip import parse_peers

from .wire import host_side, make_side, open_ledger, pump

ALICE, BOB = Identity.generate(), Identity.generate()


@pytest.fixture()
def room(tmp_path: Path) -> Iterator[tuple[Ledger, Ledger, str]]:
    a, b = open_ledger(tmp_path, "a"), open_ledger(tmp_path, "b")
    room_id = a.create_room(ALICE, "Class 5B", {}).room
    yield a, b, room_id
    a.close()
    b.close()


def test_an_ihave_is_sent_only_for_what_the_peer_is_not_known_to_hold(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    assert a.session.ihave({ALICE.public_hex: 1}) == []  # it synced the genesis from me
    message = a_ledger.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": 4})
    a.absorb(a.session.ihave({ALICE.public_hex: message.seq}))
    pump(a, b)
    assert [e for e in b.events if isinstance(e, TreeSignal)] == [TreeSignal("ihave", {ALICE.public_hex: 2})]
    assert b_ledger.count(room_id) == 1  # an announcement, not the message


def test_a_graft_streams_what_the_grafter_lacks_of_those_authors(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    for stars in (1, 2, 3):
        a_ledger.append(ALICE, room_id, "rate", {"subject": BOB.public_hex, "stars": stars})
    b.absorb(b.session.graft({ALICE.public_hex: 1}))  # I hold the genesis: send what follows
    pump(a, b)
    assert [e for e in a.events if isinstance(e, TreeSignal)] == [TreeSignal("graft", {ALICE.public_hex: 1})]
    assert b_ledger.have(room_id) == a_ledger.have(room_id)
    b.absorb(b.session.prune({ALICE.public_hex: 4}))
    pump(a, b)
    assert a.events[-1] == TreeSignal("prune", {ALICE.public_hex: 4})


@pytest.mark.parametrize("frame", [
    {"t": "ihave", "have": {"A" * 64: 1}},
    {"t": "graft", "have": "everything"},
    {"t": "prune", "have": {"a" * 64: -1}},
    {"t": "ihave", "have": {f"{i:064x}": 1 for i in range(1025)}},
])
def test_a_bad_tree_frame_ends_the_session_with_one_clear_refusal(room, frame: dict[str, object]) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    before = b_ledger.count(room_id)
    a.absorb([Send(control(frame))])
    pump(a, b)
    closed = b.closed
    assert closed is not None and closed.code == "bad-frame"
    assert closed.reason == f"{frame['t']} must map at most 1024 authors (64 lower-case hex) to sequence numbers " \
                            "0 to 2^53-1"
    told = a.closed  # the peer is told, once, in the same words
    assert isinstance(told, Closed) and told.by_peer and closed.reason in told.reason
    assert not any(isinstance(e, TreeSignal) for e in b.events)
    assert b_ledger.count(room_id) == before


def test_peers_said_by_the_peer_become_hints_and_bad_lists_one_clear_refusal(room) -> None:
    a_ledger, b_ledger, room_id = room
    a, b = host_side(ALICE, room_id, a_ledger), make_side(BOB, room_id, b_ledger)
    pump(a, b)
    assert a.session.tell_peers([]) == []
    k = "e" * 64
    a.absorb(a.session.tell_peers([(k, "10.0.0.7", 41234), (k, "10.0.0.8", 5000)]))
    pump(a, b)
    assert [e for e in b.events if isinstance(e, PeerAddresses)] == [
        PeerAddresses(((k, "10.0.0.7", 41234), (k, "10.0.0.8", 5000)))]
    for bad in ([f"{k}@10.0.0.7"], [f"{k}@[::1]:80"], [f"{k}@10.0.0.7:0"], [f"{k}@224.0.0.251:5353"], f"{k}@10.0.0.7:1",
                ["10.0.0.7:1"], [f"{k.upper()}@10.0.0.7:1"], [f"{k}@10.0.0.{i}:1" for i in range(65)]):
        with pytest.raises(FrameError, match=r"^peers must list at most 64 peers as 'key@a\.b\.c\.d:port'"):
            parse_peers({"t": "peers", "peers": bad})
    a.absorb([Send(control({"t": "peers", "peers": ["nonsense"]}))])
    pump(a, b)
    assert b.closed is not None and b.closed.code == "bad-frame"
