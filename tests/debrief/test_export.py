"""``nosedive debrief`` on a real classroom: every file written, and its numbers are the score table's."""
from __future__ import annotations

import csv
import io
import json
import struct
from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.cli.scores import room_table
from nosedive.core import paths
from nosedive.core.policy import ONE
from nosedive.ledger.store import Ledger
from nosedive.scoring import ScoreTable
from tests.debrief.classroom import HOSTILE, MATHTEXT, Session, classroom

FILES = {"leaderboard.csv", "ratings.csv", "timeline.csv", "doors.csv", "debrief.json", "report.html",
         "timeline.png", "matrix.png"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, ScoreTable, Path]:
    base = tmp_path_factory.mktemp("debrief")
    session = classroom(base / "data")
    out = base / "out"
    assert main(["--data", str(base / "data"), "debrief", "--out", str(out)]) == 0
    with Ledger(paths.ledger_path(base / "data")) as ledger:
        table = room_table(ledger, session.room)
    return session, table, out


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_file_is_written(exported: tuple[Session, ScoreTable, Path]) -> None:
    _, _, out = exported
    assert {p.name for p in out.iterdir()} == FILES
    width, height = png_size(out / "timeline.png")
    assert width >= 1600 and height >= 800
    assert min(png_size(out / "matrix.png")) >= 700


def test_the_room_has_at_least_ten_people(exported: tuple[Session, ScoreTable, Path]) -> None:
    session, table, _ = exported
    assert len(table.people) == len(session.people) >= 10


def test_the_json_numbers_are_the_score_table(exported: tuple[Session, ScoreTable, Path]) -> None:
    _, table, out = exported
    document = json.loads((out / "debrief.json").read_text(encoding="utf-8"))
    assert document["format"] == "nosedive-debrief" and document["format_version"] == 1
    assert document["one"] == ONE
    assert document["room"]["table_hash"] == table.hash()
    assert [p["key"] for p in document["people"]] == table.ranking()
    for person in document["people"]:
        score = table.people[person["key"]]
        assert (person["final"], person["base"], person["drag"]) == (score.final, score.base, score.drag)
        assert person["score"] == table.format(score.final)
        assert person["grade"] == table.grade(person["key"])
    counted = {(r["rater"], r["subject"]): r["stars"] for r in document["ratings"] if r["counts"]}
    assert counted == {(rater, subject): stars for subject in table.people
                       for rater, stars in table.raters(subject).items()}
    for key, points in document["timelines"].items():
        assert points[-1]["final"] == table.people[key].final  # the replay ends where the table is


def test_the_csv_numbers_are_the_score_table(exported: tuple[Session, ScoreTable, Path]) -> None:
    _, table, out = exported
    board = read_csv(out / "leaderboard.csv")
    assert [row["key"] for row in board] == table.ranking()
    for row in board:
        score = table.people[row["key"]]
        assert row["score"] == table.format(score.final)
        assert round(float(row["score_exact"]) * ONE) == score.final
        assert round(float(row["drag"]) * ONE) == score.drag
    doors = read_csv(out / "doors.csv")
    assert len(doors) == len(table.people) * len(table.policy.tiers)
    for row in doors:
        state = {tier.name: tier.state for tier in table.tiers(row["key"])}[row["door"]]
        assert row["state"] == state
    ratings = read_csv(out / "ratings.csv")
    assert sum(row["counts"] == "yes" for row in ratings) == sum(len(table.raters(p)) for p in table.people)
    last = {}
    for row in read_csv(out / "timeline.csv"):
        last[row["key"]] = row
    assert {key: round(float(row["score_exact"]) * ONE) for key, row in last.items()} == {
        key: table.people[key].final for key in last}


def test_peer_text_is_escaped_in_the_html(exported: tuple[Session, ScoreTable, Path]) -> None:
    _, _, out = exported
    page = (out / "report.html").read_text(encoding="utf-8")
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>now</b>" not in page and "&lt;b&gt;now&lt;/b&gt;" in page  # the announcement, too
    assert page.count("<script") == 0
    assert "data:image/png;base64," in page and 'src="http' not in page  # self-contained


def test_key_moments_and_the_facilitators_marks(exported: tuple[Session, ScoreTable, Path]) -> None:
    session, _, out = exported
    document = json.loads((out / "debrief.json").read_text(encoding="utf-8"))
    gus, eli = session.people["Gus"].public_hex, session.people["Eli"].public_hex
    moments = {m["kind"]: m for m in document["moments"]}
    assert moments["largest-fall"]["person"] == gus
    assert moments["first-underclass"]["person"] == gus
    assert (moments["dropped-friend"]["person"], moments["dropped-friend"]["other"]) == (eli, gus)
    assert moments["dropped-friend"]["after"] > moments["dropped-friend"]["before"]
    texts = [m["text"] for m in document["markers"]]
    assert texts[0] == "Round 1 started. Rating closes in 20 minutes." and texts[-1] == "Round 1 ended."
    assert "Rating is paused (round 1)." in texts and "Round 1 resumed." in texts
    assert any(text.startswith("The rules changed: ") and "double damage is now on" in text for text in texts)
    assert "Announcement: Five minutes left <b>now</b>" in texts


def test_a_dollar_sign_in_a_name_is_drawn_as_text(exported: tuple[Session, ScoreTable, Path]) -> None:
    _, _, out = exported
    document = json.loads((out / "debrief.json").read_text(encoding="utf-8"))
    assert MATHTEXT in [p["label"] for p in document["people"]]  # and the charts above drew without mathtext


def test_the_cli_says_where_the_report_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    classroom(tmp_path / "data", seed=9)
    capsys.readouterr()
    assert main(["--data", str(tmp_path / "data"), "debrief", "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert "13 people" in said and str(tmp_path / "out" / "report.html") in said


def test_the_numbers_equal_nosedive_scores_json(exported: tuple[Session, ScoreTable, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _, _, out = exported
    data = out.parent / "data"
    capsys.readouterr()
    assert main(["--data", str(data), "scores", "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    document = json.loads((out / "debrief.json").read_text(encoding="utf-8"))
    assert document["room"]["table_hash"] == scores["hash"]
    assert [(p["key"], p["rank"], p["score"], p["final"], p["base"], p["drag"], p["grade"], p["doors_open"])
            for p in document["people"]] == [
        (p["key"], p["rank"], p["final"], p["final_fixed"], p["base_fixed"], p["drag_fixed"], p["grade"],
         p["doors_open"]) for p in scores["people"]]
    board = read_csv(out / "leaderboard.csv")
    assert [(row["key"], row["score"]) for row in board] == [(p["key"], p["final"]) for p in scores["people"]]
