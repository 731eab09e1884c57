"""A rating with a note, typed in the note panel of a People row (right-click or N on the stars),
reaches the ledger of another node and the feed."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from nosedive.core.messages import MAX_NOTE_CHARS
from nosedive.ui.main_window import MainWindow

from .conftest import Room
from .test_flows import TIMEOUT, click_star


def test_a_note_typed_with_the_stars_reaches_the_other_ledger_and_the_feed(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Notes")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    hana = host.identity.public_hex
    qtbot.waitUntil(lambda: hana in window.people.rows and window.people.rows[hana].stars.isEnabled(),
                    timeout=TIMEOUT)
    row = window.people.rows[hana]
    at = QPoint(5, 5)  # a right-click on the stars
    QApplication.sendEvent(row.stars, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, row.stars.mapToGlobal(at)))
    popover = row.note_popover
    assert popover is not None and not popover.isHidden()
    assert popover.note.maxLength() == MAX_NOTE_CHARS
    qtbot.keyClicks(popover.note, "great  talk on   bees")
    assert popover.left.text() == f"{MAX_NOTE_CHARS - len('great  talk on   bees')} characters left"
    click_star(qtbot, popover.stars, 4)
    assert popover.isHidden()

    def hana_holds_it() -> bool:
        snap = host.snapshot()
        return snap is not None and any(item.type == "rate" and item.subject == hana and item.stars == 4
                                        and item.note == "great talk on bees" for item in snap.feed)
    qtbot.waitUntil(hana_holds_it, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: any("You rated Hana ★★★★" in text and "great talk on bees" in text
                                for text in window.feed.texts()), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: row.stars.chosen() == 4, timeout=TIMEOUT)  # the row shows what I gave, as after the
    # quick stars (rows are refreshed a turn after the snapshot the feed already shows)


def test_the_quick_stars_still_rate_in_one_click_without_a_note(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Quick")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    hana = host.identity.public_hex
    qtbot.waitUntil(lambda: hana in window.people.rows, timeout=TIMEOUT)
    sent: list[tuple[str, int, str]] = []
    window.people.rate.connect(lambda key, stars, note: sent.append((key, stars, note)))
    click_star(qtbot, window.people.rows[hana].stars, 2)
    assert sent == [(hana, 2, "")]
    assert window.people.rows[hana].note_popover is None


def test_n_on_the_stars_opens_the_note_and_escape_closes_it(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Keys")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    hana = host.identity.public_hex
    qtbot.waitUntil(lambda: hana in window.people.rows and window.people.rows[hana].stars.isEnabled(),
                    timeout=TIMEOUT)
    row = window.people.rows[hana]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    row.stars.setFocus()
    qtbot.keyClick(row.stars, Qt.Key.Key_N)
    popover = row.note_popover
    assert popover is not None and popover.isVisible() and popover.note.hasFocus()
    qtbot.keyClicks(popover.note, "x" * (MAX_NOTE_CHARS + 20))
    assert len(popover.note.text()) == MAX_NOTE_CHARS and popover.left.text() == "0 characters left"
    qtbot.keyClick(popover.note, Qt.Key.Key_Escape)
    assert popover.isHidden()
