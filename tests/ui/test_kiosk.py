"""The kiosk with real nodes: locked keys, a visitor who joins, rates and leaves, the idle return."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from nosedive.core.kiosk_code import KioskCode, settle
from nosedive.ui.kiosk.app import Kiosk

from .conftest import Room
from .installation import fast, joining

TIMEOUT = 20_000


@pytest.fixture()
def kiosk_for(qtbot, room: Room, tmp_path: Path):
    made: list[Kiosk] = []

    def make(host, idle_seconds: float = 600.0) -> Kiosk:
        settings = fast(**joining(host))
        peers = settings.pop("peers")
        join = {k: settings.pop(k) for k in ("code", "room") if k in settings}
        kiosk = Kiosk(tmp_path / "kiosk", KioskCode.of("4321"), join=join, peers=peers, idle_seconds=idle_seconds,
                      **settings)
        made.append(kiosk)
        qtbot.addWidget(kiosk.window)
        kiosk.start()
        kiosk.window.resize(1280, 800)
        kiosk.window.showFullScreen()
        qtbot.waitUntil(lambda: kiosk.bridge.latest is not None, timeout=TIMEOUT)
        return kiosk
    yield make
    for kiosk in made:
        kiosk.window.guard.locked = False
        kiosk.stop()


def test_ctrl_q_and_f11_do_nothing_without_the_code(qtbot, room: Room, kiosk_for) -> None:
    host = room.person("Hana", create_room="Gallery")
    kiosk = kiosk_for(host)
    window = kiosk.window
    for key, modifier in ((Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)):
        qtbot.keyClick(window.attract, key, modifier)
        assert window.isVisible() and window.isFullScreen()
    window.close()  # the window manager's close button
    assert window.isVisible() and window.unlock.isVisible()
    qtbot.keyClicks(window.unlock.field, "1234")
    qtbot.keyClick(window.unlock.field, Qt.Key.Key_Return)
    assert not window.unlock.unlocked and window.unlock.quit.isHidden() and window.isVisible()
    qtbot.keyClicks(window.unlock.field, "4321")
    qtbot.keyClick(window.unlock.field, Qt.Key.Key_Return)
    assert window.unlock.unlocked
    qtbot.mouseClick(window.unlock.quit, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_a_visitor_joins_rates_and_leaves_and_their_rating_stays(qtbot, room: Room, kiosk_for) -> None:
    host = room.person("Hana", create_room="Gallery")
    kiosk = kiosk_for(host)
    window = kiosk.window
    qtbot.mouseClick(window.attract.button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.welcome and window.welcome.name.text()  # a suggested name
    window.welcome.name.setText("Lacie P.")
    qtbot.mouseClick(window.welcome.take_seat, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.seat_page and window.visitor is not None
    visitor = window.visitor
    seated = window._seated_window
    hana = host.identity.public_hex
    qtbot.waitUntil(lambda: seated.snapshot is not None and hana in seated.people.rows, timeout=TIMEOUT)
    visitor.bridge.rate(hana, 2)
    me = seated.snapshot.me
    qtbot.waitUntil(lambda: host.snapshot().scores.raters(hana).get(me) == 2, timeout=TIMEOUT)
    assert host.snapshot().person(me).name == "Lacie P." and host.snapshot().person(me).avatar  # a face, generated
    qtbot.mouseClick(window.done, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.attract and window.visitor is None
    assert visitor.bridge.node is not None and visitor.ended
    qtbot.waitUntil(lambda: not host.snapshot().person(me).online, timeout=TIMEOUT)
    assert host.snapshot().scores.raters(hana).get(me) == 2  # gone, and still counted
    assert (visitor.config.data_dir / "identity.key").exists()  # their folder stays


def test_an_idle_kiosk_goes_back_to_the_attract_screen(qtbot, room: Room, kiosk_for) -> None:
    host = room.person("Hana", create_room="Gallery")
    kiosk = kiosk_for(host, idle_seconds=1.0)
    window = kiosk.window
    qtbot.mouseClick(window.attract.button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.welcome.take_seat, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.seat_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.attract, timeout=5_000)
    assert window.visitor is None


def test_the_kiosk_code_is_kept_hashed(tmp_path: Path) -> None:
    code, made = settle(tmp_path, None)
    assert made is not None and code.matches(made) and not code.matches("nope")
    assert made not in (tmp_path / "kiosk.json").read_text()
    again, made_again = settle(tmp_path, None)
    assert made_again is None and again.matches(made)
    given, _ = settle(tmp_path, "open sesame")
    assert given.matches("open sesame") and not given.matches(made)
