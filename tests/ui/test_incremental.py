"""The window takes in only what changed, and shows exactly what a window built from scratch shows.

A real room (real nodes on an engine thread) gives real snapshots; the windows under test are never
started (no engine of their own), so each sees only the snapshots the test hands it.
"""
from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from nosedive.room.snapshot import FeedItem, RoomSnapshot
from nosedive.ui.bridge import EngineProcess, NodeBridge
from nosedive.ui.engine_wire import AvatarCache, AvatarSender, SnapshotCoder, SnapshotReader, dumps
from nosedive.ui.main_window import MainWindow
from nosedive.ui.views.feed import FEED_ROWS
from nosedive.ui.views.people import PersonRow

from .conftest import Room

TIMEOUT = 20_000
UI = Path(__file__).parents[2] / "ui"


@pytest.fixture()
def snap(qtbot, room: Room) -> RoomSnapshot:
    """A settled snapshot of a room of five: names, ratings, a friendship."""
    host = room.person("Hana", create_room="Pelican Cove")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=TIMEOUT)
    me = window.snapshot.me
    others = [room.person(name, room=host.room_id, peers=(("127.0.0.1", host.port),)) for name in ("Ben", "Ola", "Sam")]

    async def mingle() -> None:
        for index, node in enumerate([host, *others]):
            await node.rate(me, 1 + index)
        await others[0].befriend(me, True)
    room.run(mingle())
    qtbot.waitUntil(lambda: (s := room.bridge.latest) is not None and len(s.people) == 5
                    and all(p.name != p.fingerprint for p in s.people)
                    and sum(1 for item in s.feed if item.type == "rate") == 4, timeout=TIMEOUT)
    latest = room.bridge.latest
    assert latest is not None
    return latest


def fresh_window(qtbot) -> MainWindow:
    window = MainWindow(NodeBridge(EngineProcess()))  # never started: it sees what the test shows it
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def settled(qtbot, window: MainWindow) -> None:
    people = window.people
    qtbot.waitUntil(lambda: not people._pending and people._placed == people._order, timeout=TIMEOUT)


def shown(window: MainWindow) -> list[tuple[str, ...]]:
    """What People shows, row by row from the top: every label's and button's text."""
    return [(row.key, *(label.text() for label in row.findChildren(QLabel)),
             *(button.text() for button in row.findChildren(QPushButton) if not button.isHidden()))
            for row in window.people.visible_rows()]


