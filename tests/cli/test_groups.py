"""``nosedive group …``, ``groups``, ``agencies``, ``report --agency``, ``explain``, ``rules``: joint-punishment."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger

from .helpers import COMMAND, assert_one_clear_line, run


def cli(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


@pytest.fixture()
def town(tmp_path: Path) -> tuple[Path, dict[str, Identity], str]:
    host = tmp_path / "host"
    assert cli(host, "room", "create", "Town", "--policy", "joint-punishment") == 0
    assert cli(host, "profile", "Teacher") == 0
    crowd = {name: Identity.generate() for name in ("Ana", "Ben", "Cat")}
    with Ledger(paths.ledger_path(host)) as ledger:
        room_id = ledger.rooms()[0].id
        for name, who in crowd.items():
            ledger.append(who, room_id, "profile", {"name": name})
    return host, crowd, room_id


def last_id(out: str) -> str:
    return out.split()[1].rstrip(":")


def test_a_family_a_vehicle_and_a_company_take_the_chain(
        town: tuple[Path, dict[str, Identity], str], capsys: pytest.CaptureFixture[str]) -> None:
    host, crowd, room_id = town
    capsys.readouterr()
    assert cli(host, "group", "create", "family", "Lee") == 0
    family = last_id(capsys.readouterr().out)
    assert cli(host, "group", "create", "employer", "Swift") == 0
    swift = last_id(capsys.readouterr().out)
    assert cli(host, "group", "create", "vehicle", "Truck 7", "--parent", swift) == 0
    truck = last_id(capsys.readouterr().out)
    for group, person in ((family, "Ana"), (family, "Ben"), (swift, "Ben"), (truck, "Ben")):
        assert cli(host, "group", "add", group, person) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Ana in family “Lee”: a member"
    assert cli(host, "report", "Ben", "ran a red light", "--agency", "transport") == 0
    assert "−6.0 (Transport Bureau): reported for ran a red light by Teacher" in capsys.readouterr().out
    assert cli(host, "report", "Ben", "jaywalking") == 0
    capsys.readouterr()
    assert cli(host, "groups") == 0
    out = capsys.readouterr().out
    assert f"{truck}  vehicle “Truck 7”  9.0 pts  in {swift}" in out and "Ana, Ben" in out
    assert cli(host, "groups", "--json") == 0
    listed = {g["name"]: g for g in json.loads(capsys.readouterr().out)["groups"]}
    assert listed["Swift"]["score_fixed"] == 9_000_000 and listed["Lee"]["score"] == "2.850"
    assert cli(host, "agencies", "Ana") == 0
    out = capsys.readouterr().out
    assert "Transport Bureau: 9.0 pts, grade Licensed" in out
    assert "−3.0: their relative Ben was reported for ran a red light; family chain 0.5×" in out
    assert cli(host, "explain", "Ana") == 0
    out = capsys.readouterr().out
    assert "  −0.150: their relative Ben was reported for jaywalking; family chain 0.5×" in out
    assert cli(host, "explain", "Ana", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    chains = {c["agency"]: c for c in document["chains"]}
    assert chains[""]["amount"] == "−0.150" and chains["transport"]["amount_fixed"] == -3_000_000
    assert chains[""]["sentence"] == "−0.150: their relative Ben was reported for jaywalking; family chain 0.5×"
    assert [a["name"] for a in document["agencies"]] == ["bank", "transport", "court"]
    assert cli(host, "rules") == 0
    assert "People's Court keeps the defaulters' blacklist" in capsys.readouterr().out


def test_a_court_blacklist_closes_doors_in_other_agencies(
        town: tuple[Path, dict[str, Identity], str], capsys: pytest.CaptureFixture[str]) -> None:
    host, crowd, room_id = town
    assert cli(host, "report", "Cat", "defied a court order", "--agency", "court") == 0
    capsys.readouterr()
    assert cli(host, "agencies", "Cat", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    transport = next(a for a in document["agencies"] if a["name"] == "transport")
    flights = next(d for d in transport["doors"] if d["name"] == "Flights")
    assert flights["state"] == "locked"
    assert flights["locked_by"] == "People's Court: on the defaulters' blacklist — Flights closed"
    court = next(a for a in document["agencies"] if a["name"] == "court")
    assert court["lists"] == ["blacklist"] and court["score"] == "40 pts"


def test_refusals_are_one_clear_line(town: tuple[Path, dict[str, Identity], str]) -> None:
    host, crowd, room_id = town
    assert_one_clear_line(run(host, "group", "create", "tribe", "X"), "the kinds are: family, employer, vehicle, club")
    assert_one_clear_line(run(host, "group", "join", "abcdef"), "no single group 'abcdef'")
    assert_one_clear_line(run(host, "report", "Ben", "ran a red light"), "no act 'ran a red light' in this room")
    assert_one_clear_line(run(host, "report", "Ben", "x", "--agency", "tax"), "no agency 'tax'")
    assert_one_clear_line(run(host, "group", "create", "club", "Chess", "--parent", "zz"), "no single group 'zz'")


def test_demo_policy_refuses_an_unknown_name_before_qt_loads(tmp_path: Path) -> None:
    assert_one_clear_line(run(tmp_path, "demo", "--policy", "nowhere"), "no policy preset or file 'nowhere'")
    bad = tmp_path / "bad.json"
    bad.write_text('{"groups": {"past": "never"}}', encoding="utf-8")
    assert_one_clear_line(run(tmp_path, "demo", "--policy", str(bad)), "groups.past")


def test_demo_policy_over_a_kept_demo_asks_for_fresh_instead_of_playing_the_old_rules(tmp_path: Path) -> None:
    kept = tmp_path / "demo" / "you" / "ledger.sqlite3"  # a demo played before, under other rules
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"the kept room")
    assert_one_clear_line(run(tmp_path, "demo", "--policy", "joint-punishment"), "add --fresh")
    assert kept.read_bytes() == b"the kept room"  # nothing replaced


def test_demo_runs_on_joint_punishment(tmp_path: Path) -> None:
    target = tmp_path / "demo.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([*COMMAND, "--data", str(tmp_path / "data"), "demo", "--policy", "joint-punishment",
                             "--people", "10", "--seed", "3", "--tempo", "0.3", "--screenshot", str(target),
                             "--after", "10"], capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and target.is_file()
    with Ledger(paths.ledger_path(tmp_path / "data" / "demo" / "people" / "sim-0")) as ledger:  # the facilitator
        room = ledger.rooms()[0].id
        founded = {m.body["name"] for _, m in ledger.messages(room, types=("group",))}
        policies = [m.body["policy"] for _, m in ledger.messages(room, types=("policy",))]
    assert {"Lee", "Park", "Swift Logistics", "Truck 7"} <= founded
    assert policies and policies[-1]["title"] == "Joint punishment (many agencies, one blacklist)"
