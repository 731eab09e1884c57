"""Visitors: a fresh identity per person who sits down, each a real node of its own.

"I'm new here" makes ``<kiosk data>/visitors/<time>-<n>`` (a new key, a new ledger), starts a node
there (in an engine process of its own; on the kiosk's engine thread in tests that hand one in) that
joins the room with what the kiosk holds (its code, or the room) through the kiosk's own node on
loopback, and publishes the visitor's name and picture. "I'm done" stops that node; the folder stays,
so the visitor's signed ratings keep counting everywhere.
"""
from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageWriter

from nosedive.node.node import NodeConfig

from ..bridge import Engine, EngineThread, NodeBridge
from ..pictures import fit_picture
from ..widgets.avatar import generated

log = logging.getLogger("nosedive.ui.kiosk")
FIRST = ("Lacie", "Naomi", "Ryan", "Susan", "Chester", "Bethany", "Paula", "Gwen", "Kai", "Mei", "Omar", "Ines",
         "Tariq", "Yuki", "Lena", "Marco", "Priya", "Sven", "Ada", "Joon")
LAST = ("Pound", "Blake", "Ward", "Taylor", "Lin", "Moreau", "Okafor", "Silva", "Novak", "Haddad")


def suggested_name(rng: random.Random) -> str:
    """A friendly name to start from, so a visitor is seated in seconds (they may type their own)."""
    return f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}."


def generated_picture(seed: str, name: str, side: int = 256) -> bytes:
    """The pastel disc with initials as a PNG the room accepts: what others see for this visitor."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"PNG")).write(generated(seed, name, side).toImage())
    return fit_picture(bytes(buffer.data().data())) or b""


@dataclass
class Seat:
    """Where the kiosk's visitors go, and how they join the room."""

    folder: Path  # <kiosk data>/visitors
    join: dict[str, Any]  # NodeConfig fields: {"code": ...} or {"room": ...}
    peers: tuple[tuple[str, int], ...]  # the kiosk's own node first
    extra: dict[str, Any] = field(default_factory=dict)  # timings (tests), host
    count: int = 0

    def config(self, name: str, picture: bytes) -> NodeConfig:
        self.count += 1
        data = self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{self.count}"
        data.mkdir(parents=True, exist_ok=False)
        fields: dict[str, Any] = dict(host="127.0.0.1", port=0, discovery=False, no_peer_warning_after=3600.0)
        return NodeConfig(data_dir=data, name=name, avatar=picture, peers=self.peers,
                          **(fields | self.join | self.extra))


class Visitor:
    """One visitor's node, beside the kiosk's (``engine.sibling()``: a process of its own, or the kiosk's
    engine thread), with a bridge of its own for their window."""

    def __init__(self, engine: Engine, config: NodeConfig) -> None:
        self.config = config
        self.bridge = NodeBridge(engine.sibling())
        self.ended = False

    def start(self) -> None:
        log.info("a visitor takes a seat (%s)", self.config.data_dir.name)
        engine = self.bridge.engine
        if not isinstance(engine, EngineThread):
            self.bridge.start(self.config)
            return
        hooks = engine.on_crash, engine.after_crash  # the kiosk's bridge restarts the thread, not a visitor's
        self.bridge.start(self.config)
        engine.on_crash, engine.after_crash = hooks

    def end(self, timeout: float = 10.0) -> None:
        """Stop the visitor's node (not the kiosk's thread); their folder and their ratings stay."""
        if self.ended:
            return
        self.ended = True

        try:  # a shared engine thread stays for the kiosk; a visitor's own process ends
            self.bridge.shutdown(timeout, keep_engine=isinstance(self.bridge.engine, EngineThread))
        except Exception as exc:  # leaving anyway: the kiosk must go back to its attract screen
            log.warning("a visitor's node did not stop cleanly: %s", exc)
        log.info("a visitor left (%s)", self.config.data_dir.name)
