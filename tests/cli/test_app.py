"""``nosedive`` with no command opens the app; ``app`` and ``demo`` refuse bad arguments before Qt loads."""
from __future__ import annotations

from pathlib import Path

import pytest

from nosedive.cli import app, build_parser

from .helpers import assert_one_clear_line, run


def test_no_command_means_the_desktop_app() -> None:
    parser = build_parser()
    assert parser.parse_args([]).handler is app.cmd_app
    assert parser.parse_args(["app", "--fullscreen"]).handler is app.cmd_app
    assert parser.parse_args(["demo"]).handler is app.cmd_demo


@pytest.mark.parametrize("args, words", [
    (["demo", "--tempo", "0"], "--tempo must be a positive number of seconds"),
    (["demo", "--people", "1"], "--people must be from 2 to 16"),
    (["app", "--peer", "nowhere:notaport"], "nosedive: "),
])
def test_bad_arguments_are_one_clear_line(tmp_path: Path, args: list[str], words: str) -> None:
    assert_one_clear_line(run(tmp_path, *args), words)
