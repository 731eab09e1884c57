"""``nosedive app --kiosk``: the app locked for an installation, where visitors take a seat in turn."""
from __future__ import annotations

import argparse
import importlib


def kiosk_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kiosk", action="store_true",
                   help="an installation's kiosk: fullscreen and on top, visitors take a seat one after another")
    p.add_argument("--kiosk-code", metavar="CODE", default=None,
                   help="what the facilitator types to quit the kiosk (kept hashed; made and printed if never given)")
    p.add_argument("--code", metavar="JOIN-CODE", default=None, help="the room's join code (the kiosk's first start)")
    p.add_argument("--idle-seconds", type=float, default=90.0, metavar="S",
                   help="without input this long, the kiosk ends the visit and shows its attract screen (default 90)")


def run_kiosk(args: argparse.Namespace) -> int:
    """Qt is imported only now, so the engine stays Qt-free."""
    ui = importlib.import_module("nosedive.ui.kiosk.app")
    status: int = ui.run_kiosk(args)
    return status
