"""One key per person, created on first use, owner-only, never shown."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nosedive.core import paths
from nosedive.core.errors import IdentityError
from nosedive.core.identity import load, load_or_create


def test_key_is_created_once_with_owner_only_permissions(data_dir: Path) -> None:
    key_file = paths.key_path(paths.data_dir())
    first = load_or_create(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_or_create(key_file).public_hex == first.public_hex
    assert paths.data_dir() == data_dir  # the environment variable chooses the directory


def test_repr_never_shows_the_private_key(tmp_path: Path) -> None:
    identity = load_or_create(tmp_path / "k")
    text = repr(identity) + str(identity)
    pem = (tmp_path / "k").read_text()
    secret_line = pem.splitlines()[1]
    assert secret_line not in text and "PRIVATE" not in text
    assert identity.public_hex in text


def test_loose_permissions_are_tightened(tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    load_or_create(key_file)
    os.chmod(key_file, 0o644)
    load(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_corrupt_key_is_a_clear_error(tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    key_file.write_bytes(b"not a key")
    with pytest.raises(IdentityError, match="corrupt"):
        load(key_file)


def test_explicit_data_dir_wins(tmp_path: Path, data_dir: Path) -> None:
    assert paths.data_dir(tmp_path / "other") == tmp_path / "other"


def test_an_empty_key_file_is_reported_and_never_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    key_file.write_bytes(b"")  # what a full disk left behind before keys were written atomically
    with pytest.raises(IdentityError, match=r"is empty \(0 bytes\).*changed nothing.*backup"):
        load_or_create(key_file)
    assert key_file.read_bytes() == b""  # still there for the person to restore over


def test_a_damaged_key_is_never_overwritten_by_load_or_create(tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    key_file.write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n")
    with pytest.raises(IdentityError, match="corrupt"):
        load_or_create(key_file)
    assert key_file.read_bytes() == b"-----BEGIN PRIVATE KEY-----\ngarbage\n"


def test_a_new_key_is_written_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    created = load_or_create(key_file)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k"]
    assert load(key_file).public_hex == created.public_hex
