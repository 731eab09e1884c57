"""Each person's status, and mine, in the snapshot of an ``admit`` room."""
from __future__ import annotations

from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.room.snapshot import RoomSnapshot
from nosedive.room.view import RoomView


def status(snap: RoomSnapshot, key: str) -> str:
    person = snap.person(key)
    assert person is not None
    return person.status


def test_statuses_in_the_snapshot_follow_the_facilitators_verdicts(tmp_path: Path) -> None:
    host, joiner = Identity.generate(), Identity.generate()
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        room = ledger.create_room(host, "Class 5B", load_preset("nosedive") | {"admission": "admit"}).room
        ledger.append(joiner, room, "profile", {"name": "Lacie"})
        ledger.append(joiner, room, "rate", {"subject": host.public_hex, "stars": 1})
        mine, theirs = RoomView(ledger, room, host.public_hex), RoomView(ledger, room, joiner.public_hex)
        for view in (mine, theirs):
            snap = view.snapshot()
            assert status(snap, joiner.public_hex) == "waiting"  # their profile shows: the host sees who waits
            assert status(snap, host.public_hex) == "member"
            assert joiner.public_hex not in snap.scores.people
            assert snap.scores.people[host.public_hex].final == snap.scores.policy.prior_value  # the 1 star waits too
        assert theirs.snapshot().my_status == "waiting" and mine.snapshot().my_status == "member"

        admit = ledger.append(host, room, "admit", {"subject": joiner.public_hex})
        for view in (mine, theirs):
            view.apply([admit])
            assert status(view.snapshot(), joiner.public_hex) == "member"
            assert view.snapshot().scores.people[host.public_hex].final < view.snapshot().scores.policy.prior_value
        assert theirs.snapshot().feed[-1].subject == joiner.public_hex

        expel = ledger.append(host, room, "expel", {"subject": joiner.public_hex})
        for view in (mine, theirs):
            view.apply([expel])
        assert theirs.snapshot().my_status == "expelled"
        assert status(mine.snapshot(), joiner.public_hex) == "expelled"
        assert mine.scores_hash() == theirs.scores_hash() == RoomView(ledger, room, host.public_hex).scores_hash()
