"""``nosedive round``, ``announce`` and ``policy``: the facilitator's alone; ``rate`` is refused while
rating is closed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.core import paths
from nosedive.core.identity import Identity, load_or_create
from nosedive.ledger.store import Ledger

from .helpers import assert_one_clear_line, run


def cli(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


@pytest.fixture()
def room(tmp_path: Path) -> tuple[Path, Path, Identity]:
    """A host's room holding a joiner's profile; the joiner's own ledger holds the genesis."""
    host_dir, joiner_dir = tmp_path / "host", tmp_path / "joiner"
    assert cli(host_dir, "room", "create", "Class 5B") == 0
    assert cli(host_dir, "profile", "Ms Park") == 0
    joiner = load_or_create(paths.key_path(paths.data_dir(str(joiner_dir))))
    with Ledger(paths.ledger_path(host_dir)) as ledger:
        info = ledger.rooms()[0]
        ledger.append(joiner, info.id, "profile", {"name": "Lacie"})
        genesis = ledger.since(info.id, info.creator, 0)
    with Ledger(paths.ledger_path(joiner_dir)) as theirs:
        theirs.ingest_many(genesis)
    (joiner_dir / "current-room").write_text(info.id + "\n", encoding="utf-8")
    return host_dir, joiner_dir, joiner


def test_a_round_opens_pauses_resumes_and_ends_rating(room: tuple[Path, Path, Identity],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    host_dir, _, _ = room
    assert cli(host_dir, "rate", "Lacie", "4") == 0  # before any round: rating is open
    assert cli(host_dir, "round", "start", "--minutes", "10") == 0
    assert "round 1 started; rating closes in 10 min" in capsys.readouterr().out
    assert cli(host_dir, "round", "pause") == 0
    assert "round 1 paused" in capsys.readouterr().out
    refused = run(host_dir, "rate", "Lacie", "1")
    assert_one_clear_line(refused, "Rating is paused by the facilitator (round 1); wait for it to resume")
    assert cli(host_dir, "round", "resume") == 0
    assert cli(host_dir, "rate", "Lacie", "2") == 0
    assert cli(host_dir, "round", "end") == 0
    assert_one_clear_line(run(host_dir, "rate", "Lacie", "1"), "Round 1 has ended")
    assert cli(host_dir, "round", "start") == 0
    assert "round 2 started" in capsys.readouterr().out
    assert cli(host_dir, "log") == 0
    log = capsys.readouterr().out
    assert "started a round (10 min)" in log and "paused rating" in log and "ended the round" in log


def test_announce_and_policy_sign_and_say_what_changed(room: tuple[Path, Path, Identity], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    host_dir, _, _ = room
    capsys.readouterr()
    assert cli(host_dir, "announce", "Phones  down, please") == 0
    assert "announced to 'Class 5B': Phones down, please" in capsys.readouterr().out
    assert cli(host_dir, "policy", "nosedive-harsh") == 0
    assert capsys.readouterr().out.startswith("The rules changed: ")
    assert cli(host_dir, "policy", "nosedive-harsh") == 0
    assert "nothing to sign" in capsys.readouterr().out
    rules = tmp_path / "mine.json"
    rules.write_text(json.dumps({"prior": {"value": "3", "count": 2}}), encoding="utf-8")
    assert cli(host_dir, "policy", str(rules)) == 0
    assert "everyone now starts with 2 imaginary ratings of 3 (was 8 of 3)" in capsys.readouterr().out
    assert cli(host_dir, "rules") == 0
    assert "Everyone starts with 2 imaginary ratings" in capsys.readouterr().out
    assert cli(host_dir, "log") == 0
    assert "announced: Phones down, please" in capsys.readouterr().out


def test_refusals_are_one_clear_line(room: tuple[Path, Path, Identity], tmp_path: Path) -> None:
    host_dir, joiner_dir, _ = room
    for args in (("round", "start"), ("announce", "hi"), ("policy", "nosedive")):
        assert_one_clear_line(run(joiner_dir, *args), "only the room's facilitator (Ms Park")
    assert_one_clear_line(run(host_dir, "round", "pause"), "no round is running, so there is nothing to pause")
    assert_one_clear_line(run(host_dir, "round", "end"), "nothing to end")
    assert_one_clear_line(run(host_dir, "round", "start", "--minutes", "0"), "from 1 to 240")
    assert_one_clear_line(run(host_dir, "round", "pause", "--minutes", "5"), "nothing to pause")
    assert cli(host_dir, "round", "start") == 0
    assert_one_clear_line(run(host_dir, "round", "start"), "round 1 is still running: end it before starting")
    assert_one_clear_line(run(host_dir, "round", "resume"), "nothing to resume")
    assert_one_clear_line(run(host_dir, "announce", "x" * 281), "at most 280 characters; this one has 281")
    assert_one_clear_line(run(host_dir, "announce", "\u200b"), "something visible")
    assert_one_clear_line(run(host_dir, "policy", "no-such"), "neither a preset")
    bad = tmp_path / "bad.json"
    bad.write_text('{"colour": "pink"}', encoding="utf-8")
    assert_one_clear_line(run(host_dir, "policy", str(bad)), "unknown key(s) ['colour']")
    bad.write_text("{", encoding="utf-8")
    assert_one_clear_line(run(host_dir, "policy", str(bad)), "is not a JSON policy")
