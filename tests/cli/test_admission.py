"""``nosedive admit`` / ``expel``: the facilitator's alone, names resolved like ``rate``; ``rules`` says the rule."""
from __future__ import annotations

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
    """A host's admit room holding a joiner's profile and rating; the joiner's own ledger holds the genesis."""
    host_dir, joiner_dir = tmp_path / "host", tmp_path / "joiner"
    assert cli(host_dir, "room", "create", "Class 5B", "--admission", "admit") == 0
    joiner = load_or_create(paths.key_path(paths.data_dir(str(joiner_dir))))
    with Ledger(paths.ledger_path(host_dir)) as ledger:
        room_id = ledger.rooms()[0].id
        ledger.append(joiner, room_id, "profile", {"name": "Lacie"})
        ledger.append(joiner, room_id, "rate", {"subject": ledger.rooms()[0].creator, "stars": 1})
        genesis = ledger.since(room_id, ledger.rooms()[0].creator, 0)
    with Ledger(paths.ledger_path(joiner_dir)) as theirs:
        theirs.ingest_many(genesis)
    (joiner_dir / "current-room").write_text(room_id + "\n", encoding="utf-8")
    return host_dir, joiner_dir, joiner


def test_the_facilitator_admits_and_expels_by_name(room: tuple[Path, Path, Identity],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    host_dir, _, _ = room
    capsys.readouterr()
    assert cli(host_dir, "scores") == 0
    assert "Lacie" not in capsys.readouterr().out  # waiting: no score of her own
    assert cli(host_dir, "admit", "lacie") == 0  # resolved like `rate NAME` (case folded)
    assert "let Lacie in" in capsys.readouterr().out
    assert cli(host_dir, "admit", "Lacie") == 0
    assert "already in: nothing to sign" in capsys.readouterr().out
    assert cli(host_dir, "scores") == 0
    assert "Lacie" in capsys.readouterr().out
    assert cli(host_dir, "expel", "Lacie") == 0
    assert "expelled Lacie" in capsys.readouterr().out
    assert cli(host_dir, "scores") == 0
    assert "Lacie" not in capsys.readouterr().out
    assert cli(host_dir, "log") == 0
    log = capsys.readouterr().out
    assert "let Lacie in" in log and "expelled Lacie" in log


def test_rules_say_the_admission_rule(room: tuple[Path, Path, Identity], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    host_dir, _, _ = room
    capsys.readouterr()
    assert cli(host_dir, "rules") == 0
    assert "The facilitator lets each person in" in capsys.readouterr().out
    assert cli(tmp_path / "other", "room", "create", "Open house") == 0
    assert cli(tmp_path / "other", "rules") == 0
    assert "Anyone with the join code is in" in capsys.readouterr().out


def test_refusals_are_one_clear_line(room: tuple[Path, Path, Identity]) -> None:
    host_dir, joiner_dir, _ = room
    assert_one_clear_line(run(joiner_dir, "admit", "Lacie"), "only the room's facilitator")
    assert_one_clear_line(run(joiner_dir, "expel", "Lacie"), "only the room's facilitator")
    assert_one_clear_line(run(host_dir, "expel", "nobody"), "nobody called 'nobody'")
    host_key = load_or_create(paths.key_path(host_dir)).public_hex
    assert_one_clear_line(run(host_dir, "expel", host_key), "always in it")
    refused = run(host_dir, "room", "create", "X", "--admission", "closed")  # argparse's usage, then the error
    assert refused.returncode != 0 and "invalid choice: 'closed'" in refused.stderr
    assert "Traceback" not in refused.stderr
