"""The room's sounds: a chime when someone rates me (its pitch follows the stars), a note when a door moves.

Playback is a short-lived system player (``pw-play``, ``paplay`` or ``aplay``, the first on PATH)
fed one of the packaged WAVs in ``resources/sounds/``. Qt Multimedia would need PySide6-Addons
(a 175 MB wheel, 439 MB installed, for 3 MB of multimedia) and ``libpulse0``, and with no sound
server its ``QSoundEffect`` goes to Error with Qt warnings; a subprocess costs nothing to install,
never blocks the window, and where no player or no device exists it is simply silent.

Two switches mute it: mine (the "Sound" menu, remembered in the app's settings) and the
facilitator's for the whole room (the policy's ``"sound": "off"``, signed like any rule change).
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from nosedive.core import assets
from nosedive.room.snapshot import FeedItem, RoomSnapshot

from .bridge import NodeBridge
from .main_window import MainWindow
from .tr import tr
from .views.access import DoorChange

log = logging.getLogger("nosedive.ui.sound")
PLAYERS: tuple[tuple[str, ...], ...] = (("pw-play",), ("paplay",), ("aplay", "-q"))
SETTING = "sound/on"
MIN_GAP = 0.25  # seconds between two sounds: a burst of ratings on catching up is one chime, not a din


class Player(Protocol):
    def play(self, sound: str) -> None:
        """Start playing the packaged sound *sound* (e.g. ``"chime-5"``) and return at once."""


class SystemPlayer:
    """Plays through an external command; ``command=None`` (no player found) is a silent player."""

    def __init__(self, command: Sequence[str] | None) -> None:
        self.command = tuple(command) if command else None
        self.running: list[subprocess.Popen[bytes]] = []
        self._files: dict[str, Path] = {}

    @classmethod
    def find(cls, which: Callable[[str], str | None] = shutil.which) -> SystemPlayer:
        """The first player on PATH, or a silent one."""
        for command in PLAYERS:
            found = which(command[0])
            if found:
                return cls((found, *command[1:]))
        log.info("no sound player (pw-play, paplay, aplay) found: the app stays silent")
        return cls(None)

    def play(self, sound: str) -> None:
        self.running = [process for process in self.running if process.poll() is None]  # reap finished ones
        if self.command is None:
            return
        try:
            process = subprocess.Popen([*self.command, str(self._file(sound))], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:  # the player vanished or cannot run: silence from now on, said once
            log.warning("sound player %s failed (%s): the app stays silent", self.command[0], exc)
            self.command = None
            return
        self.running.append(process)

    def _file(self, sound: str) -> Path:
        """A real file for the player: the packaged one, or a temporary copy when the package is zipped."""
        if sound not in self._files:
            packaged = assets.resource(f"sounds/{sound}.wav")
            if isinstance(packaged, Path):
                self._files[sound] = packaged
            else:
                copy = Path(tempfile.mkdtemp(prefix="nosedive-sound-")) / f"{sound}.wav"
                copy.write_bytes(packaged.read_bytes())
                self._files[sound] = copy
        return self._files[sound]


class SoundController(QObject):
    """Turns what happens to me into sounds, unless I or the facilitator muted them."""

    def __init__(self, player: Player, settings: QSettings | None = None, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.player, self.settings, self.clock = player, settings, clock
        self.mine_on = settings is None or str(settings.value(SETTING, "true")).lower() == "true"
        self.room_on = True
        self._last = float("-inf")

    @property
    def audible(self) -> bool:
        return self.mine_on and self.room_on

    def set_mine(self, on: bool) -> None:
        self.mine_on = on
        if self.settings is not None:
            self.settings.setValue(SETTING, "true" if on else "false")

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.room_on = snap.scores.policy.sound != "off"

    def on_rated(self, item: FeedItem) -> None:
        if item.stars is not None and 1 <= item.stars <= 5:
            self._play(f"chime-{item.stars}")

    def on_doors(self, changes: tuple[DoorChange, ...]) -> None:
        if changes:
            self._play("door-open" if any(change.after == "open" for change in changes) else "door-closed")

    def _play(self, sound: str) -> None:
        now = self.clock()
        if not self.audible or now - self._last < MIN_GAP:
            return
        self._last = now
        self.player.play(sound)


class SoundMenu(QObject):
    """The "Sound" menu: my own switch, and (for the facilitator) the room-wide mute."""

    def __init__(self, window: QMainWindow, bridge: NodeBridge, sound: SoundController) -> None:
        super().__init__(window)
        self.bridge, self.sound = bridge, sound
        self.snapshot: RoomSnapshot | None = None
        menu = window.menuBar().addMenu(tr("Sound"))
        self.mine = self._checkable(menu.addAction(tr("Play sounds")), sound.mine_on)
        self.mine.toggled.connect(sound.set_mine)
        self.room = self._checkable(menu.addAction(tr("Mute the whole room")), False)
        self.room.setToolTip(tr("Signed as a rule change: every app in the room goes quiet"))
        self.room.setEnabled(False)  # until a snapshot says I facilitate this room
        self.room.triggered.connect(self._on_room_triggered)

    @staticmethod
    def _checkable(action: QAction, checked: bool) -> QAction:
        action.setCheckable(True)
        action.setChecked(checked)
        return action

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.snapshot = snap
        self.room.setEnabled(snap.me == snap.facilitator)
        self.room.setChecked(snap.scores.policy.sound == "off")

    def _on_room_triggered(self, muted: bool) -> None:
        if self.snapshot is None:
            return
        policy = dict(self.snapshot.scores.policy.raw)
        policy["sound"] = "off" if muted else "on"
        self.bridge.change_policy(policy)


def install(window: MainWindow, bridge: NodeBridge, settings: QSettings | None,
            player: Player | None = None) -> SoundController:
    """Wire the sounds to the window (its doors) and the bridge (ratings, snapshots); owned by the window."""
    sound = SoundController(player or SystemPlayer.find(), settings, window)
    menu = SoundMenu(window, bridge, sound)
    bridge.connect_to(bridge.rated_you, sound.on_rated)
    bridge.connect_to(bridge.snapshot, sound.show_snapshot)
    bridge.connect_to(bridge.snapshot, menu.show_snapshot)
    window.access.changed.connect(sound.on_doors)
    window.agencies.changed.connect(sound.on_doors)  # an agency's door, or a list closing one
    return sound
