"""Admission in the window, against real nodes: a waiting joiner's banner, the facilitator's Let in and Expel."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nosedive.ui.main_window import MainWindow

from .conftest import Room

TIMEOUT = 20_000


def test_a_waiting_joiner_sees_the_banner_and_cannot_rate_until_let_in(qtbot, room: Room) -> None:
    host = room.person("Hana")
    room_id = room.run(host.create_room("Class 5B", admission="admit"))
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(room=room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    hana = host.identity.public_hex
    qtbot.waitUntil(lambda: hana in window.people.rows and window.snapshot is not None
                    and window.snapshot.my_status == "waiting", timeout=TIMEOUT)
    assert window.banner.isVisible()
    assert window.banner.text.text() == "Waiting for the facilitator to let you in"
    row = window.people.rows[hana]
    qtbot.waitUntil(lambda: not row.stars.isEnabled(), timeout=TIMEOUT)
    assert not row.friend_button.isEnabled()
    assert "Waiting for the facilitator to let you in" in row.stars.toolTip()
    assert row.stars.toolTip().startswith("<p")  # escaped plain text, like every tooltip
    assert not any(button.isVisible() for button in window.people.admission._buttons[hana])  # not mine to press

    room.run(host.admit(window.snapshot.me))
    qtbot.waitUntil(lambda: window.snapshot.my_status == "member" and row.stars.isEnabled(), timeout=TIMEOUT)
    assert window.banner.isHidden() and row.friend_button.isEnabled() and row.stars.toolTip() == ""


def test_the_facilitator_lets_people_in_and_expels_after_confirming(qtbot, room: Room) -> None:
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(name="Hana")
    qtbot.waitUntil(lambda: room.bridge.node is not None, timeout=TIMEOUT)
    node = room.bridge.node
    room_id = room.run(node.create_room("Class 5B", admission="admit"))
    lou = room.person("Lou", room=room_id, peers=(("127.0.0.1", node.port),))
    key = lou.identity.public_hex
    qtbot.waitUntil(lambda: key in window.people.rows and window.snapshot is not None
                    and window.snapshot.person(key) is not None and window.snapshot.person(key).status == "waiting",
                    timeout=TIMEOUT)
    row = window.people.rows[key]
    qtbot.waitUntil(lambda: window.people.list.indexOf(row) == 0, timeout=TIMEOUT)  # who waits comes first
    let_in, expel = window.people.admission._buttons[key]
    qtbot.waitUntil(let_in.isVisible, timeout=TIMEOUT)
    assert let_in.text() == "Let in" and not expel.isVisible()
    assert not window.banner.isVisible()  # the facilitator is always in
    qtbot.mouseClick(let_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lou.snapshot() is not None and lou.snapshot().my_status == "member"
                    and expel.isVisible() and not let_in.isVisible(), timeout=TIMEOUT)

    asked: list[str] = []

    def decline(parent: QWidget, name: str) -> bool:
        asked.append(name)
        return False
    window.people.admission.confirm = decline
    qtbot.mouseClick(expel, Qt.MouseButton.LeftButton)
    assert asked == ["Lou"] and window.snapshot.person(key).status == "member"  # nothing sent without a yes

    window.people.admission.confirm = lambda parent, name: True
    qtbot.mouseClick(expel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.snapshot.person(key).status == "expelled" and not expel.isVisible(),
                    timeout=TIMEOUT)
    qtbot.waitUntil(lambda: lou.snapshot().my_status == "expelled", timeout=TIMEOUT)
    assert not node.admits(key)
