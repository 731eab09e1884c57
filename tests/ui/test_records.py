"""Records in the window, against real nodes: a collector's badge and report, my record and its appeal, the
judge's overturn (refused before the delay, with the reason), a complaint confirmed, a penalty's countdown."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from nosedive.core.policy import load_preset
from nosedive.node.node import Node
from nosedive.room.snapshot import RoomSnapshot
from nosedive.ui.main_window import MainWindow
from nosedive.ui.views.records import Section

from .conftest import Room

TIMEOUT = 20_000


def city(appeal_minutes: int) -> dict[str, Any]:
    rules = load_preset("city")
    return rules | {"reports": dict(rules["reports"], appeal_minutes=appeal_minutes)}


def snap(node: Node) -> RoomSnapshot:
    snapshot = node.snapshot()
    assert snapshot is not None
    return snapshot


def knows(node: Node, *keys: str) -> bool:
    snapshot = node.snapshot()
    return snapshot is not None and all(snapshot.person(key) is not None for key in keys)


def a_window(qtbot: Any, room: Room) -> MainWindow:
    window = MainWindow(room.bridge)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.records)
    return window


def button(section: Section, name: str) -> QPushButton | None:
    found = section.buttons.get(name)
    return found if found is not None and found.isVisible() else None


def texts(section: Section) -> list[str]:
    return [label.text() for label in section.labels]


def test_a_collector_reports_me_i_appeal_and_the_judge_overturns(qtbot: Any, room: Room) -> None:
    host = room.person("Hana")
    room_id = room.run(host.create_room("Town", "city"))
    room.run(host.change_policy(city(appeal_minutes=0)))
    peers = (("127.0.0.1", host.port),)
    ana = room.person("Ana", room=room_id, peers=peers)
    window = a_window(qtbot, room)
    room.start_app(room=room_id, name="Ben", peers=peers)
    qtbot.waitUntil(lambda: room.bridge.node is not None and window.snapshot is not None, timeout=TIMEOUT)
    a, b = ana.identity.public_hex, window.snapshot.me
    qtbot.waitUntil(lambda: knows(host, a, b) and knows(ana, b) and a in window.people.rows, timeout=TIMEOUT)

    room.run(host.grant_role(a, "collector"))
    qtbot.waitUntil(lambda: a in window.people.role_badges.badges
                    and window.people.role_badges.badges[a].isVisible(), timeout=TIMEOUT)
    assert window.people.role_badges.badges[a].text() == "collector"
    qtbot.waitUntil(lambda: texts(window.records.roles) == ["Ana: an information collector"], timeout=TIMEOUT)
    assert window.records.complaints.isHidden() and window.records.appeals.isHidden()  # neither mine to do

    record = room.run(ana.report(b, "jaywalking", "red light"))
    qtbot.waitUntil(lambda: button(window.records.mine, f"appeal {record}") is not None
                    and not window.stages.pending, timeout=TIMEOUT)
    line = texts(window.records.mine)[0]
    assert "−5 · jaywalking · reported by Ana, an information collector at" in line and "red light" in line
    assert "in force until" in line
    assert window.snapshot.scores.score(b).final == 995_000_000

    appeal = button(window.records.mine, f"appeal {record}")
    assert appeal is not None
    qtbot.mouseClick(appeal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "appealed, decided no earlier than" in texts(window.records.mine)[0], timeout=TIMEOUT)
    assert button(window.records.mine, f"appeal {record}") is None  # once only
    qtbot.waitUntil(lambda: (r := snap(host).scores.records.record(record)) is not None and r.appeal_pending,
                    timeout=TIMEOUT)

    room.run(host.rule(record, "overturn"))  # the facilitator judges here; the delay is 0 minutes
    qtbot.waitUntil(lambda: "overturned on appeal" in texts(window.records.mine)[0] and not window.stages.pending,
                    timeout=TIMEOUT)  # and every view has this snapshot (a few a turn: ui/staged.py)
    assert window.snapshot.scores.score(b).final == 1000_000_000

    room.run(host.impose_penalty(b, "travel blacklist"))
    qtbot.waitUntil(lambda: bool(texts(window.records.penalties)), timeout=TIMEOUT)
    shown = texts(window.records.penalties)[0]
    assert shown.startswith("travel blacklist · −100 · ") and shown.endswith(" left")
    assert shown.split(" · ")[-1] in ("30:00 left", "29:59 left", "29:58 left")


def test_the_court_and_collector_confirms_reports_and_rules_after_the_delay(qtbot: Any, room: Room) -> None:
    host = room.person("Hana")
    room_id = room.run(host.create_room("Town", "city"))  # appeals wait 10 minutes
    peers = (("127.0.0.1", host.port),)
    ana = room.person("Ana", room=room_id, peers=peers)
    window = a_window(qtbot, room)
    room.start_app(room=room_id, name="Fay", peers=peers)
    qtbot.waitUntil(lambda: room.bridge.node is not None and window.snapshot is not None, timeout=TIMEOUT)
    a, f, h = ana.identity.public_hex, window.snapshot.me, host.identity.public_hex
    qtbot.waitUntil(lambda: knows(host, a, f) and knows(ana, f) and window.snapshot.person(a) is not None,
                    timeout=TIMEOUT)
    room.run(host.grant_role(f, "court"))
    room.run(host.grant_role(f, "collector"))
    qtbot.waitUntil(lambda: window.records.appeals.isVisible() and window.records.complaints.isVisible(),
                    timeout=TIMEOUT)

    complaint = room.run(ana.report(h, "rumours online"))  # Ana holds no role: a complaint
    qtbot.waitUntil(lambda: button(window.records.complaints, f"confirm {complaint}") is not None, timeout=TIMEOUT)
    confirm = button(window.records.complaints, f"confirm {complaint}")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (r := snap(host).scores.records.record(complaint)) is not None and r.state == "active",
                    timeout=TIMEOUT)
    assert snap(host).scores.records.record(complaint).confirmed_by == f

    form = window.records.form
    form.person.setCurrentIndex(form.person.findData(a))
    form.act.setCurrentIndex(form.act.findData("unpaid debt"))
    form.note.setText("a debt she never had")
    qtbot.mouseClick(form.send, Qt.MouseButton.LeftButton)  # a false report: possible by design
    qtbot.waitUntil(lambda: len(snap(ana).my_records) == 1, timeout=TIMEOUT)
    record = snap(ana).my_records[0]
    assert (record.author, record.act, record.filed_by, record.note) == (f, "unpaid debt", "collector",
                                                                          "a debt she never had")
    room.run(ana.appeal(record.id))
    name = f"overturn {record.id}"
    qtbot.waitUntil(lambda: button(window.records.appeals, name) is not None, timeout=TIMEOUT)
    assert "appealed, decided no earlier than" in texts(window.records.appeals)[0]
    with qtbot.waitSignal(room.bridge.error, timeout=TIMEOUT) as refused:
        qtbot.mouseClick(button(window.records.appeals, name), Qt.MouseButton.LeftButton)
    assert "no earlier than" in refused.args[0] and "counts on no node" in refused.args[0]

    room.run(host.change_policy(city(appeal_minutes=0)))  # the delay is over once the rules say 0 minutes
    qtbot.waitUntil(lambda: window.snapshot.scores.policy.records.appeal_delay_ms == 0
                    and button(window.records.appeals, name) is not None, timeout=TIMEOUT)
    qtbot.mouseClick(button(window.records.appeals, name), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: snap(ana).my_records[0].state == "struck", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: button(window.records.appeals, name) is None, timeout=TIMEOUT)
