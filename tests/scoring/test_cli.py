"""``nosedive scores`` and ``nosedive explain``: on a real ledger, in words a class can read aloud."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.ledger.store import Ledger
from nosedive.scoring import ScoreEngine


def test_scores_lists_everyone_highest_first_with_the_hash(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(classroom), "scores", "--hash"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Class 5B: Nosedive (the episode)"
    ranked = [line.split()[1] for line in out[1:5]]
    assert ranked[0] == "Bob" and ranked[-1] == "Carol"
    assert "Underclass" in out[4] or "Citizen" in out[4]
    with Ledger(classroom / "ledger.sqlite3") as ledger:
        room = (classroom / "current-room").read_text().strip()
        engine = ScoreEngine(room)
        engine.apply(m for _, m in ledger.messages(room))
    assert out[-1] == f"table hash {engine.table().hash()}"


def test_explain_reads_like_sentences(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(classroom), "explain", "Bob", "--unfriend", "Carol", "--rating", "Dan", "1",
                 "--befriend", "Dan"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Bob: 3.")
    assert "Everyone starts with 8 imaginary ratings of 3.000" in out
    assert "Carol gave ★★★★★ (5.000)." in out and "Dan gave ★★★★☆ (4.000)." in out
    assert "Carol (" in out and "pulls Bob down by" in out
    assert "Final score: " in out and "Doors:" in out and "High-speed rail (from 3.000)" in out
    assert "What if Bob and Carol stopped being friends?" in out
    assert "What if Dan gave Bob 1 star?" in out
    assert "What if Bob and Dan became friends?" in out
    assert "Traceback" not in out


def test_rules_are_readable_by_everyone(classroom: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(classroom), "rules"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Nosedive (the episode)"
    assert "Everyone starts with 8 imaginary ratings of 3.000." in out
    assert ("Each friend pulls you 25% of the way toward their score if it is lower, 10% if it is higher, "
            "shared among all your friends.") in out
    assert "  from 4.200: Flights. Boarding passes for any airline." in out
    assert "  from 1.000: Underclass. Below 2.5: watched, avoided, refused service." in out


@pytest.mark.parametrize("args, words", [
    (["explain", "Nobody"], "nobody called 'Nobody'"),
    (["explain", "Bob", "--unfriend", "Dan"], "not friends"),
    (["explain", "Bob", "--befriend", "Carol"], "already friends"),
    (["explain", "Bob", "--rating", "Bob", "5"], "self-ratings never count"),
    (["explain", "Bob", "--rating", "Dan", "9"], "stars must be a whole number"),
])
def test_explain_errors_are_one_clear_line(
    classroom: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert main(["--data", str(classroom), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
