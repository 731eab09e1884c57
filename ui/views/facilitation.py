"""The facilitator's part of the app: the console, the projector debrief and the export, wired to the bridge.

:class:`Facilitation` adds a "Session" menu to the main window (the debrief for anyone; the
console and the export for the room's facilitator only), opens the windows when asked, and
turns what they emit into bridge commands. The debrief is gathered on the engine thread.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from nosedive.core.policy import load_preset
from nosedive.debrief import DebriefData, Exported
from nosedive.debrief.whatif import WhatIf
from nosedive.room.snapshot import RoomSnapshot

from ..bridge import NodeBridge
from ..tr import tr
from .console import FacilitatorConsole
from .debrief import DebriefView


class Facilitation(QObject):
    def __init__(self, window: QMainWindow, bridge: NodeBridge) -> None:
        super().__init__(window)
        self.window, self.bridge = window, bridge
        self.snapshot: RoomSnapshot | None = None
        self.console: FacilitatorConsole | None = None
        self.debrief: DebriefView | None = None
        menu = window.menuBar().addMenu(tr("Session"))
        self.debrief_action = self._action(menu.addAction(tr("Debrief on the projector")), "Ctrl+Shift+D",
                                           self.open_debrief)
        self.console_action = self._action(menu.addAction(tr("Facilitator console")), "Ctrl+Shift+F",
                                           self.open_console)
        self.export_action = self._action(menu.addAction(tr("Export debrief")), "Ctrl+Shift+E", self.export)
        for action in (self.console_action, self.export_action):
            action.setEnabled(False)  # until a snapshot says I facilitate this room
        bridge.connect_to(bridge.snapshot, self._on_bridge_snapshot)
        bridge.connect_to(bridge.debrief, self._on_bridge_debrief)
        bridge.connect_to(bridge.debrief_exported, self._on_bridge_exported)
        bridge.connect_to(bridge.whatif, self._on_bridge_whatif)
        bridge.connect_to(bridge.whatif_refused, self._on_bridge_whatif_refused)

    def _action(self, action: QAction, keys: str, slot: object) -> QAction:
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    @property
    def facilitating(self) -> bool:
        return self.snapshot is not None and self.snapshot.me == self.snapshot.facilitator

    # ------------------------------------------------------------ windows
    def open_console(self) -> FacilitatorConsole | None:
        if not self.facilitating:
            return None
        if self.console is None:
            self.console = console = FacilitatorConsole()
            bridge = self.bridge
            console.let_in.connect(bridge.admit)
            console.expel.connect(bridge.expel)
            console.start_round.connect(bridge.start_round)
            console.pause_round.connect(bridge.pause_round)
            console.resume_round.connect(bridge.resume_round)
            console.end_round.connect(bridge.end_round)
            console.announce.connect(bridge.announce)
            console.change_preset.connect(lambda name: bridge.change_policy(load_preset(name)))
            console.export_debrief.connect(self.export)
            console.open_debrief.connect(self.open_debrief)
        if self.snapshot is not None:
            self.console.show_snapshot(self.snapshot)
        self.console.show()
        return self.console

    def open_debrief(self) -> DebriefView:
        if self.debrief is None:
            self.debrief = DebriefView()
            self.debrief.refresh.connect(self.bridge.request_debrief)
            self.debrief.whatif.asked.connect(self.bridge.request_whatif)
            self.debrief.refresh.connect(self.debrief.whatif.ask_again)
        self.debrief.show()
        self.bridge.request_debrief()
        return self.debrief

    def export(self) -> None:
        node = self.bridge.node
        if node is None or self.snapshot is None:
            return
        shown = self.debrief.whatif.result if self.debrief is not None else None  # the what-if on the projector
        self.bridge.export_debrief(export_folder(node.data, self.snapshot.room_name),
                                   *((shown.choice, shown.rules_off) if shown is not None else ()))

    # ------------------------------------------------------------ from the bridge
    def _on_bridge_snapshot(self, snap: RoomSnapshot) -> None:
        self.snapshot = snap
        for action in (self.console_action, self.export_action):
            action.setEnabled(self.facilitating)
        if self.console is not None and self.console.isVisible():
            self.console.show_snapshot(snap)

    def _on_bridge_debrief(self, data: DebriefData) -> None:
        if self.debrief is not None:
            self.debrief.show_debrief(data)

    def _on_bridge_whatif(self, result: WhatIf) -> None:
        if self.debrief is not None:
            self.debrief.whatif.show_whatif(result)

    def _on_bridge_whatif_refused(self, text: str) -> None:
        if self.debrief is not None:
            self.debrief.whatif.show_refused(text)

    def _on_bridge_exported(self, written: Exported) -> None:
        if self.console is not None:
            self.console.show_exported(str(written.folder))


def export_folder(data: Path, room_name: str, now: dt.datetime | None = None) -> Path:
    """<data>/debriefs/<room>-<YYYYmmdd-HHMM>: one folder per export, never over an older one's files."""
    slug = re.sub(r"[^a-z0-9]+", "-", room_name.casefold()).strip("-")[:40] or "room"
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return data / "debriefs" / f"{slug}-{stamp}"
