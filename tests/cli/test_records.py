"""``nosedive report / appeal / confirm / rule / role / penalty / records`` on a real city ledger."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.cli import main
from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger


def cli(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args])


@pytest.fixture()
def town(tmp_path: Path) -> tuple[Path, dict[str, Identity], str]:
    host = tmp_path / "host"
    assert cli(host, "room", "create", "Town", "--policy", "city") == 0
    assert cli(host, "profile", "Teacher") == 0
    crowd = {name: Identity.generate() for name in ("Ana", "Ben", "Cat")}
    with Ledger(paths.ledger_path(host)) as ledger:
        room_id = ledger.rooms()[0].id
        for name, who in crowd.items():
            ledger.append(who, room_id, "profile", {"name": name})
    return host, crowd, room_id


def test_a_report_its_appeal_and_the_ruling_that_must_wait(
        town: tuple[Path, dict[str, Identity], str], capsys: pytest.CaptureFixture[str]) -> None:
    host, crowd, room_id = town
    capsys.readouterr()
    assert cli(host, "role", "Ana", "collector") == 0
    assert capsys.readouterr().out == "Ana is an information collector\n"
    assert cli(host, "report", "Ben", "jaywalking", "--note", "red light") == 0
    out = capsys.readouterr().out
    assert out.startswith("record ") and "−5: reported for jaywalking by Teacher (facilitator), " in out
    record = out.split()[1].rstrip(":")
    assert cli(host, "explain", "Ben") == 0
    out = capsys.readouterr().out
    assert "Records and penalties: −5" in out and "With records: 1000 −5 = 995" in out
    assert out.startswith("Ben: ")
    with Ledger(paths.ledger_path(host)) as ledger:
        full = next(m.id for _, m in ledger.messages(room_id) if m.type == "report")
        ledger.append(crowd["Ben"], room_id, "appeal", {"record": full})
    assert cli(host, "rule", record, "overturn") == 2
    assert "no earlier than" in capsys.readouterr().err
    assert cli(host, "records", "Ben") == 0
    out = capsys.readouterr().out
    assert "Information collectors" not in out and "An information collector: Ana" in out
    assert f"{record}  Ben  active" in out and "appeal pending, decided no earlier than" in out
    assert cli(host, "report", "Ben", "spitting") == 2
    assert "the acts are: jaywalking, traffic ticket" in capsys.readouterr().err


def test_rules_read_the_machinery_out_and_the_facilitator_imposes_a_penalty(
        town: tuple[Path, dict[str, Identity], str], capsys: pytest.CaptureFixture[str]) -> None:
    host, _, _ = town
    capsys.readouterr()
    assert cli(host, "rules") == 0
    out = capsys.readouterr().out
    assert "  jaywalking: −5 (minor; 1 h)" in out and "  heroic act: +30 (good; 3 h)" in out
    assert "the court (or the facilitator) upholds or overturns, no earlier than 10 min after the appeal" in out
    assert "  travel blacklist: −100 for 30 min" in out
    assert cli(host, "penalty", "Cat", "travel blacklist") == 0
    assert "the travel blacklist penalty on Cat until" in capsys.readouterr().out
    assert cli(host, "scores") == 0
    cat_line = next(line for line in capsys.readouterr().out.splitlines() if " Cat " in line)
    assert " 900 " in cat_line


def test_only_the_facilitator_grants_roles(tmp_path: Path, town: tuple[Path, dict[str, Identity], str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    host, _, room_id = town
    other = tmp_path / "other"
    with Ledger(paths.ledger_path(host)) as ledger, Ledger(paths.ledger_path(paths.data_dir(str(other)))) as theirs:
        theirs.ingest_many(ledger.since(room_id, ledger.rooms()[0].creator, 0))
    (other / "current-room").write_text(room_id + "\n", encoding="utf-8")
    capsys.readouterr()
    assert cli(other, "role", "Teacher", "collector") != 0
    assert "only the room's facilitator" in capsys.readouterr().err
