"""My own display name is normalised before it is signed, so no peer ever refuses it."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from nosedive.core.errors import UsageError
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.node.profile import Profile, display_name
from nosedive.room.view import RoomView


def test_the_typed_name_is_signed_as_peers_accept_it(tmp_path: Path) -> None:
    me = Identity.generate()
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        room = ledger.create_room(me, "Class 5B", {}).room
        profile = Profile(me, ledger, None, b"")
        profile.want("  Mia\u200b \u202eLou\n" + unicodedata.normalize("NFD", "é"), b"")
        profile.publish_if_needed(RoomView(ledger, room, me.public_hex), room)
        signed = [m.body["name"] for _, m in ledger.messages(room, types=("profile",))]
        assert signed == ["Mia Lou é"]
        profile.publish_if_needed(RoomView(ledger, room, me.public_hex), room)  # already shown: nothing new
        assert len(list(ledger.messages(room, types=("profile",)))) == 1


@pytest.mark.parametrize("typed, words", [("\u200b\u200d", "visible characters"), ("   ", "visible characters"),
                                          ("x" * 41, "40 characters")])
def test_a_name_with_nothing_to_show_or_too_long_is_a_clear_error(tmp_path: Path, typed: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        display_name(typed)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        with pytest.raises(UsageError, match=words):
            Profile(Identity.generate(), ledger, None, b"").want(typed, b"")
