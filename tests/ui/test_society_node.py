"""The joint-punishment preset in the window, against real nodes: the agencies in the Access card's place, a
club's invitation joined and left with the window's buttons, a family the facilitator assigns, a court's
blacklisting that closes flights with its sentence on screen, and who pulls me through which group."""
from __future__ import annotations

from typing import Any

from nosedive.node.node import Node
from nosedive.room.snapshot import GroupStanding, RoomSnapshot
from nosedive.ui.main_window import MainWindow

from .conftest import Room

TIMEOUT = 20_000


def snap(node: Node) -> RoomSnapshot:
    snapshot = node.snapshot()
    assert snapshot is not None
    return snapshot


def group(window: MainWindow, gid: str) -> GroupStanding | None:
    return next((g for g in window.snapshot.my_groups if g.id == gid), None) if window.snapshot else None


def state(window: MainWindow, gid: str) -> str:
    found = group(window, gid)
    return "" if found is None else found.state


def test_groups_and_a_blacklisting_in_the_window(qtbot: Any, room: Room) -> None:
    host = room.person("Hana")
    room_id = room.run(host.create_room("Town", "joint-punishment"))
    peers = (("127.0.0.1", host.port),)
    ben = room.person("Ben", room=room_id, peers=peers)
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    room.start_app(room=room_id, name="Mia", peers=peers)
    qtbot.waitUntil(lambda: window.snapshot is not None and len(window.snapshot.agencies) == 3, timeout=TIMEOUT)
    me, b = window.snapshot.me, ben.identity.public_hex
    room.run(ben.set_profile("Ben"))
    assert window.agencies.isVisible() and not window.access.isVisible()
    assert [card.agency for card in window.agencies.cards] == ["bank", "transport", "court", ""]
    assert window.tabs.indexOf(window.groups) >= 0
    assert [window.groups.form.kind.itemText(i) for i in range(window.groups.form.kind.count())] == ["club"]
    qtbot.waitUntil(lambda: snap(host).person(me) is not None and snap(host).person(b) is not None
                    and snap(ben).person(me) is not None, timeout=TIMEOUT)

    club = room.run(ben.groups.create("club", "Chess"))  # Ben founds a club and adds me: an invitation
    room.run(ben.groups.add(club, me))
    qtbot.waitUntil(lambda: state(window, club) == "invited" and club in window.groups.cards, timeout=TIMEOUT)
    card = window.groups.cards[club]
    window.tabs.setCurrentWidget(window.groups)
    qtbot.waitUntil(card.join_button.isVisible, timeout=TIMEOUT)
    assert window.groups.invitations.isVisible() and card.name.text() == "Chess"
    card.join_button.click()  # the window's button: bridge → node.groups.join
    qtbot.waitUntil(lambda: state(window, club) == "member", timeout=TIMEOUT)
    member = window.groups.cards[club]
    qtbot.waitUntil(lambda: member.members.text() == "Members: Ben, you", timeout=TIMEOUT)

    family = room.run(host.groups.create("family", "Lee"))  # the facilitator assigns families
    room.run(host.groups.add(family, me))
    room.run(host.groups.add(family, b))
    qtbot.waitUntil(lambda: state(window, family) == "member", timeout=TIMEOUT)
    room.run(host.report(b, "jaywalking"))  # my relative's record reaches me through the family (and the club)
    qtbot.waitUntil(lambda: any(p.group == family for p in window.snapshot.group_pulls), timeout=TIMEOUT)
    pull = next(p for p in window.snapshot.group_pulls if p.group == family)
    qtbot.waitUntil(lambda: pull.sentence in window.drag.texts and window.drag.title is not None
                    and window.drag.title.text() == "WHO PULLS ON YOU", timeout=TIMEOUT)
    assert pull.person == b and pull.amount < 0
    assert any(p.through == family and p.key == b for p in window.drag.graph.pulls())

    room.run(host.report(me, "defied a court order", agency="court"))  # the court blacklists me
    transport = window.agencies.cards[1]
    qtbot.waitUntil(lambda: any(row.door == "Flights" and row.reason.isVisible() for row in transport.rows)
                    and not window.stages.pending, timeout=TIMEOUT)  # every view has it (ui/staged.py)
    flights = next(row for row in transport.rows if row.door == "Flights")
    standing = next(a for a in window.snapshot.agencies if a.name == "transport")
    sentence = next(d.locked_by for d in standing.doors if d.name == "Flights")
    assert sentence and flights.reason.text() == sentence and flights.chip.text() == "LOCKED BY A LIST"
    assert window.agencies.cards[2].lists.isVisible() and "blacklist" in window.agencies.cards[2].lists.text()
    qtbot.waitUntil(lambda: any(sentence in text for text in window.feed.texts()), timeout=TIMEOUT)  # felt at once

    window.tabs.setCurrentWidget(window.groups)
    member = window.groups.cards[club]
    qtbot.waitUntil(member.leave_button.isVisible, timeout=TIMEOUT)
    member.leave_button.click()  # and Leave sends node.groups.leave: I am no longer among its members
    qtbot.waitUntil(lambda: state(window, club) == "left" and me not in group(window, club).members,
                    timeout=TIMEOUT)


def test_a_room_without_groups_or_agencies_shows_nothing_new(qtbot: Any, room: Room) -> None:
    host = room.person("Hana", create_room="Class 5B")
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app(room=host.room_id, name="Mia", peers=(("127.0.0.1", host.port),))
    qtbot.waitUntil(lambda: window.snapshot is not None and len(window.people.rows) >= 2, timeout=TIMEOUT)
    assert window.snapshot.agencies == () and window.snapshot.my_groups == () and window.snapshot.group_pulls == ()
    assert window.access.isVisible() and not window.agencies.isVisible()
    assert window.tabs.count() == 4 and window.tabs.indexOf(window.groups) < 0
    assert window.drag.title is not None and window.drag.title.text() == "YOUR FRIENDS' PULL"
