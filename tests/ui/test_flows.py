"""The app's flows, driven through the real widgets against real nodes on loopback."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from nosedive.room.snapshot import DiscoveredRoom
from nosedive.ui.app import complete_onboarding
from nosedive.ui.main_window import MainWindow
from nosedive.ui.onboarding import OnboardingDialog

from .conftest import Room

TIMEOUT = 20_000


def click_star(qtbot, stars_widget, stars: int) -> None:
    x = 2 + (stars - 1) * (stars_widget._size + 8) + stars_widget._size // 2
    qtbot.mouseClick(stars_widget, Qt.MouseButton.LeftButton, pos=QPoint(x, stars_widget.height() // 2))


def test_onboarding_join_rate_and_see_it(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Class 5B")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    dialog = OnboardingDialog("ab" * 32, window)
    qtbot.addWidget(dialog)
    room.bridge.connect_to(room.bridge.rooms, dialog.show_rooms)
    room.start_app(peers=(("127.0.0.1", host.port),))  # a first run: no room yet
    code = room.code(host)
    plate = int(code.split("-")[0])
    dialog.show_rooms((DiscoveredRoom("Class 5B", plate, ("10.0.0.2:4000",)),))  # as mDNS would tell it
    assert dialog.rooms.item(0).text() == f"Class 5B — code {plate}-…"
    dialog.rooms.setCurrentRow(0)
    assert dialog.code.text() == f"{plate}-"  # the number the LAN told; the words come from the facilitator
    qtbot.keyClicks(dialog.name, "Mia")
    dialog._join()
    assert dialog.choice is None and "not a join code" in dialog.error.text()
    dialog.code.setText(code.upper().replace("-", " "))  # as a person may type it
    dialog._join()
    assert dialog.choice is not None and dialog.choice.join_code == code
    complete_onboarding(room.bridge, dialog.choice)

    qtbot.waitUntil(lambda: host.identity.public_hex in window.people.rows and window.snapshot is not None
                    and window.snapshot.person(window.snapshot.me).name == "Mia", timeout=TIMEOUT)
    row = window.people.rows[host.identity.public_hex]
    before = row.score.text()
    click_star(qtbot, row.stars, 5)
    qtbot.waitUntil(lambda: any("You rated Hana ★★★★★" in text for text in window.feed.texts()), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: row.score.text() != before, timeout=TIMEOUT)
    # and Hana's own node saw it too
    qtbot.waitUntil(lambda: host.snapshot().scores.score(host.identity.public_hex).final
                    > host.snapshot().scores.policy.prior_value, timeout=TIMEOUT)


def _me_with_a_low_friend(qtbot, room: Room) -> tuple[MainWindow, str, str]:
    """I am rated five stars by five people; Lou is rated one star by the same five."""
    host = room.person("Hana", create_room="Tiers")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=TIMEOUT)
    me = window.snapshot.me
    lou = room.person("Lou", room=host.room_id, peers=(("127.0.0.1", host.port),))
    raters = [room.person(f"R{i}", room=host.room_id, peers=(("127.0.0.1", host.port),)) for i in range(5)]

    async def ratings() -> None:
        for rater in raters:
            await rater.rate(me, 5)
            await rater.rate(lou.identity.public_hex, 1)
    room.run(ratings())
    lou_key = lou.identity.public_hex
    qtbot.waitUntil(lambda: lou_key in window.people.rows and window.access.states.get("Bank loan") == "open"
                    and len(window.snapshot.scores.raters(me)) == 5
                    and len(window.snapshot.scores.raters(lou_key)) == 5, timeout=TIMEOUT)
    room.run(lou.befriend(me, True))  # Lou offers friendship; I accept with the toggle
    return window, me, lou_key


def test_befriending_a_low_scorer_drags_me_down_and_unfriending_reopens(qtbot, room: Room) -> None:
    window, me, lou = _me_with_a_low_friend(qtbot, room)
    before = window.snapshot.scores.score(me).final
    qtbot.mouseClick(window.people.rows[lou].friend_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.snapshot.scores.score(me).final < before, timeout=TIMEOUT)
    pulls = {pull.key: pull.drag for pull in window.drag.graph.pulls()}
    assert pulls and pulls[lou] < 0  # the drag view attributes the pull to Lou
    assert any("Lou drags you down" in text for text in window.drag.texts)
    qtbot.waitUntil(lambda: window.access.states.get("Bank loan") == "locked_by_friends", timeout=TIMEOUT)
    assert any("Bank loan would open" in text for text in window.drag.texts)

    # the row shows the friendship (rows are refreshed a turn after the snapshot), then I drop Lou
    qtbot.waitUntil(lambda: window.people.rows[lou].friend_button.isChecked(), timeout=TIMEOUT)
    qtbot.mouseClick(window.people.rows[lou].friend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.access.states.get("Bank loan") == "open" and not window.stages.pending,
                    timeout=TIMEOUT)  # and every view has this snapshot (a few a turn: ui/staged.py)
    assert window.snapshot.scores.score(me).final == before
    assert window.drag.graph.pulls() == ()


def test_the_warning_appears_when_nobody_is_found(qtbot, room: Room) -> None:
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    room.start_app(create_room="Alone", name="Solo", no_peer_warning_after=0.3)
    qtbot.waitUntil(lambda: window.status.warning.isVisibleTo(window), timeout=TIMEOUT)
    assert "No one found" in window.status.warning_text.text()
    assert "127.0.0.1:" in window.status.warning_text.text()  # this machine's address to give others
    qtbot.keyClicks(window.status.peer_field, "not-an-address")
    qtbot.keyClick(window.status.peer_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "is not HOST:PORT" in window.status.warning_text.text(), timeout=TIMEOUT)


def test_a_second_node_joins_with_the_code_through_the_bridge(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Coded")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    errors: list[str] = []
    room.bridge.connect_to(room.bridge.error, errors.append)
    room.start_app(name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: room.bridge.node is not None, timeout=TIMEOUT)
    code = room.code(host)
    words = code.split("-")
    room.bridge.join_with_code(f"{words[0]}-{words[2]}-{words[1]}" if words[1] != words[2] else f"{words[0]}-x-y")
    qtbot.waitUntil(lambda: bool(errors), timeout=TIMEOUT)  # a wrong code (or a misspelt one) is said plainly
    assert window.snapshot is None
    room.bridge.join_with_code(code)
    qtbot.waitUntil(lambda: window.snapshot is not None and window.snapshot.room_id == host.room_id
                    and len(window.snapshot.people) == 2, timeout=TIMEOUT)
    assert window.status.code.text() == f"Join code: {code}"  # every member may show the code…
    assert not window.join_code.isVisibleTo(window)  # …but only the facilitator's screen shows it large
    qtbot.waitUntil(lambda: host.snapshot().person(window.snapshot.me) is not None
                    and host.snapshot().person(window.snapshot.me).name == "Mia", timeout=TIMEOUT)


def test_the_facilitator_sees_the_join_code_in_large_type(qtbot, room: Room) -> None:
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(create_room="Projector", name="Fay")
    qtbot.waitUntil(lambda: window.snapshot is not None and bool(window.snapshot.join_code), timeout=TIMEOUT)
    assert window.join_code.isVisible() and window.join_code.code.text() == window.snapshot.join_code
    assert window.join_code.code.font().pixelSize() >= 30 or "34px" in window.join_code.code.styleSheet()
