"""``--json``: every command's document parses back and carries the numbers the text output shows."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from nosedive.cli import main
from nosedive.core import paths
from nosedive.core.identity import Identity, load_or_create
from nosedive.ledger.store import Ledger

NAMES = ("Lacie", "Naomi", "Chester", "Susan")


def cli(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


def out(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    capsys.readouterr()
    assert cli(data, *args) == 0
    return capsys.readouterr().out


def document(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> Any:
    text = out(capsys, data, *args, "--json")
    assert text.count("\n") == 1  # one line: easy to pipe
    parsed = json.loads(text)
    assert parsed["format"] == 1
    return parsed


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
                    ledger.append(rater, room_id, "rate", {"subject": subject.public_hex, "stars": 1 + (i + 2 * j) % 5})
        for a, b in ((0, 1), (1, 0), (2, 3), (3, 2)):
            ledger.append(people[a], room_id, "friend", {"subject": people[b].public_hex, "on": True})
    return host


def test_scores_json_equals_the_table_printed(room: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = document(capsys, room, "scores")
    text = out(capsys, room, "scores", "--hash")
    assert doc["hash"] == re.search(r"table hash ([0-9a-f]{64})", text).group(1)  # type: ignore[union-attr]
    printed = re.findall(r"^\s*(\d+)\. (.+?)\s+(\d\.\d{3})\s+drag\s+(\S+)\s+(\d+)/(\d+) doors", text, re.M)
    assert len(printed) == len(doc["people"]) == len(NAMES) + 1
    for row, (rank, label, final, drag, doors, total) in zip(doc["people"], printed, strict=True):
        assert (row["rank"], row["label"], row["final"], row["doors_open"], doc["doors_total"]) == (
            int(rank), label, final, int(doors), int(total))
        assert drag.lstrip("+−±") == row["drag"].lstrip("-")
        assert row["final_fixed"] == row["base_fixed"] + row["drag_fixed"]
        assert len(row["doors"]) == doc["doors_total"]


def test_explain_json_equals_the_explanation_printed(room: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = document(capsys, room, "explain", "Lacie")
    text = out(capsys, room, "explain", "Lacie")
    assert text.startswith(f"Lacie: {doc['score']['final']}")
    assert f"From ratings: {doc['score']['base']}" in text
    assert {r["label"] for r in doc["raters"]} == {"Naomi", "Chester", "Susan"}
    for rater in doc["raters"]:
        assert f"{rater['label']} gave {'★' * rater['stars']}" in text
        assert f"{rater['share_ppm'] * 100 / 1_000_000:.1f}% of the say" in text
    assert [f["label"] for f in doc["friends"]] == ["Naomi"]
    assert sum(f["drag_fixed"] for f in doc["friends"]) == doc["score"]["drag_fixed"]
    for door in doc["doors"]:
        assert door["name"] in text


def test_history_log_rooms_and_id_json_equal_their_text(room: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = document(capsys, room, "history", "Naomi")
    text = out(capsys, room, "history", "Naomi")
    assert text.startswith(f"Naomi: {doc['now']['final']} now")
    assert [p["score"] for p in doc["points"]] == re.findall(r"^\s+\d\d:\d\d\s+(\d\.\d{3})", text, re.M)
    assert doc["points"][-1]["score_fixed"] == doc["now"]["final_fixed"]

    log = document(capsys, room, "log", "-n", "0")
    lines = out(capsys, room, "log", "-n", "0").splitlines()
    assert [m["text"] for m in log["messages"]] == [line.split("  ", 1)[1] for line in lines]
    assert log["messages"][0]["type"] == "room" and log["messages"][-1]["body"]["on"] is True

    rooms = document(capsys, room, "rooms")
    assert [(r["name"], r["people"]) for r in rooms["rooms"]] == [("Class 5B", len(NAMES) + 1)]
    assert rooms["rooms"][0]["id"][:12] in out(capsys, room, "rooms")

    me = document(capsys, room, "id")
    assert me["public_key"] == load_or_create(paths.key_path(room)).public_hex
    assert f"fingerprint  {me['fingerprint']}" in out(capsys, room, "id")
