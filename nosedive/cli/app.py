"""``nosedive`` (the desktop app) and ``nosedive demo``. Qt is imported only when they run."""
from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
from collections.abc import MutableMapping
from pathlib import Path

from nosedive.cli.context import Context
from nosedive.cli.kiosk import kiosk_options, run_kiosk
from nosedive.cli.registry import Commands
from nosedive.core.datalock import DataLock
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.policy import validate_policy
from nosedive.core.policy_source import read_rules
from nosedive.net.peers import parse_address

DEMO_FOLDER = "demo"


def register(commands: Commands) -> None:
    p = commands.add("app", cmd_app, help="open the desktop app (the default with no command)")
    _display_options(p)
    p.add_argument("--peer", action="append", default=[], metavar="HOST:PORT", help="a peer to connect to")
    kiosk_options(p)
    commands.set_default(cmd_app)

    p = commands.add("demo", cmd_demo, help="open the app in a lively room of simulated people on this machine")
    _display_options(p)
    p.add_argument("--people", type=int, default=10, help="how many simulated people (2–16, default 10)")
    p.add_argument("--lan", action="store_true", help="let real peers on the LAN join the demo room")
    p.add_argument("--seed", type=int, default=None, help="make the simulated people's choices repeatable")
    p.add_argument("--tempo", type=float, default=1.0, help="seconds between a person's actions, roughly")
    p.add_argument("--policy", default=None, metavar="PRESET|FILE",
                   help="the demo room's rules: a preset (e.g. city, joint-punishment) or a policy JSON file")
    p.add_argument("--fresh", action="store_true",
                   help="start the demo room over (by default it is kept in the data folder's demo/ to debrief)")


def _display_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fullscreen", action="store_true", help="fill the screen (kiosks, projectors)")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1920x1080")
    p.add_argument("--screenshot", metavar="FILE", help="save the window to a PNG and exit")
    p.add_argument("--after", type=float, default=5.0, metavar="SECONDS", help="when to take the screenshot")


def _run_ui(entry: str, args: argparse.Namespace) -> int:
    """Call ``nosedive.ui.app.<entry>(args)``: imported only now, so the engine stays Qt-free."""
    choose_headless_platform(args, os.environ)
    ui = importlib.import_module("nosedive.ui.app")
    status: int = getattr(ui, entry)(args)
    return status


def choose_headless_platform(args: argparse.Namespace, environ: MutableMapping[str, str]) -> None:
    """A screenshot needs no screen: with --screenshot, no display (X11 or Wayland) and no platform chosen,
    Qt is told to use its offscreen one (it would abort: 'could not connect to display')."""
    if not getattr(args, "screenshot", None) or sys.platform in ("win32", "darwin"):
        return
    if not any(environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
        environ["QT_QPA_PLATFORM"] = "offscreen"


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    DataLock.acquire(ctx.data).release()  # a second app on this folder: one clear line before Qt loads
    args.peer_addresses = [parse_address(text) for text in getattr(args, "peer", [])]
    args.data = ctx.data_arg
    for name, default in (("fullscreen", False), ("size", None), ("screenshot", None), ("after", 5.0)):
        if not hasattr(args, name):
            setattr(args, name, default)
    if getattr(args, "kiosk", False):
        return run_kiosk(args)
    return _run_ui("run_app", args)


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    if not 2 <= args.people <= 16:
        raise UsageError(_("--people must be from 2 to 16"))
    if args.tempo <= 0:
        raise UsageError(_("--tempo must be a positive number of seconds"))
    args.data = ctx.data_arg
    args.rules = None
    if args.policy is not None:  # checked before Qt loads: one clear line for a wrong name or a bad file
        args.rules = read_rules(args.policy)
        validate_policy(args.rules)
    if args.rules is not None and not args.fresh and (ctx.data / DEMO_FOLDER / "you").exists():
        raise UsageError(_("the demo kept from last time plays its own rules; to play {policy}, add --fresh "
                           "(it replaces the kept demo: debrief that first if you want it)").format(policy=args.policy))
    args.demo_dir = demo_folder(ctx.data, fresh=args.fresh)
    status = _run_ui("run_demo", args)
    print(_("The demo room is kept in {folder}; debrief it with: nosedive --data {you} debrief  (or 'nosedive demo "
            "--fresh' to start over)").format(folder=args.demo_dir, you=args.demo_dir / "you"))
    return status


def demo_folder(data: Path, *, fresh: bool) -> Path:
    """Where the demo keeps its people and its room: ``<data>/demo``, emptied first when *fresh*."""
    folder = data / DEMO_FOLDER
    if fresh and folder.exists():
        for part in (folder / "you", *sorted(folder.glob("people/sim-*"))):  # refuse while a demo runs there
            if part.is_dir():
                DataLock.acquire(part).release()
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
