"""The debrief's "what if" on a recorded classroom session: a door another rule set opens, and why."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import struct
from pathlib import Path

import pytest

from nosedive.core import paths
from nosedive.debrief import collect, export
from nosedive.debrief.data import DebriefData
from nosedive.debrief.whatif import POINTS, points, what_if, with_comparison
from nosedive.ledger.store import Ledger
from nosedive.scoring.counterfactual import counterfactual_replay, counterfactual_table, policy_from, without
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
    assert said and all(r.endswith("0% under Nosedive, harsh (double damage) without the prior") for r in said)


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


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_the_export_carries_the_comparison_as_csv_and_a_side_by_side_chart(session: Path, tmp_path: Path) -> None:
    debrief = compared(session, "sesame", [])
    result = debrief.comparison
    assert result is not None
    written = export(debrief, tmp_path / "out")
    out = tmp_path / "out"
    assert {out / "comparison.csv", out / "comparison.png"} <= set(written.files)
    rows = list(csv.DictReader(io.StringIO((out / "comparison.csv").read_text(encoding="utf-8"))))
    assert [row["key"] for row in rows] == [c.person for c in result.people]
    opened = [row for row in rows if row["doors_opened"]]
    assert opened, "the other preset opens some door, and the CSV says which"
    for row in opened:
        change = next(c for c in result.people if c.person == row["key"])
        assert row["doors_opened"] == "; ".join(change.opened) and row["differs"] == "yes"
        assert f"open only under {result.second_label}: " in row["why"]
        assert row["other_rules"] == result.second_label and row["other_score"] == result.second.format(
            change.second.final)
    assert {row["person"] for row in rows} >= {HOSTILE}, "names exactly as typed: the CSV is data, not markup"
    width, height = png_size(out / "comparison.png")
    assert width > 2 * height > 1000, "two timelines side by side"
    html = written.report.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3 and "comparison.csv" in html


def test_without_a_comparison_the_export_has_no_section(session: Path, tmp_path: Path) -> None:
    with Ledger(paths.ledger_path(session)) as ledger:
        debrief = collect(ledger, ledger.rooms()[0].id)
    written = export(debrief, tmp_path / "plain")
    assert "whatif" not in json.loads((tmp_path / "plain" / "debrief.json").read_text(encoding="utf-8"))
    assert "What if: " not in written.report.read_text(encoding="utf-8")
    assert not (tmp_path / "plain" / "comparison.csv").exists() and not (tmp_path / "plain" / "comparison.png").exists()


def test_the_other_side_is_the_debrief_the_other_rules_would_draw(session: Path) -> None:
    with Ledger(paths.ledger_path(session)) as ledger:
        room = ledger.rooms()[0].id
        real = collect(ledger, room)
        held = [message for _row, message in ledger.messages(room)]
        forks = ledger.forked_authors(room)
    both = what_if(real, held, forks, "sesame", ["drag"])
    rules = without(policy_from("sesame"), ["drag"])
    assert both.real.table_hash == real.table_hash and both.comparison.first.hash() == real.table_hash
    assert both.other.table_hash == counterfactual_table(room, held, rules, forks=forks).hash()
    assert both.other.timelines == dict(counterfactual_replay(room, held, rules, forks=forks).timelines)
    assert [row.key for row in both.other.people] == both.comparison.second.ranking()
    assert both.other.rules.endswith(" without friend drag") and both.other.scores.policy.digest == rules.digest
    assert not any(m.kind == "policy" for m in both.other.markers), "the other rules held from start to end"
    moved = [c.person for c in both.comparison.people if c.opened or c.closed]
    assert moved
    for person in moved:
        open_at = {side: {d.door for d in data.doors if d.person == person and d.state == "open"}
                   for side, data in (("real", both.real), ("other", both.other))}
        assert open_at["real"] ^ open_at["other"] == both.doors_differ(person), "each side's doors, as drawn"


def test_a_long_session_is_replayed_in_longer_buckets(session: Path) -> None:
    with Ledger(paths.ledger_path(session)) as ledger:
        room = ledger.rooms()[0].id
        real = collect(ledger, room)
        held = [message for _row, message in ledger.messages(room)]
    short_session = what_if(real, held, {}, None, ["drag"])
    stamps = {ts for line in short_session.other.timelines.values() for ts, _ in line}
    assert min(b - a for a, b in zip(sorted(stamps), sorted(stamps)[1:], strict=False)) == 60_000
    ten_hours = dataclasses.replace(real, last_ts=real.first_ts + 10 * 3_600_000)  # as if the day ran on
    long_session = what_if(ten_hours, held, {}, None, ["drag"])
    stamps = sorted({ts for line in long_session.other.timelines.values() for ts, _ in line})
    assert min(b - a for a, b in zip(stamps, stamps[1:], strict=False)) >= 5 * 60_000, "120 buckets at most"


def test_a_crowd_is_replayed_in_fewer_buckets_than_a_class() -> None:
    assert points(13) == POINTS and points(100) == POINTS
    assert points(1000) == 24 and points(100_000) == 24, "a crowd still gets a chart"
    assert points(300) < POINTS
