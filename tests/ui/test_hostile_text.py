"""Names, notes and room names are other people's text: every widget shows them literally.

A QLabel left at Qt.AutoText renders anything that looks like HTML: ``<img src=/dev/zero>`` read
that file until Qt ran out of memory, ``<img src=…>`` loads local files, ``width=9999`` stretches
the window (shared/notes/trust.md).
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from nosedive.room.snapshot import DiscoveredRoom
from nosedive.ui.main_window import MainWindow
from nosedive.ui.onboarding import OnboardingDialog
from nosedive.ui.views.common import plain_tooltip

from .conftest import Room

TIMEOUT = 20_000
UI = Path(__file__).resolve().parents[2] / "ui"


class OpenProbe:
    """A named pipe that notices being opened for reading: the way to see that nothing fetched it.

    A writer can open a pipe without blocking only while a reader has it open, so a watcher keeps
    trying; when it gets through it leaves a mark and closes at once, so the reader sees an empty
    file instead of hanging. The watcher is a process of its own: a reader stuck in Qt holds the GIL.
    """

    WATCH = """
import errno, os, sys, time
pipe, mark = sys.argv[1:]
while True:
    try:
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    except OSError as exc:
        if exc.errno != errno.ENXIO:  # ENXIO: no reader, as it should be
            raise
        time.sleep(0.005)
        continue
    open(mark, "w").close()
"""

    def __init__(self, folder: Path) -> None:
        self.path, self.mark = folder / "p", folder / "opened"
        os.mkfifo(self.path)
        self._watcher = subprocess.Popen([sys.executable, "-c", self.WATCH, str(self.path), str(self.mark)])

    def opened(self) -> bool:
        return self.mark.exists()

    def stop(self) -> None:
        self._watcher.kill()
        self._watcher.wait(10)


@pytest.fixture()
def probe() -> Iterator[OpenProbe]:
    folder = Path(tempfile.mkdtemp(prefix="nd", dir="/tmp"))  # short: names are at most 40 characters
    opened = OpenProbe(folder)
    yield opened
    opened.stop()
    shutil.rmtree(folder)


def labels(widget: QWidget) -> list[QLabel]:
    return widget.findChildren(QLabel)


def test_hostile_names_and_notes_are_shown_literally(qtbot, room: Room, probe: OpenProbe) -> None:
    names = ["<img src=/dev/zero>", "<b>bold</b>", "<a href=x>link</a>", f"<img src={probe.path} width=9999>"]
    note = "<img src=/etc/passwd>"
    assert all(len(name) <= 40 for name in names)
    host = room.person(names[1], create_room="<i>Room</i> <img src=/dev/zero>")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=TIMEOUT)
    me = window.snapshot.me
    others = [host] + [room.person(name, room=host.room_id, peers=(("127.0.0.1", host.port),))
                       for name in names if name != names[1]]
    keys = {node.identity.public_hex: node.config.name for node in others}
    for node in others[:-1]:
        room.run(node.rate(me, 4))
    qtbot.waitUntil(lambda: sum("rated you" in text for text in window.feed.texts()) == 3, timeout=TIMEOUT)
    room.run(others[-1].rate(me, 2, note))  # last, so that its toast is the one on screen

    def shown() -> bool:
        rows = window.people.rows
        return (all(key in rows and rows[key].name.text() == name for key, name in keys.items())
                and window.toast.isVisible() and note in window.toast.text.text()
                and any(note in text for text in window.feed.texts()))
    qtbot.waitUntil(shown, timeout=TIMEOUT)

    assert window.status.room.text().endswith("<i>Room</i> <img src=/dev/zero>")
    image = window.grab().toImage()  # lays out and paints every label
    assert not image.isNull() and (image.width(), image.height()) == (1280, 800)
    assert window.minimumSizeHint().width() < 1280  # width=9999 stretched nothing
    for widget in labels(window):
        assert widget.textFormat() == Qt.TextFormat.PlainText, widget.text()
    assert not probe.opened()  # no label tried to load the picture named in a display name


def test_room_names_in_onboarding_are_shown_literally(qtbot, probe: OpenProbe) -> None:
    dialog = OnboardingDialog("ab" * 32)
    qtbot.addWidget(dialog)
    hostile = f"<img src={probe.path} width=9999>"
    dialog.show_rooms((DiscoveredRoom(hostile, 7),))
    dialog.show()
    assert dialog.rooms.item(0).text().startswith(hostile)
    assert not dialog.grab().toImage().isNull()
    assert all(widget.textFormat() == Qt.TextFormat.PlainText for widget in labels(dialog))
    assert not probe.opened()


@pytest.mark.parametrize("text", ["<img src=/dev/zero>", "<b>bold</b> & <a href=x>link</a>", "a\nb  c", "plain"])
def test_tooltips_show_their_text_literally(qtbot, text: str) -> None:
    document = QTextDocument()
    document.setHtml(plain_tooltip(text))
    assert document.toPlainText() == text
    assert plain_tooltip("") == ""


def _python_files() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_every_label_is_plain_text() -> None:
    """Statically: each QLabel( is made in a function that sets it to plain text (the helper)."""
    makers = []
    for path in _python_files():
        tree = ast.parse(path.read_text(), str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
            creates = [c for c in calls if isinstance(c.func, ast.Name | ast.Attribute)
                       and (getattr(c.func, "id", None) or getattr(c.func, "attr", None)) == "QLabel"]
            plain = any(isinstance(c.func, ast.Attribute) and c.func.attr == "setTextFormat"
                        and "PlainText" in ast.unparse(c.args[0]) for c in calls if c.args)
            if creates:
                makers.append(f"{path.relative_to(UI)}:{function.name}")
                assert plain, f"{path}:{creates[0].lineno}: QLabel( without setTextFormat(PlainText); use plain_label"
    assert makers == ["views/common.py:plain_label"]  # the one helper everything goes through
    for path in _python_files():  # and nothing asks for rich text anywhere
        tree = ast.parse(path.read_text(), str(path))
        assert not [node.lineno for node in ast.walk(tree)
                    if isinstance(node, ast.Attribute) and node.attr in ("RichText", "AutoText", "MarkdownText")], path


def test_every_tooltip_is_escaped_or_our_own_words() -> None:
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setToolTip":
                argument = node.args[0]
                assert isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name) \
                    and argument.func.id in ("tr", "plain_tooltip"), f"{path}:{node.lineno}"
