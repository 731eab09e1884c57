"""The app in zh_CN: every view of the real window, with real nodes, shows no English string.

A string is English when, after taking out what the room itself wrote (names, the policy's door,
grade and rule texts, which are the room's own words and signed as such), it still has a word of
ASCII letters. Numbers, stars, addresses and a few technical words are not words to translate.
"""
from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabWidget,
    QWidget,
)

from nosedive.core import assets, i18n
from nosedive.core.kiosk_code import KioskCode
from nosedive.core.policy import load_preset, parse_policy, preset_names
from nosedive.room.wall import WallBoard, WallBoards
from nosedive.ui import language
from nosedive.ui.bridge import EngineThread, NodeBridge
from nosedive.ui.kiosk.attract import AttractView
from nosedive.ui.kiosk.unlock import UnlockPanel
from nosedive.ui.kiosk.welcome import WelcomeView
from nosedive.ui.main_window import MainWindow
from nosedive.ui.onboarding import OnboardingDialog
from nosedive.ui.views.console import FacilitatorConsole
from nosedive.ui.views.facilitation import Facilitation
from nosedive.ui.wall.app import Wall, wall_config

from .conftest import Room
from .society import society_snapshot, society_words

TIMEOUT = 20_000
WORD = re.compile(r"[A-Za-z]{2,}")
NOT_WORDS = {"nosedive", "MiB", "PNG", "JPEG", "png", "jpg", "jpeg", "Ctrl", "Shift", "F11"}


@pytest.fixture()
def chinese(qapp: QApplication) -> Iterator[None]:
    """zh_CN for the engine and the window, and English again afterwards (other tests compare English)."""
    translator = language.Catalogue("zh_CN")
    assert translator.loaded()
    QCoreApplication.installTranslator(translator)
    i18n.use("zh_CN")
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(translator)
        i18n.use("en")


def room_words() -> set[str]:
    """What rooms write themselves: every preset's titles, doors, grades and labels."""
    words: set[str] = set()
    for name in preset_names():
        policy = parse_policy(load_preset(name))
        words |= {policy.title, policy.description, policy.influencer_label, name}
        for tier in (*policy.tiers, *policy.grades):
            words |= {tier.name, tier.description}
    return {word for word in words if word}


def texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person can read in *widget* and its children, shown or not."""
    for child in [widget, *widget.findChildren(QWidget)]:
        where = type(child).__name__
        if isinstance(child, QLabel):
            yield where, child.text()
        elif isinstance(child, QAbstractButton):
            yield where, child.text()
        elif isinstance(child, QLineEdit):
            yield where, child.placeholderText()
        elif isinstance(child, QGroupBox):
            yield where, child.title()
        if isinstance(child, QTabWidget):
            yield from ((where, child.tabText(i)) for i in range(child.count()))
        if isinstance(child, QComboBox):
            yield from ((where, child.itemText(i)) for i in range(child.count()))
        if child.isWindow():
            yield where, child.windowTitle()
        yield where + ".toolTip", child.toolTip()
        for action in child.actions():
            yield where + ".action", action.text()
    if isinstance(widget, QMainWindow):
        for menu_action in widget.menuBar().actions():
            yield "menu", menu_action.text()
            if menu_action.menu() is not None:
                yield from (("menu", action.text()) for action in menu_action.menu().actions())


def english(found: Iterator[tuple[str, str]], data: set[str]) -> list[tuple[str, str]]:
    left = []
    for where, text in found:
        plain = re.sub(r"<[^>]+>", " ", text)  # rich text's tags are not words
        for word in sorted(data, key=len, reverse=True):
            plain = plain.replace(word, " ")
        if any(word not in NOT_WORDS for word in WORD.findall(plain)):
            left.append((where, text))
    return left


def test_every_view_speaks_chinese(qtbot, room: Room, chinese: None, tmp_path: Path) -> None:
    host = room.person("Hana", create_room="Class 5B")
    others = [room.person(name, room=host.room_id, peers=(("127.0.0.1", host.port),)) for name in ("Ben", "Lou")]
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    facilitation = Facilitation(window, room.bridge)
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None and len(window.people.rows) >= 3, timeout=TIMEOUT)
    me = window.snapshot.me

    async def happenings() -> None:
        await host.rate(me, 5)
        await others[0].rate(me, 1)
        await others[1].befriend(me, True)
        await host.start_round(10)
        await host.announce("Welcome")
    room.run(happenings())
    qtbot.waitUntil(lambda: window.snapshot.round.state == "running" and bool(window.snapshot.announcements)
                    and len(window.snapshot.scores.raters(me)) == 2, timeout=TIMEOUT)  # a bool: () is no answer
    window.resize(1280, 800)
    window.show()
    data = room_words() | {"Hana", "Ben", "Lou", "Mia", "Class 5B", "Welcome"}
    # join codes are words of one fixed list, part of the protocol: the same in every language
    data |= {window.snapshot.join_code, "7-guitar-harbor"}

    seen = list(texts(window))
    console = FacilitatorConsole()  # Mia is no facilitator: the console as Hana would see it, on Mia's snapshot
    qtbot.addWidget(console)
    console.show_snapshot(window.snapshot)
    seen += texts(console)
    debrief = facilitation.open_debrief()
    qtbot.addWidget(debrief)
    qtbot.waitUntil(lambda: facilitation.debrief is not None and any(
        "Hana" in text for _, text in texts(debrief)), timeout=TIMEOUT)
    seen += texts(debrief)
    debrief.show_page(3)  # the same session under other rules: the page, its sides and the engine's sentences
    debrief.whatif.toggles["drag"].click()
    qtbot.waitUntil(lambda: debrief.whatif.result is not None, timeout=TIMEOUT)
    seen += texts(debrief)
    assert any(text.startswith("本场活动：") for _, text in texts(debrief))
    dialog = OnboardingDialog("ab" * 32, window)
    qtbot.addWidget(dialog)
    seen += texts(dialog)

    async def wall_board() -> WallBoard:  # made as the wall makes it: on the node's thread, from Hana's view
        snapshot = host.snapshot()
        assert snapshot is not None
        return WallBoards().board(snapshot)
    qtbot.waitUntil(lambda: any(entry.label == "Mia" for entry in room.run(wall_board()).shame), timeout=TIMEOUT)
    seen += wall_and_kiosk(qtbot, room.run(wall_board()), tmp_path)

    assert len(seen) > 200  # the walk really found the views' text
    assert any("信用分" in text for _, text in seen)
    left = english(iter(seen), data)
    assert left == [], "English left in the zh_CN window:\n" + "\n".join(f"{where}: {text!r}" for where, text in left)


def test_the_society_views_speak_chinese(qtbot, chinese: None) -> None:
    """A joint-punishment room (agencies, a list's lock, groups, who pulls through which group) in zh_CN:
    a hand-built snapshot, since only the room's and the engine's words are in it besides the app's."""
    engine = EngineThread()  # never started: the window is only handed the snapshot
    window = MainWindow(NodeBridge(engine))
    qtbot.addWidget(window)
    snap = society_snapshot()
    window.show_snapshot(snap)
    window.resize(1280, 800)
    window.show()
    for card in window.agencies.cards:
        card.why.setChecked(True)
    seen = list(texts(window))
    engine.loop.close()
    assert window.tabs.indexOf(window.groups) >= 0 and any("被名单锁定" in text for _, text in seen)
    assert any("群组" in text for _, text in seen)
    left = english(iter(seen), society_words(snap) | room_words() | {snap.join_code, "7-guitar-harbor"})
    assert left == [], "English left in the zh_CN window:\n" + "\n".join(f"{where}: {text!r}" for where, text in left)


def wall_and_kiosk(qtbot, board: WallBoard, tmp_path: Path) -> list[tuple[str, str]]:
    """The public wall's board (every sentence it paints: why lines, ticker, doors, the round) and the kiosk's
    attract, new-visitor and unlock screens, showing the same room."""
    assert board.shame and board.ticker  # there is something to read on it
    wall = Wall(wall_config(tmp_path / "wall", code=None, room=None, peers=()))  # its node is never started
    try:
        qtbot.addWidget(wall.view)
        wall.view.show_board(board)
        wall.view.resize(1920, 1080)
        assert not wall.view.grab().isNull()
        seen = [("WallView", text) for text in wall.view.names_shown()] + [("WallView", wall.view.windowTitle())]
    finally:
        wall.stop()
    attract, welcome = AttractView(), WelcomeView()
    unlock = UnlockPanel(KioskCode.of("4321"), attract)
    for widget in (attract, welcome):
        qtbot.addWidget(widget)
    attract.show_board(board)
    assert not attract.grab().isNull()
    welcome.reset()
    seen += [*texts(attract), *texts(welcome), *texts(unlock)]
    assert ("WallView", "急转直下大屏") in seen and any("打了" in text for where, text in seen if where == "WallView")
    return seen


def test_the_qm_is_built_from_the_ts_and_nothing_is_unfinished(tmp_path: Path) -> None:
    ts = assets.read_text("translations/nosedive_zh_CN.ts")
    assert 'type="unfinished"' not in ts and "<translation></translation>" not in ts
    root = Path(__file__).resolve().parents[2]
    fresh = tmp_path / "fresh.ts"  # lupdate over today's ui/: a string nobody translated shows up unfinished
    sources = sorted(str(path) for path in (root / "ui").rglob("*.py"))
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "pyside6-lupdate"), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    ours = set(re.findall(r"<source>(.*?)</source>", ts, re.S))
    assert set(re.findall(r"<source>(.*?)</source>", fresh.read_text(encoding="utf-8"), re.S)) - ours == set()
    qm = tmp_path / "fresh.qm"
    subprocess.run([str(bin_dir / "pyside6-lrelease"), str(assets.resource("translations/nosedive_zh_CN.ts")),
                    "-qm", str(qm)], check=True, capture_output=True)
    assert qm.read_bytes() == assets.read_bytes("translations/nosedive_zh_CN.qm")


def test_a_cjk_font_is_installed_and_chosen(qapp: QApplication) -> None:
    family = language.cjk_family()
    assert family is not None, "no font with Chinese glyphs: apt install fonts-wqy-microhei (see the README)"
