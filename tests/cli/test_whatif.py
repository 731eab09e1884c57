"""``nosedive whatif``: the session under other rules, text and JSON, the room left as it was."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger

NAMES = ("Lacie", "Ryan", "Chester", "Susan")


def cli(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


def out(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    capsys.readouterr()
    assert cli(data, *args) == 0
    return capsys.readouterr().out


@pytest.fixture()
def room(tmp_path: Path) -> Path:
    host = tmp_path / "host"
    assert cli(host, "room", "create", "Class 5B") == 0
    assert cli(host, "profile", "Ms Park") == 0
    people = [Identity.generate() for _ in NAMES]
    with Ledger(paths.ledger_path(host)) as ledger:
        room_id = ledger.rooms()[0].id
        for who, name in zip(people, NAMES, strict=True):
            ledger.append(who, room_id, "profile", {"name": name})
        for i, rater in enumerate(people):
            for j, subject in enumerate(people):
                if i != j:
                    ledger.append(rater, room_id, "rate", {"subject": subject.public_hex, "stars": 5 if j != 1 else 1})
        for a, b in ((0, 1), (1, 0)):
            ledger.append(people[a], room_id, "friend", {"subject": people[b].public_hex, "on": True})
    return host


def test_json_parses_back_and_the_rooms_own_side_is_the_real_table(
    room: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    scores = json.loads(out(capsys, room, "scores", "--json"))
    before = out(capsys, room, "log")
    text = out(capsys, room, "whatif", "--without", "drag", "--json")
    assert text.count("\n") == 1
    doc = json.loads(text)
    assert doc["format"] == 1 and doc["second"]["without"] == ["drag"]
    assert doc["first"]["hash"] == scores["hash"] and doc["second"]["hash"] != scores["hash"]
    lacie = next(p for p in doc["people"] if p["label"] == "Lacie")
    assert lacie["differs"] and lacie["first"]["drag_fixed"] < 0 and lacie["second"]["drag_fixed"] == 0
    assert lacie["second"]["final_fixed"] > lacie["first"]["final_fixed"]
    assert any(reason.startswith("friend drag: Ryan") for reason in lacie["reasons"])
    real = {p["key"]: p["final_fixed"] for p in scores["people"]}
    assert {p["key"]: p["first"]["final_fixed"] for p in doc["people"]} == real
    assert out(capsys, room, "log") == before, "nothing was signed"


def test_text_under_another_preset_names_the_rules_and_each_person(
    room: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    text = out(capsys, room, "compare", "--policy", "sesame", "--without", "weights")
    assert "vs  Sesame-like credit (350–950) without rater weights" in text
    assert "The rules changed:" in text and "table hashes" in text
    for name in NAMES:
        assert name in text


def test_a_policy_file_and_an_instant_before_anything_was_rated(
    room: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    rules = tmp_path / "flat.json"
    rules.write_text(json.dumps({"title": "Flat", "weight": {"min": "1", "max": "1", "power": 1}}))
    doc = json.loads(out(capsys, room, "whatif", "--policy", str(rules), "--at", "1", "--json"))
    assert doc["at"] == 1 and doc["second"]["label"] == "Flat" and doc["people"] == []


def test_refusals_are_one_clear_line(room: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(room, "whatif") == 2
    assert "whatif needs other rules" in capsys.readouterr().err
    assert cli(room, "whatif", "--policy", "nowhere.json") == 2
    assert "no policy preset or file" in capsys.readouterr().err
    assert cli(room, "whatif", "--without", "drag", "--at", "soon") == 2
    assert "--at 'soon'" in capsys.readouterr().err
