"""The window at every size from a small laptop to a 4K projector, with real nodes and long names:
nothing a participant needs is cut off, and what must be cut says itself whole in a tooltip."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from nosedive.ui.main_window import MainWindow
from nosedive.ui.widgets.elided import ElidedLabel

from .conftest import Room

TIMEOUT = 20_000
SIZES = [(1024, 640), (1280, 800), (1920, 1080), (3840, 2160)]
NAMES = ["Chester Copperfield-Wainwright", "Maya Lirón de la Fuente", "张伟 Zhang Wei", "Ben", "Ben",
         "Dmitri", "Susan"]


def tooltip_text(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def problems(window: MainWindow) -> list[str]:
    """Everything cut off: a row's stars or Friend button outside the list, a label cut without a tooltip."""
    found = []
    viewport = window.people.list_area.viewport()
    me = window.snapshot.me if window.snapshot else ""
    for row in window.people.visible_rows():
        if row.key == me:
            continue
        for part in (row.stars, row.friend_button):
            box = QRect(part.mapTo(viewport, QPoint(0, 0)), part.size())
            if not part.isVisible() or box.left() < 0 or box.right() >= viewport.width():
                found.append(f"{row.name.text()}: {type(part).__name__} at {box} outside {viewport.width()}")
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        room = label.contentsRect()
        if isinstance(label, ElidedLabel):
            if label.is_elided() and tooltip_text(label.toolTip()) != label.text():
                found.append(f"{label.text()!r} cut to {label.shown()!r} without a tooltip")
        elif label.wordWrap():
            if label.heightForWidth(room.width()) > room.height() + 2:
                found.append(f"{label.text()!r} wraps to {label.heightForWidth(room.width())} in {room.height()}")
        elif label.fontMetrics().horizontalAdvance(label.text()) > room.width() + 1:
            found.append(f"{label.text()!r} cut: {label.fontMetrics().horizontalAdvance(label.text())} "
                         f"in {room.width()}")
    graph = window.drag.graph
    if graph.isVisible():
        for box, _full, shown in graph.painted_captions():
            if box.left() < 0 or box.right() > graph.width() + 0.5:
                found.append(f"drag caption {shown!r} crosses the panel's edge")
    return found


@pytest.fixture()
def busy_window(qtbot, room: Room) -> MainWindow:
    host = room.person("Hana Kowalczyk-Nakamura", create_room="Pelican Cove")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(room=host.room_id, name="Alexandra Bellweather", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=TIMEOUT)
    me = window.snapshot.me
    others = [room.person(f"{index}-{name}", room=host.room_id, peers=(("127.0.0.1", host.port),))
              for index, name in enumerate(NAMES)]  # a folder each, even for the two Bens

    async def mingle() -> None:
        for node, name in zip(others, NAMES, strict=True):
            await node.set_profile(name)
        for index, node in enumerate([host, *others]):
            await node.rate(me, 1 + index % 5)
            if index % 2:
                await node.befriend(me, True)  # "wants to be your friend"
    room.run(mingle())
    for node in others[:2]:  # "waiting for them to add you": the longest line under a name
        room.bridge.befriend(node.identity.public_hex, True)
    qtbot.waitUntil(lambda: len(window.people.visible_rows()) == len(NAMES) + 2
                    and sum(p.i_befriended for p in window.snapshot.people) == 2
                    and len(window.drag.graph.pulls()) >= 1, timeout=TIMEOUT)
    return window


def test_nothing_is_cut_off_at_any_size(qtbot, busy_window: MainWindow) -> None:
    window = busy_window
    for width, height in SIZES:
        window.resize(width, height)
        for tab in range(window.tabs.count()):  # each tab's labels and captions, on screen in turn
            window.tabs.setCurrentIndex(tab)
            qtbot.waitUntil(lambda w=width: window.width() == w and not problems(window), timeout=5000)
        assert (window.width(), window.height()) == (width, height)
        assert window.people.list_area.verticalScrollBar().isVisible() == (
            window.people.inner.height() > window.people.list_area.viewport().height())


def test_type_grows_with_the_window(qtbot, busy_window: MainWindow) -> None:
    window = busy_window
    sizes = []
    for width, height in SIZES:
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w, timeout=5000)
        row = window.people.visible_rows()[1]
        sizes.append((row.name.font().pixelSize(), row.stars.width()))
    assert sizes == sorted(sizes) and sizes[-1][0] >= 2 * sizes[1][0]  # a projector reads from the back
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024 and all(row.compact for row in window.people.visible_rows()[1:]),
                    timeout=5000)  # a small laptop: stars and Friend under the name
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not any(row.compact for row in window.people.visible_rows()[1:]), timeout=5000)
