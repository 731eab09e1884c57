"""The debrief's "what if" on a recorded classroom session: a door another rule set opens, and why."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nosedive.core import paths
from nosedive.debrief import collect, export
from nosedive.debrief.data import DebriefData
from nosedive.debrief.whatif import with_comparison
from nosedive.ledger.store import Ledger
from tests.debrief.classroom import HOSTILE, classroom


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("whatif") / "data"
    classroom(data)
    return data


def compared(data: Path, choice: str | None, off: list[str]) -> DebriefData:
    with Ledger(paths.ledger_path(data)) as ledger:
        room = ledger.rooms()[0].id
        return with_comparison(collect(ledger, room), ledger, choice, off)


def test_a_door_that_differs_comes_with_the_sentences_that_explain_it(session: Path) -> None:
    debrief = compared(session, None, ["weights"])
    result = debrief.comparison
    assert result is not None
    assert result.first.hash() == debrief.table_hash, "the room's own rules give the debrief's own table"
    moved = [c for c in result.people if c.opened or c.closed]
    assert moved, "flat weights move someone across a door"
    for change in moved:
        assert change.diverged_at is not None
        assert any(reason.startswith("open only under") for reason in change.reasons)
        assert any(reason.startswith(("rater weights: ", "friend drag: ")) for reason in change.reasons)


def test_without_the_prior_the_sentence_says_its_share_went(session: Path) -> None:
    result = compared(session, None, ["prior"]).comparison
    assert result is not None and any(c.opened for c in result.people)
    said = [r for c in result.changed for r in c.reasons if r.startswith("the prior: imaginary ratings had")]
    assert said and all(r.endswith("0% under Nosedive, harsh (double damage) without prior") for r in said)


def test_the_export_carries_the_comparison_in_json_and_html(session: Path, tmp_path: Path) -> None:
    debrief = compared(session, "sesame", [])
    written = export(debrief, tmp_path / "out")
    document = json.loads((tmp_path / "out" / "debrief.json").read_text(encoding="utf-8"))
    section = document["whatif"]
    assert section["first"]["table_hash"] == document["room"]["table_hash"]
    assert section["second"]["label"].startswith("Sesame")
    assert {p["key"] for p in section["people"]} == {p["key"] for p in document["people"]}
    assert any(p["opened"] for p in section["people"]), "the other preset opens some door"
    html = written.report.read_text(encoding="utf-8")
    assert "What if: " in html and HOSTILE not in html and "&lt;script&gt;" in html


def test_without_a_comparison_the_export_has_no_section(session: Path, tmp_path: Path) -> None:
    with Ledger(paths.ledger_path(session)) as ledger:
        debrief = collect(ledger, ledger.rooms()[0].id)
    written = export(debrief, tmp_path / "plain")
    assert "whatif" not in json.loads((tmp_path / "plain" / "debrief.json").read_text(encoding="utf-8"))
    assert "What if: " not in written.report.read_text(encoding="utf-8")
