"""The ``nosedive`` command line; each area registers its own subcommands."""
from nosedive.cli.command import build_parser, main

__all__ = ["build_parser", "main"]
