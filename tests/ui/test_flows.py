"""The app's flows, driven through the real widgets against real nodes on loopback."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

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
    room.start_app(peers=(("127.0.0.1", host.port),))  # a first run: no room yet, asks the peer
    qtbot.waitUntil(lambda: dialog.rooms.count() == 1, timeout=TIMEOUT)
    assert "Class 5B" in dialog.rooms.item(0).text()
    qtbot.keyClicks(dialog.name, "Mia")
    dialog._join()
    assert dialog.choice is not None and dialog.choice.join_room == host.room_id
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

    qtbot.mouseClick(window.people.rows[lou].friend_button, Qt.MouseButton.LeftButton)  # drop Lou
    qtbot.waitUntil(lambda: window.access.states.get("Bank loan") == "open", timeout=TIMEOUT)
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
