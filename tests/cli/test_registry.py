"""Command modules register into one typed ``Commands``: handlers ride on their parsers, one default at most."""
from __future__ import annotations

import argparse

import pytest

from nosedive.cli import build_parser, core, scores
from nosedive.cli.context import Context
from nosedive.cli.registry import Commands, room_option


def _handler(args: argparse.Namespace, ctx: Context) -> int:
    return 0


def _other(args: argparse.Namespace, ctx: Context) -> int:
    return 1


def test_each_subcommand_carries_its_handler() -> None:
    parser = build_parser()
    assert parser.parse_args(["id"]).handler is core.cmd_id
    assert parser.parse_args(["room", "create", "X"]).handler is core.cmd_room_create
    assert parser.parse_args(["room", "use", "X"]).handler is core.cmd_room_use
    assert parser.parse_args(["explain", "Bob"]).handler is scores.cmd_explain
    assert parser.parse_args(["scores", "--room", "R"]).room == "R"


def test_add_and_default() -> None:
    parser = argparse.ArgumentParser()
    commands = Commands(parser.add_subparsers(dest="command"))
    assert commands.default is None
    room_option(commands.add("go", _handler, help="go somewhere"))
    commands.set_default(_handler)
    commands.set_default(_handler)  # the same one again is harmless
    parser.set_defaults(handler=commands.default)
    assert parser.parse_args(["go", "--room", "R"]).handler is _handler
    assert parser.parse_args(["go"]).room is None
    assert parser.parse_args([]).handler is _handler


def test_two_defaults_are_refused() -> None:
    commands = Commands(argparse.ArgumentParser().add_subparsers())
    commands.set_default(_handler)
    with pytest.raises(ValueError, match="default command"):
        commands.set_default(_other)
