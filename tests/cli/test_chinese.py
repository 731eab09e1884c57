"""``nosedive explain`` speaks the system's language: Chinese under LANG=zh_CN.UTF-8, English under LANG=C."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger

from .helpers import COMMAND


@pytest.fixture()
def room(tmp_path: Path) -> Path:
    host = tmp_path / "host"
    for args in (("room", "create", "Class 5B"), ("profile", "Ms Park")):
        assert explain_run(host, "C", *args).returncode == 0
    ana, ben = Identity.generate(), Identity.generate()
    with Ledger(paths.ledger_path(host)) as ledger:
        room_id = ledger.rooms()[0].id
        ledger.append(ana, room_id, "profile", {"name": "Ana"})
        ledger.append(ben, room_id, "profile", {"name": "Ben"})
        ledger.append(ana, room_id, "rate", {"subject": ben.public_hex, "stars": 2})
        ledger.append(ana, room_id, "friend", {"subject": ben.public_hex, "on": True})
        ledger.append(ben, room_id, "friend", {"subject": ana.public_hex, "on": True})
    return host


def explain_run(data: Path, lang: str, *args: str, flag: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    return subprocess.run([*COMMAND, *flag, "--data", str(data), *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_explain_speaks_chinese_under_a_chinese_locale(room: Path) -> None:
    result = explain_run(room, "zh_CN.UTF-8", "explain", "Ben")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "评分所得" in out and "好友拖累" in out and "最终信用分" in out and "特权：" in out
    assert "Ana 打了 ★★☆☆☆" in out
    assert "From ratings" not in out and "Final score" not in out


def test_english_is_unchanged_under_lang_c_and_lang_switches_it(room: Path) -> None:
    english = explain_run(room, "C", "explain", "Ben")
    assert english.returncode == 0, english.stderr
    assert "From ratings: " in english.stdout and "Final score: " in english.stdout
    assert "  Ana gave ★★☆☆☆ (2.000). " in english.stdout
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english.stdout)
    switched = explain_run(room, "C", "explain", "Ben", flag=("--lang", "zh_CN"))
    assert switched.returncode == 0 and "最终信用分" in switched.stdout
    back = explain_run(room, "zh_CN.UTF-8", "explain", "Ben", flag=("--lang", "en"))
    assert back.stdout == english.stdout


def test_an_unknown_language_is_one_clear_line(room: Path) -> None:
    result = explain_run(room, "C", "scores", flag=("--lang", "tlh"))
    assert result.returncode == 2 and "no translation for 'tlh'; choose one of: en, zh_CN" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
