"""``nosedive explain`` speaks the system's language: Chinese under LANG=zh_CN.UTF-8, English under LANG=C."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.core.policy import load_preset, parse_policy
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


# ---------------------------------------------------------------- every read-out command, in Chinese
WORD = re.compile(r"[A-Za-z]{2,}")
NOT_WORDS = {"nosedive", "UTC"}  # the command's own name; the clock's zone


def city_words() -> set[str]:
    """What the city preset writes itself (titles, doors, grades, acts, penalties): the room's own words."""
    rules = parse_policy(load_preset("city"))
    words = {rules.title, rules.description, rules.influencer_label}
    for tier in (*rules.tiers, *rules.grades):
        words |= {tier.name, tier.description}
    words |= set(rules.records.acts) | {p.description for p in rules.records.penalties.values()}
    return {word for word in words | set(rules.records.penalties) if word}


def english_left(text: str, data: set[str]) -> list[str]:
    """Lines of *text* that still hold an English word once names, the room's words, fingerprints, ids and
    hashes are taken out."""
    left = []
    for line in text.splitlines():
        plain = re.sub(r"\b[0-9a-f]{8,64}\b|\b[A-Z0-9]{4}-[A-Z0-9]{4}\b|'nosedive [^']*'", " ", line)  # commands
        for word in sorted(data, key=len, reverse=True):
            plain = plain.replace(word, " ")
        if any(word not in NOT_WORDS for word in WORD.findall(plain)):
            left.append(line)
    return left


@pytest.fixture()
def city(tmp_path: Path) -> Path:
    host = tmp_path / "host"
    for args in (("room", "create", "Class 5B", "--policy", "city"), ("profile", "Ms Park")):
        assert explain_run(host, "C", *args).returncode == 0
    ana, ben = Identity.generate(), Identity.generate()
    with Ledger(paths.ledger_path(host)) as ledger:
        room_id = ledger.rooms()[0].id
        ledger.append(ana, room_id, "profile", {"name": "Ana"})
        ledger.append(ben, room_id, "profile", {"name": "Ben"})
        ledger.append(ana, room_id, "rate", {"subject": ben.public_hex, "stars": 2})
        ledger.append(ben, room_id, "rate", {"subject": ana.public_hex, "stars": 5})
        for who, whom in ((ana, ben), (ben, ana)):
            ledger.append(who, room_id, "friend", {"subject": whom.public_hex, "on": True})
    for args in (("role", "Ana", "collector"), ("report", "Ben", "jaywalking"), ("penalty", "Ben", "travel blacklist")):
        assert explain_run(host, "C", *args).returncode == 0
    return host


@pytest.mark.parametrize(("command", "chinese"), [
    (("explain", "Ben"), ("评分所得", "好友拖累", "最终信用分", "记录与处罚", "因「jaywalking」被", "计入记录后")),
    (("scores",), ("拖累", "特权 ",)),
    (("rules",), ("信用分从", "可举报的行为", "主持人可施加的处罚", "受保护者（官员）", "轻微")),
    (("records",), ("信息员：Ana", "生效中", "举报")),
    (("log",), ("开设了房间", "给 Ben 打了", "成了好友")),
    (("history", "Ben"), ("现在",)),
    (("whatif", "--without", "drag"), ("去掉好友拖累", "对比", "人的位置会不同")),
    (("room", "use", "Class 5B"), ("现在在房间",)),
])
def test_every_read_out_command_speaks_chinese(city: Path, command: tuple[str, ...], chinese: tuple[str, ...]) -> None:
    result = explain_run(city, "zh_CN.UTF-8", *command)
    assert result.returncode == 0, result.stderr
    assert all(text in result.stdout for text in chinese), result.stdout
    left = english_left(result.stdout, city_words() | {"Ms Park", "Ana", "Ben", "Class 5B"})
    assert left == [], "English left under LANG=zh_CN.UTF-8:\n" + "\n".join(left)


def test_a_refusal_is_one_chinese_line(city: Path) -> None:
    for command, said in ((("rate", "Ms Park", "4"), "你不能给自己打分"), (("explain", "Nobody"), "这个房间里没有叫"),
                          (("report", "Ben", "littering"), "本房间的行为表里没有")):
        result = explain_run(city, "zh_CN.UTF-8", *command)
        assert result.returncode == 2 and said in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert english_left(result.stderr, city_words() | {"Ben", "Nobody", "littering", "Ms Park"}) == []


def test_the_english_checker_sees_english(city: Path) -> None:
    english = explain_run(city, "C", "rules")
    assert english.returncode == 0 and english_left(english.stdout, city_words())
