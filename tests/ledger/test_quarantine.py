"""Every stored message can be verified again: a damaged one is quarantined, its chain held, and a
good copy (from a peer's ledger, by the same ingest that sync uses) puts everything back."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.ledger import Ledger
from tests.core.helpers import Author


def _flip_a_byte(path: Path, message_id: str) -> None:
    """What a failing disk does: one bit of the stars changes (still valid JSON: the scores would change)."""
    conn = sqlite3.connect(path)
    raw = bytearray(conn.execute("SELECT raw FROM messages WHERE id=?", (message_id,)).fetchone()[0])
    raw[raw.index(b'"stars":') + 8] ^= 0x01
    conn.execute("UPDATE messages SET raw=? WHERE id=?", (bytes(raw), message_id))
    conn.commit()
    conn.close()


def _room_with_a_chain(path: Path) -> tuple[Identity, str, list[str]]:
    host = Identity.generate()
    with Ledger(path) as ledger:
        room = ledger.create_room(host, "Ours", {}).room
        member = Author(room)
        ledger.ingest_many([member.rate(host.public_hex, 1 + n % 5).raw for n in range(5)])
        ids = [raw_id for raw_id in (m.id for _, m in ledger.messages(room)) if raw_id != room]
    return host, room, ids


def test_a_clean_ledger_checks_clean(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    _room_with_a_chain(path)
    with Ledger(path) as ledger:
        report = ledger.check()
        assert report.ok and report.checked == 6 and ledger.quarantined() == 0


def test_a_flipped_byte_is_quarantined_its_chain_held_and_a_good_copy_restores_it(tmp_path: Path) -> None:
    path, peer_path = tmp_path / "ledger.sqlite3", tmp_path / "peer.sqlite3"
    host, room, ids = _room_with_a_chain(path)
    with Ledger(path) as mine, Ledger(peer_path) as peer:  # the peer holds what I held
        peer.ingest_many([m.raw for _, m in mine.messages(room)])
        before = mine.have(room)
    _flip_a_byte(path, ids[2])  # the member's third rating
    with Ledger(path) as mine, Ledger(peer_path) as peer:
        member = next(author for author in before if author != host.public_hex)
        report = mine.check()
        assert [(d.seq, d.author) for d in report.damaged] == [(3, member)]
        assert "signature does not match" in report.damaged[0].reason
        assert report.held == 2 and mine.pending_count() == 2 and mine.quarantined() == 1
        assert mine.have(room)[member][0] == 2  # the seq is simply missing: sync asks for it
        assert mine.check().ok  # what is left verifies
        # sync: the peer sends what I lack according to my summary
        missing = peer.since(room, member, mine.have(room)[member][0])
        report_in = mine.ingest_many(missing, room=room)
        assert not report_in.errors
        assert mine.have(room) == before and mine.pending_count() == 0 and mine.check().ok


def test_a_stored_id_that_does_not_match_its_bytes_is_found(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    _, room, ids = _room_with_a_chain(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE messages SET id=? WHERE id=?", ("0" * 64, ids[4]))
    conn.commit()
    conn.close()
    with Ledger(path) as ledger:
        report = ledger.check()
        assert [d.seq for d in report.damaged] == [5] and "does not match" in report.damaged[0].reason
        assert report.held == 0 and ledger.count(room) == 5
