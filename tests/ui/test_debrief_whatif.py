"""The debrief's 'what if' page against a real node on a recorded classroom ledger: other rules side by side."""
from __future__ import annotations

import json
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from nosedive.core import paths
from nosedive.core.identity import load_or_create
from nosedive.core.policy import load_preset, parse_policy
from nosedive.debrief.charts import short
from nosedive.ledger.store import Ledger
from nosedive.scoring.counterfactual import counterfactual_table, without
from nosedive.ui.main_window import MainWindow
from nosedive.ui.views.debrief import DebriefView
from nosedive.ui.views.debrief_whatif import DOOR
from nosedive.ui.views.facilitation import Facilitation
from tests.debrief.classroom import classroom

from .conftest import Room

TIMEOUT = 30_000


def open_whatif(qtbot, room: Room) -> tuple[Facilitation, DebriefView]:
    data = room.base / "me"
    classroom(data, facilitator=load_or_create(paths.key_path(data)))
    window = MainWindow(room.bridge)
    facilitation = Facilitation(window, room.bridge)
    qtbot.addWidget(window)
    room.start_app()
    qtbot.waitUntil(lambda: facilitation.snapshot is not None, timeout=TIMEOUT)
    view = facilitation.open_debrief()
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.data is not None, timeout=TIMEOUT)
    qtbot.mouseClick(view.tabs[3], Qt.MouseButton.LeftButton)  # "4  What if"
    assert view.pages.currentWidget() is view.whatif
    return facilitation, view


def texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def pick(view: DebriefView, preset: str) -> None:
    """As a person picks an item of the combo: the index changes, then ``activated``."""
    combo = view.whatif.rules
    index = combo.findData(preset)
    assert index >= 0, preset
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def held(room: Room) -> tuple[str, list, dict]:  # type: ignore[type-arg]
    with Ledger(paths.ledger_path(room.base / "me")) as ledger:
        room_id = ledger.rooms()[0].id
        return room_id, [m for _row, m in ledger.messages(room_id)], ledger.forked_authors(room_id)


def test_choosing_a_preset_redraws_both_sides_and_the_export_carries_it(qtbot, room: Room) -> None:
    facilitation, view = open_whatif(qtbot, room)
    page = view.whatif
    pick(view, "sesame")
    assert page.result is None and page.status.text().startswith("Scoring the same session again under Sesame")
    qtbot.waitUntil(lambda: page.result is not None, timeout=TIMEOUT)
    result = page.result
    assert result is not None and result.choice == "sesame"
    own, other = result.comparison.first, result.comparison.second
    assert own.hash() == view.data.table_hash, "the left side is this session as it was scored"
    assert other.policy.digest == parse_policy(load_preset("sesame")).digest
    left, right = page.sides
    assert left.title.text() == "This session: Nosedive, harsh (double damage)"
    assert right.title.text() == "Under: Sesame-like credit (350–950)"
    top = other.ranking()[0]
    assert other.format(other.people[top].final) in texts(right) and "Outstanding" in texts(right)
    assert own.format(own.people[top].final) in texts(left) and "Outstanding" not in texts(left)
    assert right.timeline.data is result.other and left.timeline.data is result.real
    assert right.timeline.colours == left.timeline.colours and right.timeline.colours, "one colour per person"
    why = texts(page)
    sentences = {reason for change in result.comparison.changed for reason in change.reasons}
    assert any(text.split(": ", 1)[-1] in sentences for text in why), "the engine's own sentences, shown"
    assert any(text.endswith("would stand differently; 45 doors differ. Nothing was signed or sent.") for text in why)

    with qtbot.waitSignal(room.bridge.debrief_exported, timeout=TIMEOUT) as written:
        facilitation.export()
    folder = written.args[0].folder
    assert (folder / "comparison.csv").is_file() and (folder / "comparison.png").is_file()
    section = json.loads((folder / "debrief.json").read_text(encoding="utf-8"))["whatif"]
    assert section["second"]["table_hash"] == other.hash()


def test_turning_a_rule_off_marks_the_doors_that_differ_on_both_sides(qtbot, room: Room) -> None:
    _, view = open_whatif(qtbot, room)
    page = view.whatif
    qtbot.mouseClick(page.toggles["prior"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result is not None and page.result.rules_off == ("prior",), timeout=TIMEOUT)
    result = page.result
    assert result is not None and result.choice is None
    room_id, messages, forks = held(room)
    own = result.comparison.first.policy
    assert result.other.table_hash == counterfactual_table(room_id, messages, without(own, ["prior"]),
                                                           forks=forks).hash()
    assert page.sides[1].title.text() == "Under: Nosedive, harsh (double damage) without the prior"
    opened = [c for c in result.comparison.people if c.opened]
    assert opened, "without the prior some door opens"
    for change in opened:
        door = change.opened[0]
        assert page.sides[1].door_chips(change.person)[0] == ("✓ " + short(door, DOOR), "open")
        assert page.sides[0].door_chips(change.person)[0] == ("✗ " + short(door, DOOR), "shut")
    unchanged = [c.person for c in result.comparison.people if not (c.opened or c.closed)]
    assert all(page.sides[0].door_chips(p) == [] for p in unchanged)
    page.result = None
    view.refresh.emit()  # R: the debrief again, and the same question with it
    qtbot.waitUntil(lambda: page.result is not None and page.result.rules_off == ("prior",), timeout=TIMEOUT)
    qtbot.mouseClick(page.toggles["prior"], Qt.MouseButton.LeftButton)  # off again: nothing left to compare
    assert page.pending is None and page.status.text().startswith("These are the session's own rules")


def test_a_bad_policy_file_is_one_clear_line_in_the_window(qtbot, room: Room, tmp_path: Path) -> None:
    _, view = open_whatif(qtbot, room)
    page = view.whatif
    bad = tmp_path / "rules.json"
    bad.write_text('{"title": "Mine", "weight": ', encoding="utf-8")
    page.choose(str(bad))
    assert page.rules.currentText() == "rules.json"
    qtbot.waitUntil(lambda: page.status.property("role") == "refused", timeout=TIMEOUT)
    line = page.status.text()
    assert line.startswith(f"{bad} is not a JSON policy: ") and "\n" not in line and "Traceback" not in line
    assert page.result is None and page.sides[1].title.text() == ""
    pick(view, "nosedive")  # and the next choice works
    qtbot.waitUntil(lambda: page.result is not None, timeout=TIMEOUT)
    assert page.status.property("role") == "muted"


def test_the_gui_thread_never_waits_for_the_re_scoring(qtbot, room: Room) -> None:
    _, view = open_whatif(qtbot, room)
    page = view.whatif
    gate = threading.Event()
    room.engine.loop.call_soon_threadsafe(gate.wait, 60)  # the node's loop is busy until the gate opens
    try:
        qtbot.mouseClick(page.toggles["weights"], Qt.MouseButton.LeftButton)  # returns: the command is queued
        assert page.result is None and page.status.text().startswith("Scoring the same session again")
        qtbot.mouseClick(view.tabs[0], Qt.MouseButton.LeftButton)  # the window still answers
        assert view.pages.currentIndex() == 0
        view.show_page(3)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: page.result is not None, timeout=TIMEOUT)  # and the answer arrives by signal
    assert page.result.rules_off == ("weights",)
