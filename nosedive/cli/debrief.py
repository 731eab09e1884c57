"""``nosedive debrief``: the room's session written out as CSV, JSON, PNG charts and an HTML report."""
from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands, room_option
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.debrief import collect, export
from nosedive.debrief.whatif import with_comparison
from nosedive.room.resolve import resolve_room
from nosedive.scoring.counterfactual import TOGGLES


def register(commands: Commands) -> None:
    p = commands.add("debrief", cmd_debrief,
                     help="write the session's debrief: CSV, JSON, PNG charts and one HTML report")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="folder to write into (default: ./debrief-ROOM in the current folder)")
    p.add_argument("--minutes", type=int, default=1, help="one timeline point per this many minutes (default 1)")
    p.add_argument("--compare", metavar="PRESET|FILE", default=None,
                   help="add a 'what if': the session under these rules beside the real ones (docs/scoring.md)")
    p.add_argument("--without", metavar="RULE", action="append", default=[], choices=sorted(TOGGLES),
                   help="add a 'what if' with this rule turned off: " + ", ".join(TOGGLES) + " (repeatable)")
    room_option(p)


def default_folder(room_name: str) -> Path:
    """./debrief-<room>, with the room's name (typed by its facilitator) cut to safe characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", room_name.casefold()).strip("-")[:40] or "room"
    return Path.cwd() / f"debrief-{slug}"


def cmd_debrief(args: argparse.Namespace, ctx: Context) -> int:
    if args.minutes < 1:
        raise UsageError(_("--minutes must be 1 or more"))
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    started = time.perf_counter()
    data = collect(ctx.ledger, room.id, bucket_ms=args.minutes * 60_000)
    if args.compare or args.without:
        data = with_comparison(data, ctx.ledger, args.compare, args.without, bucket_ms=args.minutes * 60_000)
    written = export(data, Path(args.out) if args.out else default_folder(room.name))
    took = time.perf_counter() - started
    print(_("{room}: {people} people, {ratings} ratings, written in {seconds} s to {folder}").format(
        room=room.name, people=len(data.people), ratings=len(data.ratings), seconds=f"{took:.1f}",
        folder=written.folder))
    for path in written.files:
        print(f"  {path.name}")
    print(_("Open {report} in any browser.").format(report=written.report))
    return 0
