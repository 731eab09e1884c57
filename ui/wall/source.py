"""Boards for the wall, made on the node's thread and handed to the GUI thread as a Qt signal.

The node calls its listeners on its own loop thread; :class:`WallSource` listens there, turns each
new snapshot into a :class:`~nosedive.room.wall.WallBoard` (the why lines explain scores: engine
work, never done in the window), and emits it. The window only draws what arrives.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from nosedive.node.node import Node
from nosedive.room.events import SnapshotChanged
from nosedive.room.snapshot import RoomSnapshot
from nosedive.room.wall import WallBoard, WallBoards

log = logging.getLogger("nosedive.ui.wall")


class WallSource(QObject):
    """Signals: board(WallBoard), emitted from the node's thread (connect it queued)."""

    board = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._boards = WallBoards()
        self._lock = threading.Lock()  # a restarted node may call in while the old one winds down
        self._last_version = -1
        self.latest: WallBoard | None = None

    async def attach(self, node: Node) -> None:
        """``after_start`` of the bridge: listen to *node* on its thread, and show what it holds now."""
        node.subscribe(self._on_node_event)
        snapshot = node.snapshot()
        if snapshot is not None:
            self.show(snapshot)

    def _on_node_event(self, event: object) -> None:
        if isinstance(event, SnapshotChanged):
            self.show(event.snapshot)

    def show(self, snapshot: RoomSnapshot) -> None:
        """Make the board of *snapshot* (on the node's thread) and emit it."""
        with self._lock:
            try:
                board = self._boards.board(snapshot)
            except Exception:  # a board that cannot be made must not stop the node's listeners
                log.exception("the wall could not show snapshot %d", snapshot.version)
                return
            self.latest = board
        self.board.emit(board)
