"""``nosedive --kiosk``: the kiosk's parts, put together, and its entry point."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from nosedive.core import kiosk_code, paths
from nosedive.core.watch_only import WatchOnlyIdentity
from nosedive.node import stable_port
from nosedive.node.node import NodeConfig

from .. import heap, language
from ..app import application
from ..bridge import Engine, NodeBridge, new_engine
from ..tr import tr
from ..unattended import log_to_file
from ..wall.source import WallSource
from .shell import KioskWindow
from .visitors import Seat

log = logging.getLogger("nosedive.ui.kiosk")
VISITORS = "visitors"


class Kiosk:
    """The kiosk's node (watch-only, remembered port), the boards of its attract screen, its window."""

    def __init__(self, data: Path, code: kiosk_code.KioskCode, *, join: dict[str, Any] | None,
                 peers: tuple[tuple[str, int], ...] = (), idle_seconds: float = 90.0, engine: Engine | None = None,
                 **node: Any) -> None:
        self.data = data
        host = str(node.pop("host", "0.0.0.0"))
        fields: dict[str, Any] = dict(data_dir=data, peers=peers, host=host, port=stable_port.choose(data, host),
                                      no_peer_warning_after=3600.0)
        self.config = NodeConfig(**(fields | (join or {}) | node))
        self.bridge = NodeBridge(engine or new_engine())  # a process of its own unless a test hands in a thread
        self.source = WallSource()
        self.source.listen(self.bridge)
        self.bridge.started.connect(self._started)  # direct: the reader thread sets the port before anyone asks
        visitor_timing = {k: v for k, v in node.items() if k.endswith("_interval")}
        self.seat = Seat(data / VISITORS, {}, (), visitor_timing)
        self.window = KioskWindow(self.bridge, self.source, self.seat, code, idle_seconds=idle_seconds, join=join)

    def start(self) -> None:
        identity = WatchOnlyIdentity.open(paths.key_path(self.data))
        self.bridge.start(self.config, after_start=self.source.hook(), identity=identity)

    def _started(self) -> None:
        node = self.bridge.node
        if node is not None:  # visitors reach the room through us
            self.seat.peers = (("127.0.0.1", node.port),) + self.config.peers

    def stop(self) -> None:
        self.window.end_visit()
        self.bridge.shutdown()


def run_kiosk(args: argparse.Namespace) -> int:
    app = application()
    language.install(app, getattr(args, "lang", None))  # --lang, else the system locale (engine and screen)
    data = paths.data_dir(args.data)
    log.info("kiosk logs to %s", log_to_file("kiosk"))
    code, made = kiosk_code.settle(data, args.kiosk_code)
    if made:
        print(tr("The kiosk code is {code} (kept, hashed, in {file}); type it to quit the kiosk or leave "
                 "fullscreen.").format(code=made, file=data / kiosk_code.FILE_NAME))
    join = {"code": args.code} if args.code else None
    kiosk = Kiosk(data, code, join=join, peers=tuple(args.peer_addresses), idle_seconds=args.idle_seconds)
    kiosk.start()
    heap.settle()  # what start-up built stays out of every later full collection (ui/heap.py)
    kiosk.window.showFullScreen()
    status = app.exec()
    kiosk.stop()
    return status
