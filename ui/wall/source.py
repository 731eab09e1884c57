"""Boards for the wall, made beside the node and handed to the GUI thread as a Qt signal.

The boards are made where the node runs (its process, or its thread in tests), by the
``after_start`` hook :func:`nosedive.ui.engine_hooks.wall_boards`: it turns each new snapshot into
a :class:`~nosedive.room.wall.WallBoard` (the why lines explain scores: engine work, never done in
the window) and posts it as ``board``. :class:`WallSource` takes those from the bridge's ``posted``
signal and emits them; the window only draws what arrives.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from nosedive.room.wall import WallBoard

from ..bridge import NodeBridge
from ..engine_hooks import Hook, Hooks, remember_port, wall_boards

log = logging.getLogger("nosedive.ui.wall")


class WallSource(QObject):
    """Signals: board(WallBoard), emitted from the engine's reader or thread (connect it queued)."""

    board = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latest: WallBoard | None = None

    def listen(self, bridge: NodeBridge) -> None:
        bridge.posted.connect(self._on_posted)  # direct: re-emitted at once, receivers connect queued

    def _on_posted(self, signal: str, value: object) -> None:
        if signal == "board" and isinstance(value, WallBoard):
            self.latest = value
            self.board.emit(value)

    @staticmethod
    def hook() -> Hook:
        """The ``after_start`` of a wall's or kiosk's node: keep its port, make its boards."""
        return Hooks((remember_port, wall_boards))
