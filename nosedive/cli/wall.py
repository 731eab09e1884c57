"""``nosedive wall``: the room on a projector or LED screen, with nothing to press. Qt loads only when it runs."""
from __future__ import annotations

import argparse
import importlib
import os

from nosedive.cli.app import choose_headless_platform
from nosedive.cli.context import Context
from nosedive.cli.registry import Commands
from nosedive.core.datalock import DataLock
from nosedive.net.peers import parse_address

WALL_FOLDER = "wall"  # the wall's own identity and ledger, beside (never inside) a person's


def register(commands: Commands) -> None:
    p = commands.add("wall", cmd_wall, help="show a room on a projector or LED screen: the shame wall, the red list, "
                                            "a live ticker (it watches; it never rates)")
    p.add_argument("--code", default=None, help="the room's join code, as the facilitator shows it")
    p.add_argument("--room", default=None, help="a room this wall has joined before (name or id)")
    p.add_argument("--peer", action="append", default=[], metavar="HOST:PORT", help="a node of the room to connect to")
    p.add_argument("--windowed", action="store_true", help="a window instead of the whole screen (to try it out)")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 3840x2160 (implies --windowed)")
    p.add_argument("--screenshot", metavar="FILE", help="save the wall to a PNG after --after seconds and exit")
    p.add_argument("--after", type=float, default=5.0, metavar="SECONDS", help="when to take the screenshot")


def cmd_wall(args: argparse.Namespace, ctx: Context) -> int:
    args.wall_data = ctx.data / WALL_FOLDER
    args.wall_data.mkdir(parents=True, exist_ok=True)
    DataLock.acquire(args.wall_data).release()  # a second wall here: one clear line before Qt loads
    args.peer_addresses = [parse_address(text) for text in args.peer]
    choose_headless_platform(args, os.environ)  # --screenshot with no display: Qt's offscreen platform
    ui = importlib.import_module("nosedive.ui.wall.app")
    status: int = ui.run_wall(args)
    return status
