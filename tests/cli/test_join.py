"""Join codes from the command line: ``room create`` shows one, ``room code`` prints it, ``join`` uses it.

The joins run the real ``nosedive join`` against a real ``nosedive node`` process on loopback.
"""
from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nosedive.core import joincode

from .helpers import COMMAND, assert_one_clear_line, run

CODE = re.compile(r"[1-9][0-9]?-[a-z]+-[a-z]+")


@dataclass
class Facilitator:
    data: Path
    port: int
    code: str


@pytest.fixture
def facilitator(tmp_path: Path) -> Iterator[Facilitator]:
    """A running ``nosedive node`` that created the room 'Lounge'."""
    data = tmp_path / "facilitator"
    with subprocess.Popen(
        [*COMMAND, "--data", str(data), "node", "--no-discovery", "--host", "127.0.0.1",
         "--create-room", "Lounge", "--name", "Fay", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as node:
        try:
            assert node.stdout is not None
            listening, code_line = node.stdout.readline(), node.stdout.readline()
            if " listening on port " not in listening or not code_line.startswith("join code "):
                node.kill()
                pytest.fail(f"the node did not start: {listening!r} {node.communicate(timeout=30)[1][-2000:]}")
            yield Facilitator(data, int(listening.rsplit(" ", 1)[1]), code_line.split()[-1])
        finally:
            node.send_signal(signal.SIGINT)
            try:
                node.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                node.kill()
                node.communicate(timeout=30)


def join(data: Path, code: str, *options: str) -> subprocess.CompletedProcess[str]:
    return run(data, "join", code, "--no-discovery", "--host", "127.0.0.1", *options)


def wrong(code: str) -> str:
    right = joincode.parse(code)
    words = joincode.wordlist()
    return str(joincode.JoinCode(right.plate, (words[(words.index(right.words[0]) + 1) % 256], right.words[1])))


def test_room_create_shows_the_code_and_room_code_prints_it_alone(tmp_path: Path) -> None:
    created = run(tmp_path, "room", "create", "Class 5B")
    assert created.returncode == 0, created.stderr
    shown = CODE.search(created.stdout)
    assert shown is not None and "join code" in created.stdout
    code = run(tmp_path, "room", "code")
    assert code.returncode == 0 and code.stdout == shown.group(0) + "\n"


def test_no_room_or_a_mistyped_code_is_one_clear_line(tmp_path: Path) -> None:
    assert_one_clear_line(run(tmp_path, "room", "code"), "nosedive: ")
    assert_one_clear_line(run(tmp_path, "join", "not a code"), "is not a join code")
    assert_one_clear_line(run(tmp_path, "node", "--code", "100-guitar-harbor"), "from 1 to 99")


def test_join_with_the_code_lets_this_machine_in_and_keeps_the_secret(tmp_path: Path,
                                                                    facilitator: Facilitator) -> None:
    joiner = tmp_path / "joiner"
    done = join(joiner, facilitator.code, "--peer", f"127.0.0.1:{facilitator.port}", "--name", "Bo")
    assert done.returncode == 0, done.stderr
    assert "joined 'Lounge'" in done.stdout and "Traceback" not in done.stderr
    assert run(joiner, "room", "code").stdout == facilitator.code + "\n"  # remembered, and shown to members
    rooms = run(joiner, "rooms")
    assert "Lounge" in rooms.stdout
    again = join(joiner, facilitator.code, "--timeout", "5")  # already in: no peer needed
    assert again.returncode == 0 and "joined 'Lounge'" in again.stdout, again.stderr


def test_a_wrong_code_then_too_many_tries_are_one_clear_line_each(tmp_path: Path, facilitator: Facilitator) -> None:
    peer = ("--peer", f"127.0.0.1:{facilitator.port}")
    for attempt in range(5):  # the node lets one address try five times at once
        assert_one_clear_line(join(tmp_path / f"guess-{attempt}", wrong(facilitator.code), *peer),
                              "the join code is wrong")
    throttled = join(tmp_path / "guess-5", wrong(facilitator.code), *peer)
    assert_one_clear_line(throttled, "too many join attempts from this machine")


def test_nobody_answering_is_one_clear_line(tmp_path: Path) -> None:
    result = join(tmp_path, "7-guitar-harbor", "--peer", "127.0.0.1:9", "--timeout", "1")
    assert_one_clear_line(result, "nobody let this machine in within 1 s")
    assert "--peer HOST:PORT" in result.stderr
