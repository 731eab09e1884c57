"""``nosedive wall``: a node that only watches, and the painted wall filling the screen."""
from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from nosedive.core import paths
from nosedive.core.watch_only import WatchOnlyIdentity
from nosedive.node import stable_port
from nosedive.node.node import NodeConfig

from .. import heap, language
from ..app import application, parse_size
from ..bridge import Engine, NodeBridge, new_engine
from ..tr import tr
from ..unattended import log_to_file
from .source import WallSource
from .view import WallView

log = logging.getLogger("nosedive.ui.wall")


def wall_config(data: Path, *, code: str | None, room: str | None, peers: tuple[tuple[str, int], ...],
                host: str = "0.0.0.0", **extra: Any) -> NodeConfig:
    """The wall's node: its own data folder, no profile (it is nobody), the port it had last time."""
    chosen: dict[str, Any] = dict(data_dir=data, room=room, peers=peers, host=host,
                                  port=stable_port.choose(data, host), no_peer_warning_after=3600.0)
    if code:
        chosen["code"] = code
    return NodeConfig(**(chosen | extra))


class Wall:
    """The wall's parts: the engine (a process of its own unless a test hands in a thread), the bridge,
    the boards' source and the view."""

    def __init__(self, config: NodeConfig, engine: Engine | None = None) -> None:
        self.config = config
        self.bridge = NodeBridge(engine or new_engine())
        self.source = WallSource()
        self.source.listen(self.bridge)
        self.view = WallView()
        self.view.setWindowTitle(tr("Nosedive wall"))
        self.bridge.connect_to(self.source.board, self.view.show_board)
        self.bridge.connect_to(self.bridge.error, lambda text: log.warning("wall: %s", text))

    def start(self) -> None:
        identity = WatchOnlyIdentity.open(paths.key_path(self.config.data_dir))
        self.bridge.start(self.config, after_start=self.source.hook(), identity=identity)

    @property
    def engine(self) -> Engine:
        return self.bridge.engine

    def stop(self) -> None:
        self.bridge.shutdown()


def run_wall(args: argparse.Namespace) -> int:
    app = application()
    language.install(app, getattr(args, "lang", None))  # --lang, else the system locale (engine and screen)
    data = Path(args.wall_data)
    log.info("wall logs to %s", log_to_file("wall"))
    wall = Wall(wall_config(data, code=args.code, room=args.room, peers=tuple(args.peer_addresses)))
    wall.start()
    heap.settle()  # what start-up built stays out of every later full collection (ui/heap.py)
    size = parse_size(args.size)
    if args.windowed or size or args.screenshot:
        wall.view.resize(*(size or (1280, 720)))
        wall.view.show()
    else:
        wall.view.showFullScreen()
    if args.screenshot:
        def grab() -> None:
            target = Path(args.screenshot)
            target.parent.mkdir(parents=True, exist_ok=True)
            wall.view.grab().save(str(target))
            print(f"saved {target}")
            QApplication.quit()
        QTimer.singleShot(int(args.after * 1000), grab)
    code = app.exec()
    wall.stop()
    return code
