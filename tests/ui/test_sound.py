"""Sounds: a chime at the rating's pitch, door notes, my mute and the facilitator's, silence without a device."""
from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from nosedive.core import assets
from nosedive.ui import sound
from nosedive.ui.main_window import MainWindow
from nosedive.ui.views.access import DoorChange

from .conftest import Room

TIMEOUT = 20_000


class FakePlayer:
    """Records what the controller asked to play."""

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "app.ini"), QSettings.Format.IniFormat)


def _app(qtbot, room: Room, tmp_path: Path):
    host = room.person("Hana", create_room="Chimes")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    player = FakePlayer()
    controller = sound.install(window, room.bridge, _settings(tmp_path), player)
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None and host.identity.public_hex in window.people.rows,
                    timeout=TIMEOUT)
    return host, window, player, controller


def _raters(window: MainWindow) -> int:
    assert window.snapshot is not None
    return len(window.snapshot.scores.raters(window.snapshot.me))


def test_a_rating_chimes_at_its_stars_and_my_mute_is_remembered(qtbot, room: Room, tmp_path: Path) -> None:
    host, window, player, controller = _app(qtbot, room, tmp_path)
    me = window.snapshot.me
    room.run(host.rate(me, 2))
    qtbot.waitUntil(lambda: player.played == ["chime-2"], timeout=TIMEOUT)

    controller.set_mine(False)  # the Sound menu's "Play sounds", unticked
    room.run(host.rate(me, 5))
    qtbot.waitUntil(lambda: any(item.stars == 5 for item in window.snapshot.feed if item.author != me),
                    timeout=TIMEOUT)
    assert player.played == ["chime-2"]  # the second rating landed, and nothing was asked to play
    assert sound.SoundController(FakePlayer(), _settings(tmp_path)).mine_on is False  # remembered


def test_the_facilitator_mutes_the_whole_room(qtbot, room: Room, tmp_path: Path) -> None:
    host, window, player, controller = _app(qtbot, room, tmp_path)
    me = window.snapshot.me
    quiet = dict(host.snapshot().scores.policy.raw, sound="off")
    assert room.run(host.change_policy(quiet))
    qtbot.waitUntil(lambda: window.snapshot.scores.policy.sound == "off" and not controller.audible,
                    timeout=TIMEOUT)  # each receiver's copy of a snapshot arrives on its own: wait for the controller's
    assert controller.mine_on
    assert any("the facilitator muted every app's sounds" in item.detail for item in window.snapshot.feed)
    room.run(host.rate(me, 4))
    qtbot.waitUntil(lambda: _raters(window) == 1, timeout=TIMEOUT)
    assert player.played == []


def test_the_room_mute_is_the_facilitators_menu_item_only(qtbot, room: Room, tmp_path: Path) -> None:
    host, window, player, controller = _app(qtbot, room, tmp_path)
    menu = next(child for child in window.children() if isinstance(child, sound.SoundMenu))
    assert not menu.room.isEnabled()  # Mia is not the facilitator
    assert menu.mine.isChecked()
    menu.mine.trigger()
    assert not controller.mine_on


def test_doors_moving_sound_open_or_closed() -> None:
    player = FakePlayer()
    now = [0.0]
    controller = sound.SoundController(player, clock=lambda: now[0])
    controller.on_doors((DoorChange("Flights", "locked", "open"), DoorChange("Bank loan", "open", "locked")))
    now[0] += 1
    controller.on_doors((DoorChange("Flights", "open", "locked"),))
    now[0] += 0.1  # too soon after the last: one sound, not a din
    controller.on_doors((DoorChange("Bank loan", "locked", "open"),))
    assert player.played == ["door-open", "door-closed"]


def test_without_a_player_or_device_the_app_is_silent_without_errors(qtbot, room: Room, tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    silent = sound.SystemPlayer.find(which=lambda name: None)
    assert silent.command is None
    silent.play("chime-5")  # nothing to run, nothing raised
    assert silent.running == []

    broken = sound.SystemPlayer((str(tmp_path / "no-such-player"),))
    with caplog.at_level(logging.WARNING, "nosedive.ui.sound"):
        broken.play("chime-3")
        broken.play("chime-3")
    assert broken.command is None and len(caplog.records) == 1  # said once, then quiet

    works = sound.SystemPlayer(("true",))  # a "player" that exits at once, as aplay does with no card
    works.play("door-open")
    assert len(works.running) == 1 and works.running[0].wait(10) == 0
    works.play("door-closed")
    assert len(works.running) == 1  # the finished one was reaped
    assert works.running[0].wait(10) == 0

    window = MainWindow(room.bridge)  # the real controller with the real player this machine has
    qtbot.addWidget(window)
    os.environ["PATH"], saved = str(tmp_path), os.environ["PATH"]  # no player on PATH
    try:
        controller = sound.install(window, room.bridge, None)
    finally:
        os.environ["PATH"] = saved
    assert isinstance(controller.player, sound.SystemPlayer) and controller.player.command is None
    host = room.person("Hana", create_room="Quiet")
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None and host.identity.public_hex in window.people.rows,
                    timeout=TIMEOUT)
    room.run(host.rate(window.snapshot.me, 5))
    qtbot.waitUntil(lambda: _raters(window) == 1, timeout=TIMEOUT)  # no Qt warning either (they fail tests)


def test_the_app_starts_with_no_audio_device(tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AUDIODEV="/dev/null/none", PULSE_SERVER="unix:/nonexistent")
    result = subprocess.run(
        [sys.executable, "-m", "nosedive.cli", "--data", str(tmp_path / "data"), "demo", "--people", "3",
         "--seed", "2", "--tempo", "0.2", "--screenshot", str(target), "--after", "3"],
        capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert target.is_file() and "Traceback" not in result.stderr


def test_the_shipped_sounds_are_what_the_script_makes() -> None:
    script = assets.resource("sounds/synth.py")
    spec = importlib.util.spec_from_file_location("synth", str(script))
    assert spec is not None and spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    made = synth.sounds()
    assert sorted(made) == ["chime-1", "chime-2", "chime-3", "chime-4", "chime-5", "door-closed", "door-open"]
    for name, pcm in made.items():
        assert assets.read_bytes(f"sounds/{name}.wav") == synth.wav_bytes(pcm), name
    assert "CC0" in assets.read_text("sounds/LICENSE.txt")
