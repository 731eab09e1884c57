"""The one room matcher: exact id, else an id prefix (any case), else the exact name (casefolded)."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.core.errors import UsageError
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.room.resolve import match_rooms, resolve_room

LOUNGE = "ab12cd" + "0" * 58
LIBRARY = "ab12ef" + "1" * 58
ATTIC = "ffeedd" + "2" * 58
ROOMS = [(LOUNGE, "Lounge"), (LIBRARY, "Library"), (ATTIC, "Straße")]


def test_an_exact_id() -> None:
    assert match_rooms(ROOMS, LIBRARY) == [LIBRARY]


def test_an_id_prefix_of_six_characters_in_any_case() -> None:
    assert match_rooms(ROOMS, "ab12cd") == [LOUNGE]
    assert match_rooms(ROOMS, "AB12CD") == [LOUNGE]  # the node used to miss this one
    assert match_rooms(ROOMS, LIBRARY.upper()) == [LIBRARY]


def test_a_short_prefix_matches_nothing() -> None:
    assert match_rooms(ROOMS, "ab12c") == []


def test_a_prefix_may_name_several_rooms() -> None:
    assert match_rooms(ROOMS, "ab12") == []
    assert match_rooms([*ROOMS, ("ab12cd" + "9" * 58, "Other")], "ab12cd") == [LOUNGE, "ab12cd" + "9" * 58]


def test_a_name_casefolded() -> None:
    assert match_rooms(ROOMS, "lounge") == [LOUNGE]
    assert match_rooms(ROOMS, "STRASSE") == [ATTIC]
    assert match_rooms(ROOMS, "Loung") == []


def test_an_id_match_wins_over_a_room_named_like_it() -> None:
    assert match_rooms([(LOUNGE, "Lounge"), (ATTIC, "ab12cd")], "ab12cd") == [LOUNGE]


def test_two_rooms_with_one_name() -> None:
    assert match_rooms([(LOUNGE, "Lounge"), (ATTIC, "lounge")], "Lounge") == [LOUNGE, ATTIC]


def test_resolve_room_uses_the_matcher(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    try:
        me = Identity.generate()
        genesis = ledger.create_room(me, "Class 5B", {})
        assert resolve_room(ledger, tmp_path, genesis.room[:8].upper()).id == genesis.room
        assert resolve_room(ledger, tmp_path, "class 5b").id == genesis.room
        with pytest.raises(UsageError, match="no room called"):
            resolve_room(ledger, tmp_path, "Atlantis")
    finally:
        ledger.close()
