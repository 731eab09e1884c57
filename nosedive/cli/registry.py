"""What each command module registers into: its subcommands, and at most one default command.

:func:`nosedive.cli.command.build_parser` makes one :class:`Commands` and passes it to each
module's ``register``; nothing is stored on argparse objects behind their back.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from nosedive.cli.context import Context

Handler = Callable[[argparse.Namespace, Context], int | None]
# A string: argparse's class is generic only in its stubs, not at run time.
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


@dataclass
class Commands:
    """The subcommands of one parser, and the handler that runs when none is named."""

    subparsers: SubParsers
    default: Handler | None = None

    def add(self, name: str, handler: Handler, **options: Any) -> argparse.ArgumentParser:
        """A new subcommand *name* that runs *handler*; *options* go to ``add_parser`` (help, description)."""
        parser = self.subparsers.add_parser(name, **options)
        parser.set_defaults(handler=handler)
        return parser

    def set_default(self, handler: Handler) -> None:
        """Run *handler* when the command line names no subcommand."""
        if self.default is not None and self.default is not handler:
            raise ValueError("two command modules both claim the default command")
        self.default = handler


def room_option(parser: argparse.ArgumentParser) -> None:
    """The ``--room`` option of every command that acts in one room."""
    parser.add_argument("--room", default=None, help="room name or id (default: the last one used)")
