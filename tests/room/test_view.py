"""The room view turns a ledger into the snapshot people see."""
from __future__ import annotations

from pathlib import Path

from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset
from nosedive.ledger.store import Ledger
from nosedive.room.view import RoomView


def test_snapshot_of_a_small_room(tmp_path: Path) -> None:
    alice, bob, carol = (Identity.generate() for _ in range(3))
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        room = ledger.create_room(alice, "Class 5B", load_preset("nosedive")).room
        ledger.append(alice, room, "profile", {"name": "Alice"})
        ledger.append(bob, room, "profile", {"name": "Bob"})
        view = RoomView(ledger, room, alice.public_hex)
        before = view.snapshot()
        assert {p.name for p in before.people} == {"Alice", "Bob"}
        assert before.person(alice.public_hex).is_me and before.person(alice.public_hex).online

        rating = ledger.append(bob, room, "rate", {"subject": alice.public_hex, "stars": 5, "note": "lovely"})
        friend_a = ledger.append(alice, room, "friend", {"subject": bob.public_hex, "on": True})
        friend_b = ledger.append(bob, room, "friend", {"subject": alice.public_hex, "on": True})
        change = view.apply([rating, friend_a, friend_b])
        assert [item.stars for item in change.rated_me] == [5]
        assert alice.public_hex in change.scores_changed

        after = view.snapshot(online=frozenset({bob.public_hex}), peers_connected=1)
        assert after.version > before.version
        assert after.person(bob.public_hex).is_friend and after.person(bob.public_hex).online
        assert after.feed[-3].note == "lovely" and after.feed[-1].type == "friend"
        assert after.scores.people[alice.public_hex].final != before.scores.people[alice.public_hex].final
        # carol, only ever rated, is still someone in the room
        view.apply([ledger.append(bob, room, "rate", {"subject": carol.public_hex, "stars": 2})])
        assert view.snapshot().person(carol.public_hex).name == view.name_of(carol.public_hex)

        # a fresh view of the same ledger reaches the same numbers
        assert RoomView(ledger, room, bob.public_hex).scores_hash() == view.scores_hash()
