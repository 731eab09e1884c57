"""The window's snapshots from the node, applied a few views per event-loop turn.

The first snapshot of a cold join builds every card's widgets at once (Access's door rows, People's
rows, Records, the tabs): applied in one go, that and the first layout and paint with data held the GUI
thread for one long frame. Here each stage (one or a few views) runs in its own turn of the event loop
(a zero-interval QTimer chain), so Qt lays out and paints between them; the newest snapshot always wins:
a stage still to run takes the latest one, and a stage that ran with an older one runs again, in a
round (never back to the first stage: a steady stream of snapshots cannot starve the last ones).
`MainWindow.snapshot` is set only when every view shows the same snapshot, so whatever reads it (and a
test that waits for it) sees the views as they would be had it been applied at once. `apply_now` and
`settle` do the rest immediately (tests, replays).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from nosedive.room.snapshot import RoomSnapshot

if TYPE_CHECKING:
    from .main_window import MainWindow

Stage = Callable[[RoomSnapshot], None]


class SnapshotStages:
    def __init__(self, window: MainWindow) -> None:
        w = self._window = window

        def head(snap: RoomSnapshot) -> None:
            w.show_header(snap)
            for view in (w.banner, w.notices, w.me, w.status, w.join_code):
                view.show_snapshot(snap)

        def tabs(snap: RoomSnapshot) -> None:
            for view in (w.drag, w.feed, w.history):
                view.show_snapshot(snap)

        def society(snap: RoomSnapshot) -> None:
            w.agencies.show_snapshot(snap)
            w.groups.show_snapshot(snap)
            w.show_society(snap)

        self._stages: tuple[Stage, ...] = (head, w.access.show_snapshot, w.people.show_snapshot, tabs,
                                           w.records.show_snapshot, society)
        self._given: list[RoomSnapshot | None] = [None] * len(self._stages)
        self._latest: RoomSnapshot | None = None
        self._next = 0
        self._timer = QTimer(window)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @property
    def pending(self) -> bool:
        """Some view still shows an older snapshot than the newest one offered."""
        return any(given is not self._latest for given in self._given)

    def offer(self, snap: RoomSnapshot) -> None:
        """The node's newest snapshot: its first stage now, the others over the next turns."""
        self._latest = snap
        if not self._timer.isActive():
            self._step()

    def apply_now(self, snap: RoomSnapshot) -> None:
        self._latest = snap
        self.settle()

    def settle(self) -> None:
        """Every stage still to run, now."""
        self._timer.stop()
        while self._run_next():
            pass
        self._finish()

    def _step(self) -> None:
        if self._run_next() and self.pending:
            self._timer.start()
        else:
            self._finish()

    def _run_next(self) -> bool:
        """The next stage (in a round from the last one run) whose view shows an older snapshot."""
        latest, count = self._latest, len(self._stages)
        if latest is None:
            return False
        for offset in range(count):
            index = (self._next + offset) % count
            if self._given[index] is not latest:
                self._given[index] = latest
                self._next = (index + 1) % count
                self._stages[index](latest)
                return True
        return False

    def _finish(self) -> None:
        if self._latest is not None and not self.pending:
            self._window.snapshot = self._latest