def test_one_changed_person_refreshes_that_row_only_and_reads_as_a_full_build(qtbot, snap, monkeypatch) -> None:
    window = fresh_window(qtbot)
    window.show_snapshot(snap)
    settled(qtbot, window)
    refreshed: list[str] = []
    update = PersonRow.update_person

    def spy(row: PersonRow, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        refreshed.append(row.key)
        update(row, *args, **kwargs)
    monkeypatch.setattr(PersonRow, "update_person", spy)
    window.show_snapshot(replace(snap))  # the same again: nothing to do
    settled(qtbot, window)
    assert refreshed == []
    target = next(p for p in snap.people if p.name == "Ola")
    changed = replace(snap, people=tuple(replace(p, name="Olabisi", label="Olabisi", online=False)
                                         if p.key == target.key else p for p in snap.people))
    window.show_snapshot(changed)
    settled(qtbot, window)
    assert refreshed == [target.key]
    monkeypatch.setattr(PersonRow, "update_person", update)
    whole = fresh_window(qtbot)  # a window that only ever saw the changed snapshot
    whole.show_snapshot(changed)
    settled(qtbot, whole)
    assert shown(window) == shown(whole) and any("Olabisi" in text for text in shown(window)[-1])
    assert window.people.title.text() == whole.people.title.text()  # (a feed line keeps the name it was said with)


class Disturbed(QObject):
    """Counts the moves, resizes and paints of some widgets (and their children)."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.events: list[tuple[str, str]] = []
        for widget in widgets:
            for each in (widget, *widget.findChildren(QWidget)):
                each.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Paint):
            self.events.append((type(watched).__name__, event.type().name))
        return False


def test_a_row_added_at_the_bottom_leaves_the_rows_above_unmoved_and_unpainted(qtbot, snap) -> None:
    """A cold join adds rows one at a time under the ones on screen: those neither move nor repaint (the list
    was laid out in its old height first, squeezing every row, then grown: every row on screen repainted whole)."""
    gone = next(p for p in snap.people if not p.is_me)
    crowd = tuple(replace(gone, key=f"{index:064x}", name=f"Left {index:02}", label=f"Left {index:02}", online=False,
                          is_me=False, is_facilitator=False) for index in range(1, 21))  # more than the view holds
    window = fresh_window(qtbot)
    window.show_snapshot(replace(snap, people=snap.people + crowd))
    settled(qtbot, window)
    top = window.people.visible_rows()[:3]
    assert window.people.inner.height() > window.people.list_area.viewport().height()
    watch = Disturbed(top)
    last = replace(crowd[0], key=f"{99:064x}", name="Left 99", label="Left 99")
    window.show_snapshot(replace(snap, people=snap.people + crowd + (last,)))
    settled(qtbot, window)
    qtbot.waitUntil(lambda: window.people.visible_rows()[-1].key == last.key, timeout=TIMEOUT)
    QApplication.processEvents()  # the paints the new row asked for
    assert watch.events == []


def test_a_catch_up_draws_only_the_newest_lines_and_a_hidden_feed_draws_when_shown(qtbot, snap) -> None:
    me, rater = snap.me, next(p.key for p in snap.people if p.name == "Ben")
    lines = tuple(FeedItem(id=f"x{index:04}", ts=1_700_000_000_000 + index * 1000, author=rater, type="rate",
                           subject=me, stars=1 + index % 5) for index in range(3 * FEED_ROWS))
    big = replace(snap, feed=snap.feed + lines)
    window = fresh_window(qtbot)  # Drag is the tab on screen: the feed is hidden
    window.show_snapshot(big)
    assert window.feed.list.count() == 0  # nothing drawn while nobody can see it
    seen = fresh_window(qtbot)
    seen.tabs.setCurrentWidget(seen.feed)
    seen.show_snapshot(big)
    assert seen.feed.list.count() == FEED_ROWS
    window.tabs.setCurrentWidget(window.feed)
    assert window.feed.list.count() == FEED_ROWS and window.feed.texts() == seen.feed.texts()
    assert window.feed.texts()[0].endswith("rated you ★★★★★")  # the newest on top (the last: 1 + 359 % 5 stars)
    window.feed.add_note("A door opened.")  # the window's own lines still go on top, at once
    assert window.feed.texts()[0].endswith("A door opened.")


def test_what_the_window_holds_crosses_as_a_number_and_comes_back_the_same(snap) -> None:
    sender, coder, reader, cache = AvatarSender(), SnapshotCoder(), SnapshotReader(), AvatarCache()

    def cross(sent: RoomSnapshot) -> tuple[RoomSnapshot, int]:
        stripped, pictures = sender.strip(sent)
        blob = coder.encode(stripped)
        return cache.restore(reader.decode(blob), pictures), len(dumps(("snapshot", blob, pictures)))

    first, size = cross(snap)
    assert first.people == snap.people and first.feed == snap.feed and first.drag == snap.drag
    assert first.scores.hash() == snap.scores.hash() and first.scores.people == snap.scores.people
    assert [first.scores.labels(p.key) for p in snap.people] == [snap.scores.labels(p.key) for p in snap.people]
    assert first.scores.influencer == snap.scores.influencer and not first.scores.model.inn  # no working model
    target = snap.people[-1]
    changed = replace(snap, people=tuple(replace(p, online=not p.online) if p is target else p for p in snap.people))
    second, smaller = cross(changed)
    assert second.people == changed.people and smaller < size
    assert [a is b for a, b in zip(first.people, second.people, strict=True)] == [p is not target for p in snap.people]
    assert all(a is b for a, b in zip(first.feed, second.feed, strict=True)) and second.scores is first.scores


def test_the_window_never_asks_a_table_for_what_only_the_engine_holds() -> None:
    """The table crosses without the engine's working model: raters, friends and the model stay there."""
    asked = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("raters", "model") and not (
                    isinstance(node.value, ast.Name) and node.value.id == "self"):
                asked.append(f"{path.relative_to(UI)}:{node.lineno} .{node.attr}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "friends"
                    and node.args):
                asked.append(f"{path.relative_to(UI)}:{node.lineno} .friends(…)")
    assert asked == []
