"""The projector debrief and the facilitator's console, against a real node on a real classroom ledger."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from nosedive.cli.scores import room_table
from nosedive.core import paths
from nosedive.core.identity import load_or_create
from nosedive.debrief.charts import short
from nosedive.ledger.store import Ledger
from nosedive.ui.main_window import MainWindow
from nosedive.ui.views.facilitation import Facilitation
from tests.debrief.classroom import HOSTILE, classroom

from .conftest import Room

TIMEOUT = 20_000


def open_app(qtbot, room: Room, *, facilitate: bool) -> tuple[MainWindow, Facilitation, str]:
    data = room.base / "me"
    me = load_or_create(paths.key_path(data))
    session = classroom(data, facilitator=me if facilitate else None)
    window = MainWindow(room.bridge)
    facilitation = Facilitation(window, room.bridge)
    qtbot.addWidget(window)
    window.show()
    room.start_app()
    qtbot.waitUntil(lambda: facilitation.snapshot is not None, timeout=TIMEOUT)
    return window, facilitation, session.room


def test_the_projector_shows_the_node_s_debrief(qtbot, room: Room, tmp_path: Path) -> None:
    _, facilitation, room_id = open_app(qtbot, room, facilitate=False)
    view = facilitation.open_debrief()
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.data is not None, timeout=TIMEOUT)
    with Ledger(paths.ledger_path(room.base / "me")) as ledger:
        table = room_table(ledger, room_id)
    assert view.data is not None and view.data.table_hash == table.hash()
    assert [row.key for row in view.data.people] == table.ranking()
    texts = [label.text() for label in view.findChildren(type(view.title))]
    assert table.format(table.people[table.ranking()[0]].final) in texts
    assert short(HOSTILE, 22) in texts  # the leaderboard elides long names, and shows them literally
    view.explain(table.ranking()[-1])
    assert view.pages.currentIndex() == 2 and view.explanation.text().startswith("Gus: ")
    view.explain(next(p.key for p in view.data.people if p.label == HOSTILE))
    assert view.explanation.text().startswith(HOSTILE + ": ")  # plain text: no markup read
    view.show_page(0)
    view.resize(1920, 1080)
    shot = tmp_path / "projector.png"
    assert view.grab().save(str(shot)) and shot.stat().st_size > 20_000
    assert not facilitation.console_action.isEnabled() and facilitation.open_console() is None  # not theirs


def test_the_facilitator_runs_rounds_announces_switches_rules_and_exports(qtbot, room: Room) -> None:
    _, facilitation, _ = open_app(qtbot, room, facilitate=True)
    qtbot.waitUntil(facilitation.console_action.isEnabled, timeout=TIMEOUT)
    console = facilitation.open_console()
    assert console is not None
    qtbot.addWidget(console)
    assert console.code_card.isHidden() or console.code.text()  # the join code only when the snapshot has one
    gus = next(p for p in facilitation.snapshot.people if p.name == "Gus") if facilitation.snapshot else None
    assert gus is not None and gus.key in console.people.buttons

    def snap():
        assert facilitation.snapshot is not None
        return facilitation.snapshot

    assert snap().round.state == "ended"  # the classroom's round ended
    qtbot.mouseClick(console.round_buttons["start"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: snap().round.state == "running" and console.round_buttons["pause"].isEnabled(),
                    timeout=TIMEOUT)
    qtbot.mouseClick(console.round_buttons["pause"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: snap().round.state == "paused" and console.round_buttons["resume"].isEnabled(),
                    timeout=TIMEOUT)
    console.announcement.setText("Pens down, please")
    qtbot.mouseClick(console.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(a.text == "Pens down, please" for a in snap().announcements), timeout=TIMEOUT)
    console.preset.setCurrentText("sesame")
    before = snap().scores.policy.digest
    console.change_preset.emit("sesame")
    qtbot.waitUntil(lambda: snap().scores.policy.digest != before, timeout=TIMEOUT)
    console.export_button.click()
    qtbot.waitUntil(lambda: console.exported.text().startswith("Written to "), timeout=TIMEOUT)
    folder = Path(console.exported.text().removeprefix("Written to "))
    assert (folder / "report.html").is_file() and (folder / "debrief.json").is_file()
    qtbot.mouseClick(console.people.buttons[gus.key], Qt.MouseButton.LeftButton)  # first press only arms it
    assert console.people.buttons[gus.key].text() == "Really expel?" and snap().person(gus.key).status == "member"
