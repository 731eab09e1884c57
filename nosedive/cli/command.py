"""The ``nosedive`` command. Each area adds its subcommands from its own module.

Errors are one clear line on stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence

from nosedive import __version__
from nosedive.cli.context import Context
from nosedive.cli.registry import Commands, Handler
from nosedive.core import i18n, paths
from nosedive.core.errors import NosediveError
from nosedive.ledger import schema

# Modules that add subcommands: each has ``register(commands: Commands) -> None``.
COMMAND_MODULES = (
    "nosedive.cli.core",
    "nosedive.cli.scores",
    "nosedive.cli.admission",
    "nosedive.cli.facilitator",
    "nosedive.cli.records",
    "nosedive.cli.groups",
    "nosedive.cli.node",
    "nosedive.cli.join",
    "nosedive.cli.app",
    "nosedive.cli.check",
    "nosedive.cli.debrief",
    "nosedive.cli.wall",
    "nosedive.cli.whatif",
    "nosedive.cli.desktop",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nosedive",
        description="Nosedive: rate the people around you on the LAN, and watch what it does.",
        epilog="With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"nosedive {__version__}")
    parser.add_argument(
        "--data", metavar="DIR", default=None,
        help=f"data directory (identity and ledger); default ${paths.ENV_VAR} or the platform's",
    )
    parser.add_argument(
        "--lang", metavar="LANG", default=None,
        help=f"language of the app and of what commands print ({', '.join(i18n.LANGUAGES)}); default: the system's",
    )
    commands = Commands(parser.add_subparsers(dest="command", metavar="COMMAND"))
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(commands)
    # A module may name what runs with no command at all (the desktop app does); a subcommand's
    # own handler default overrides this one.
    parser.set_defaults(handler=commands.default)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = args.handler
    if handler is None:
        parser.print_help()
        return 0
    context = Context(args.data)
    try:
        i18n.use(args.lang)  # a --lang nobody speaks is one clear line, like any usage error
        return handler(args, context) or 0
    except NosediveError as exc:
        print(f"nosedive: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except sqlite3.Error as exc:  # a damaged page met while reading: say so in one line, change nothing
        translated = schema.storage_error(exc, paths.ledger_path(context.data))
        print(f"nosedive: {translated or exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"nosedive: {exc.strerror or exc} ({getattr(exc, 'filename', '') or 'I/O'})", file=sys.stderr)
        return 1
    finally:
        context.close()

