"""Room secrets on disk: owner-only, atomic, survive a restart, and a damaged file never stops anyone."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from nosedive.core.errors import UsageError
from nosedive.core.roomkeys import FILE_NAME, RoomKey, RoomKeys, new_room_key

ROOM = "ab" * 32


def test_a_new_room_key_has_a_strong_secret_and_a_code(tmp_path: Path) -> None:
    key = new_room_key(ROOM)
    assert key.joined and len(key.secret) == 32 and key.code.count("-") == 2
    assert new_room_key(ROOM).secret != key.secret


def test_keys_survive_a_restart_and_the_file_is_owner_only(tmp_path: Path) -> None:
    keys = RoomKeys.open(tmp_path)
    key = new_room_key(ROOM)
    keys.remember(key)
    again = RoomKeys.open(tmp_path)
    assert again.get(ROOM) == key
    assert again.by_code(key.code.upper().replace("-", " ")) == key
    assert stat.S_IMODE(os.stat(tmp_path / FILE_NAME).st_mode) == 0o600


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\x00\x01binary"])
def test_a_damaged_file_is_moved_aside_and_nothing_breaks(tmp_path: Path, content: str) -> None:
    (tmp_path / FILE_NAME).write_text(content)
    keys = RoomKeys.open(tmp_path)
    assert keys.all() == ()
    if content.startswith("["):
        assert any(p.name.startswith(FILE_NAME + ".damaged-") for p in tmp_path.iterdir())
    keys.remember(new_room_key(ROOM))
    assert RoomKeys.open(tmp_path).get(ROOM) is not None


def test_hostile_entries_are_dropped_one_by_one(tmp_path: Path) -> None:
    good = new_room_key(ROOM)
    (tmp_path / FILE_NAME).write_text(json.dumps({
        ROOM: {"secret": good.secret.hex(), "code": good.code},
        "../../etc": {"secret": "00" * 32, "code": ""},
        "cd" * 32: {"secret": "<img src=x>", "code": ""},
        "ef" * 32: {"secret": "", "code": "<b>not a code</b>"},
    }))
    keys = RoomKeys.open(tmp_path)
    assert keys.get(ROOM) == good
    assert keys.get("cd" * 32) is None
    assert keys.get("ef" * 32) == RoomKey("ef" * 32, b"", "")


def test_only_room_ids_are_remembered(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        RoomKeys.open(tmp_path).remember(RoomKey("not-an-id"))
