"""The facilitator's rounds and announcements as a participant sees them, with real nodes."""
from __future__ import annotations

from PySide6.QtGui import QTextDocument

from nosedive.ui.main_window import MainWindow

from .conftest import Room

TIMEOUT = 20_000


def plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_a_paused_round_greys_every_star_with_the_reason_and_announcements_show(qtbot, room: Room) -> None:
    host = room.person("Hana", create_room="Rounds")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    lou = room.person("Lou", room=host.room_id, peers=(("127.0.0.1", host.port),))
    keys = (host.identity.public_hex, lou.identity.public_hex)
    rows = window.people.rows
    qtbot.waitUntil(lambda: all(key in rows for key in keys), timeout=TIMEOUT)
    room.run(host.start_round(10))
    qtbot.waitUntil(lambda: window.snapshot.round.state == "running", timeout=TIMEOUT)
    assert window.subtitle.text().startswith(window.snapshot.round.label) and "until" in window.subtitle.text()
    assert all(rows[key].stars.isEnabled() for key in keys) and not window.notices.closed.isVisible()

    room.run(host.pause_round())
    qtbot.waitUntil(lambda: not window.snapshot.round.rating_open
                    and not any(rows[key].stars.isEnabled() for key in keys), timeout=TIMEOUT)
    reason = window.snapshot.round.reason
    assert reason and all(plain(rows[key].stars.toolTip()) == reason for key in keys)
    assert window.notices.closed.isVisible() and window.notices.closed.text.text() == reason
    assert all(rows[key].friend_button.isEnabled() for key in keys)  # befriending is not rating
    qtbot.waitUntil(lambda: any("paused" in line.lower() for line in window.feed.texts()), timeout=TIMEOUT)

    room.run(host.announce("Break: back in five minutes <b>please</b>"))
    qtbot.waitUntil(lambda: window.notices.announcement.isVisible(), timeout=TIMEOUT)
    assert window.notices.announcement.text.text().endswith("From the facilitator: Break: back in five minutes "
                                                            "<b>please</b>")

    room.run(host.resume_round())
    qtbot.waitUntil(lambda: all(rows[key].stars.isEnabled() for key in keys), timeout=TIMEOUT)
    assert not window.notices.closed.isVisible() and all(rows[key].stars.toolTip() == "" for key in keys)
