"""Two people called Ben, one of them the facilitator: the app tells them apart, with real nodes."""
from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nosedive.core import keys
from nosedive.ui.main_window import MainWindow

from .conftest import Room

TIMEOUT = 20_000


def test_two_bens_get_distinct_labels_and_the_facilitator_is_marked(qtbot: QtBot, room: Room) -> None:
    boss = room.person("Ben", create_room="Class 5B")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    room.start_app(room=boss.room_id, name="Mia", peers=(("127.0.0.1", boss.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=TIMEOUT)
    me = window.snapshot.me
    other = room.person("ben", room=boss.room_id, peers=(("127.0.0.1", boss.port),))
    boss_key, other_key = boss.identity.public_hex, other.identity.public_hex
    boss_label = f"Ben · {keys.fingerprint(boss_key)[:4]}"
    other_label = f"ben · {keys.fingerprint(other_key)[:4]}"
    # Both Bens known before anyone rates: the feed is a log, each line written with the names known
    # when it came (a rating that beat the second Ben's profile would read "Ben rated you").
    qtbot.waitUntil(lambda: {boss_key, other_key} <= {p.key for p in window.snapshot.people}, timeout=TIMEOUT)
    room.run(boss.rate(me, 4))
    room.run(other.rate(me, 2))
    room.run(other.befriend(me, True))

    def shown() -> bool:
        rows = window.people.rows
        return (boss_key in rows and other_key in rows and rows[boss_key].name.text() == boss_label
                and rows[other_key].name.text() == other_label
                and sum("rated you" in text for text in window.feed.texts()) == 2)
    qtbot.waitUntil(shown, timeout=TIMEOUT)

    rows = window.people.rows
    assert rows[boss_key].badge.isVisibleTo(window) and rows[boss_key].badge.text() == "facilitator"
    assert not rows[other_key].badge.isVisibleTo(window) and not rows[me].badge.isVisibleTo(window)
    assert rows[boss_key].badge.textFormat() == Qt.TextFormat.PlainText
    assert "facilitator" in rows[boss_key].friend_button.accessibleName()
    assert rows[me].name.text() == "Mia (you)"  # a name nobody shares is shown as it is

    lines = dict(zip(window.feed.texts(), window.feed.marks(), strict=True))
    boss_line = next(text for text in lines if f"{boss_label} rated you ★★★★☆" in text)
    other_line = next(text for text in lines if f"{other_label} rated you ★★☆☆☆" in text)
    assert lines[boss_line] == f"{boss_label} is the facilitator" and lines[other_line] == ""
    assert not window.me.badge.isVisibleTo(window)

    qtbot.mouseClick(rows[other_key].friend_button, Qt.MouseButton.LeftButton)  # accept the other Ben
    qtbot.waitUntil(lambda: [pull.key for pull in window.drag.graph.pulls()] == [other_key], timeout=TIMEOUT)
    assert window.drag.graph.captions() == ("Mia", other_label)
    assert any(text.startswith(other_label) for text in window.drag.texts)


def test_when_i_facilitate_my_header_says_so(qtbot: QtBot, room: Room) -> None:
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(create_room="Class 5B", name="Ben")
    qtbot.waitUntil(lambda: window.snapshot is not None and window.me.name.text() == "Ben", timeout=TIMEOUT)
    assert window.me.badge.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.snapshot.me in window.people.rows  # a new row is shown a turn later
                    and window.people.rows[window.snapshot.me].badge.isVisibleTo(window), timeout=TIMEOUT)
    assert window.people.rows[window.snapshot.me].name.text() == "Ben (you)"
