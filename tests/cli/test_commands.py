"""The CLI drives a local ledger by hand; errors are one line and a non-zero exit."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.cli.core import describe
from nosedive.core import keys
from tests.core.helpers import Author

from .helpers import assert_one_clear_line, run


def test_a_room_by_hand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    assert main(["--data", str(alice), "room", "create", "Class 5B"]) == 0
    assert main(["--data", str(alice), "profile", "Alice"]) == 0
    assert main(["--data", str(bob), "id"]) == 0
    bob_key = capsys.readouterr().out.split("public key")[1].split()[0]
    assert main(["--data", str(alice), "rate", bob_key, "4", "--note", "polite"]) == 0
    assert main(["--data", str(alice), "friend", bob_key]) == 0
    capsys.readouterr()
    assert main(["--data", str(alice), "log"]) == 0
    log = capsys.readouterr().out
    assert "Alice opened the room 'Class 5B'" in log
    assert "★★★★☆ — “polite”" in log and "befriended" in log


@pytest.mark.parametrize("args, words", [
    (["rate", "nobody", "4"], "no room yet"),
    (["rate", "nobody", "six"], "stars must be a whole number from 1 to 5"),
    (["room", "use", "Atlantis"], "no room called 'Atlantis'"),
    (["log", "--limit", "-1"], "--limit must be 0"),
    (["room", "create", "X", "--policy", "nope"], "no policy preset 'nope'"),
])
def test_errors_are_one_clear_line(tmp_path: Path, args: list[str], words: str) -> None:
    assert_one_clear_line(run(tmp_path, *args), words)


def test_rating_a_stranger_in_the_room_and_oneself(tmp_path: Path) -> None:
    assert run(tmp_path, "room", "create", "R").returncode == 0
    assert run(tmp_path, "profile", "Me").returncode == 0
    mine = run(tmp_path, "rate", "Me", "5")
    assert mine.returncode == 2 and "cannot rate yourself" in mine.stderr


def test_help_everywhere(tmp_path: Path) -> None:
    for args in (["--help"], ["rate", "--help"], ["room", "create", "--help"], ["log", "--help"]):
        result = run(tmp_path, *args)
        assert result.returncode == 0 and "usage:" in result.stdout


def test_each_log_line_reads_its_typed_body() -> None:
    ann, bob = Author(), Author()
    genesis = ann.open_room("Class 5B")
    bob.room, names = genesis.room, {ann.key: "Ann", bob.key: "Bob"}
    lines = [describe(message, names) for message in (
        genesis,
        ann.next("profile", {"name": "Ann"}),
        ann.rate(bob.key, 2, note="late"),
        ann.rate(bob.key, 5, note=""),
        ann.next("friend", {"subject": bob.key, "on": False}),
        ann.next("policy", {"policy": {}}),
        ann.next("petition", {"case": 7}),
    )]
    assert lines == [
        "Ann opened the room 'Class 5B'",
        f"{keys.fingerprint(ann.key)} is now called Ann",
        "Ann rated Bob ★★☆☆☆ — “late”",
        "Ann rated Bob ★★★★★",
        "Ann unfriended Bob",
        "Ann changed the room's rules",
        "Ann sent a 'petition' message",
    ]
    unnamed = describe(ann.rate(bob.key, 3), {})  # nobody named yet: fingerprints
    assert unnamed == f"{keys.fingerprint(ann.key)} rated {keys.fingerprint(bob.key)} ★★★☆☆"


def test_python_dash_m_nosedive_is_the_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "nosedive", "--data", str(tmp_path), "id"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and "Traceback" not in result.stderr
