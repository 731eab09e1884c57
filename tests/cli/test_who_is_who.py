"""Two people called Ben, one of them the facilitator: the terminal tells them apart everywhere."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.core import keys
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger

from .helpers import assert_one_clear_line, run


@pytest.fixture()
def two_bens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str, str]:
    """The facilitator's data folder (the facilitator is "Ben"), and the keys of both Bens."""
    data = tmp_path / "facilitator"
    assert main(["--data", str(data), "room", "create", "Class 5B"]) == 0
    assert main(["--data", str(data), "profile", "Ben"]) == 0
    assert main(["--data", str(data), "id"]) == 0
    boss = capsys.readouterr().out.split("public key")[1].split()[0]
    room = (data / "current-room").read_text().strip()
    other, mia = Identity.generate(), Identity.generate()
    with Ledger(data / "ledger.sqlite3") as ledger:
        ledger.append(other, room, "profile", {"name": "ben"})
        ledger.append(mia, room, "profile", {"name": "Mia"})
        ledger.append(other, room, "rate", {"subject": boss, "stars": 2})
        ledger.append(mia, room, "rate", {"subject": other.public_hex, "stars": 5})
    return data, boss, other.public_hex


def test_an_ambiguous_name_lists_the_candidates_by_label(two_bens: tuple[Path, str, str]) -> None:
    data, boss, other = two_bens
    for command in (["rate", "BEN", "4"], ["friend", "Ｂｅｎ"], ["explain", "ben"]):
        result = run(data, *command)
        assert_one_clear_line(result, "could be 2 people")
        assert f"Ben · {keys.fingerprint(boss)[:4]} (facilitator)" in result.stderr, command
        assert f"ben · {keys.fingerprint(other)[:4]}" in result.stderr
        assert "fingerprint" in result.stderr


def test_the_fingerprint_after_the_dot_names_one_person(two_bens: tuple[Path, str, str],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    data, boss, other = two_bens
    assert main(["--data", str(data), "rate", keys.fingerprint(other)[:4].lower(), "3"]) == 0
    assert capsys.readouterr().out.strip() == f"rated ben · {keys.fingerprint(other)[:4]} ★★★☆☆"
    assert main(["--data", str(data), "friend", f"ben · {keys.fingerprint(other)[:4]}"]) == 0
    assert capsys.readouterr().out.strip() == f"befriended ben · {keys.fingerprint(other)[:4]}"


def test_log_scores_and_explain_mark_the_facilitator(two_bens: tuple[Path, str, str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data, boss, other = two_bens
    boss_label, other_label = (f"Ben · {keys.fingerprint(boss)[:4]}", f"ben · {keys.fingerprint(other)[:4]}")
    assert main(["--data", str(data), "log"]) == 0
    log = capsys.readouterr().out
    assert f"{other_label} rated {boss_label} (facilitator) ★★☆☆☆" in log
    assert f"Mia rated {other_label} ★★★★★" in log

    assert main(["--data", str(data), "scores"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert any(f"{boss_label} (facilitator)" in row for row in rows)
    assert sum("(facilitator)" in row for row in rows) == 1

    assert main(["--data", str(data), "explain", keys.fingerprint(boss)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{boss_label} (facilitator): ")
    assert f"{other_label} gave ★★☆☆☆" in out


def test_a_name_of_only_invisible_characters_is_refused_clearly(tmp_path: Path) -> None:
    assert run(tmp_path, "room", "create", "R").returncode == 0
    assert_one_clear_line(run(tmp_path, "profile", "\u200b\u200b"), "choose a name with letters")
    renamed = run(tmp_path, "profile", "  Mia\u200b  Lou ")
    assert renamed.returncode == 0 and "you are now 'Mia Lou'" in renamed.stdout
