"""What changes for me is felt, and the list holds still under my hand — real nodes, real widgets."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nosedive.ui import theme
from nosedive.ui.main_window import MainWindow

from .conftest import Room
from .test_flows import _me_with_a_low_friend

TIMEOUT = 20_000


def test_a_door_closing_and_opening_is_a_toast_and_a_feed_line(qtbot, room: Room) -> None:
    window, me, lou = _me_with_a_low_friend(qtbot, room)
    window.show()
    qtbot.mouseClick(window.people.rows[lou].friend_button, Qt.MouseButton.LeftButton)  # befriend Lou
    said = "Bank loan is locked by your friends: without them it would be open"
    qtbot.waitUntil(lambda: window.toast.isVisible() and said in window.toast.text.text(), timeout=TIMEOUT)
    assert any(said in line for line in window.feed.texts())
    assert window.toast.property("kind") == "bad"
    qtbot.waitUntil(lambda: window.people.rows[lou].friend_button.isChecked(), timeout=TIMEOUT)  # as shown
    qtbot.mouseClick(window.people.rows[lou].friend_button, Qt.MouseButton.LeftButton)  # and drop Lou again
    qtbot.waitUntil(lambda: "Bank loan is open to you now" in window.toast.text.text(), timeout=TIMEOUT)
    assert window.toast.property("kind") == "good"
    assert any("Bank loan is open to you now" in line for line in window.feed.texts())


def test_falling_into_the_underclass_greys_the_window_and_rising_out_restores_it(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Judged")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=TIMEOUT)
    me = window.snapshot.me
    raters = [room.person(f"R{i}", room=host.room_id, peers=(("127.0.0.1", host.port),)) for i in range(6)]
    citizen = theme.PALETTE["background"]
    assert not window.underclass and citizen in window.styleSheet()

    async def rate_me(stars: int) -> None:
        for rater in raters:
            await rater.rate(me, stars)
    room.run(rate_me(1))
    # and every view has this snapshot (they take it a few a turn: ui/staged.py)
    qtbot.waitUntil(lambda: window.underclass and not window.stages.pending, timeout=TIMEOUT)
    assert window.snapshot.scores.grade(me) == "Underclass"
    assert theme.UNDERCLASS["background"] in window.styleSheet() and citizen not in window.styleSheet()
    assert window.notices.lowest.isVisible()
    assert "watched, avoided, refused service" in window.notices.lowest.text.text()
    assert any("You fell into Underclass" in line for line in window.feed.texts())

    room.run(rate_me(5))
    qtbot.waitUntil(lambda: not window.underclass and not window.stages.pending, timeout=TIMEOUT)
    assert citizen in window.styleSheet() and not window.notices.lowest.isVisible()
    assert any("You rose out of the lowest grade" in line for line in window.feed.texts())


def test_rating_holds_the_row_still_while_focused_tab_follows_the_screen_and_ctrl_l_works(
        qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Still")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    ann, zed = (room.person(name, room=host.room_id, peers=(("127.0.0.1", host.port),)) for name in ("Ann", "Zed"))
    keys = [node.identity.public_hex for node in (host, ann, zed)]
    people = window.people
    def settled() -> bool:
        placed = people._placed
        return (len(placed) == 4 and placed == people._order and not people._timer.isActive()
                and placed.index(keys[1]) < placed.index(keys[2]))  # Ann before Zed: equal scores, by name
    qtbot.waitUntil(settled, timeout=TIMEOUT)
    zed_row = people.rows[keys[2]]
    before = people.list.indexOf(zed_row)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    zed_row.stars.setFocus()
    assert zed_row.stars.hasFocus()
    qtbot.keyClick(zed_row.stars, Qt.Key.Key_5)  # Zed rises above Ann and Hana…
    qtbot.waitUntil(lambda: people._order.index(keys[2]) < people._order.index(keys[1]), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not people._timer.isActive(), timeout=TIMEOUT)
    assert people.list.indexOf(zed_row) == before  # …but his row stays under my hand

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # the focus leaves for the field
    assert window.status.peer_field.hasFocus() and window.status.peer_field.isVisible()
    qtbot.waitUntil(lambda: people.list.indexOf(zed_row) < before, timeout=TIMEOUT)  # now it moves
    qtbot.waitUntil(lambda: window.snapshot.version > 0 and window.status.warning.isVisible(), timeout=TIMEOUT)

    rows = [row for row in people.visible_rows() if not row.key == window.snapshot.me]
    rows[0].stars.setFocus()
    qtbot.keyClick(rows[0].stars, Qt.Key.Key_Tab)
    assert rows[0].friend_button.hasFocus()
    qtbot.keyClick(rows[0].friend_button, Qt.Key.Key_Tab)
    assert rows[1].stars.hasFocus()  # the next row down, as on screen


def test_who_left_fades_and_can_be_hidden_and_a_rename_is_said(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Leaving")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: room.bridge.node is not None, timeout=TIMEOUT)
    app_port = room.bridge.node.port  # Lou talks to me directly: "here" is a live session to them
    lou = room.person("Lou", room=host.room_id, peers=(("127.0.0.1", host.port), ("127.0.0.1", app_port)))
    key = lou.identity.public_hex
    people = window.people
    qtbot.waitUntil(lambda: key in people.rows and window.snapshot.person(key) is not None
                    and window.snapshot.person(key).online, timeout=TIMEOUT)
    assert people.title is not None and "3 HERE" in people.title.text()
    room.run(lou.set_profile("Louise"))
    qtbot.waitUntil(lambda: any("Lou is now called Louise" in line for line in window.feed.texts()),
                    timeout=TIMEOUT)
    assert not any("Louise joined the room" in line for line in window.feed.texts())

    room.run(lou.stop())
    room.others.remove(lou)
    row = people.rows[key]
    qtbot.waitUntil(lambda: row.is_away(), timeout=TIMEOUT)
    assert "left" in row.detail.text() and "2 HERE · 1 LEFT" in people.title.text()
    assert people.visible_rows()[-1] is row  # who left sorts last
    people.hide_away.click()
    assert row.isHidden() and row not in people.visible_rows()
    people.hide_away.click()
    assert not row.isHidden()
