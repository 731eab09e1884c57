"""The facilitator's console: the join code, who is here, rounds, announcements, the rules, the debrief.

Shown to the room's facilitator only. It reads snapshots and emits what was asked; the
facilitation wiring (:mod:`.facilitation`) sends those to the node through the bridge.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nosedive.core.policy import preset_names
from nosedive.room.snapshot import Person, RoomSnapshot

from ..tr import tr
from .common import CardView, clear_layout, plain_label, shown_name

MAX_ANNOUNCEMENT = 280  # the announce body's own limit


class PeopleCard(CardView):
    """Who is here: online, waiting for admission, left; Let in and Expel (the second press confirms).

    Signals: let_in(str key), expel(str key)."""

    let_in = Signal(str)
    expel = Signal(str)

    def __init__(self) -> None:
        super().__init__(tr("Who is here"))
        self.hide_left = QCheckBox(tr("Hide those who left"))
        self.hide_left.toggled.connect(lambda _: self.show_people(self._people))
        self.body.addWidget(self.hide_left)
        self.grid = QGridLayout()
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self._people: tuple[Person, ...] = ()
        self._armed: str | None = None  # the key whose Expel was pressed once
        self.buttons: dict[str, QPushButton] = {}

    def show_people(self, people: tuple[Person, ...]) -> None:
        self._people = people
        clear_layout(self.grid)
        self.buttons = {}
        groups = (("waiting", tr("Waiting to be let in")), ("online", tr("Online")), ("left", tr("Left")))
        row = 0
        for group, heading in groups:
            members = [p for p in people if _group(p) == group]
            if not members or (group == "left" and self.hide_left.isChecked()):
                continue
            self.grid.addWidget(plain_label(f"{heading} ({len(members)})", "section", wrap=False), row, 0, 1, 2)
            row += 1
            for person in members:
                self.grid.addWidget(plain_label(shown_name(person), wrap=False), row, 0)
                if not person.is_me and person.status != "expelled":
                    self.grid.addWidget(self._button(person), row, 1)
                row += 1

    def _button(self, person: Person) -> QPushButton:
        waiting = person.status == "waiting"
        button = QPushButton(tr("Let in") if waiting else tr("Expel"))
        if self._armed == person.key and not waiting:
            button.setText(tr("Really expel?"))
        button.clicked.connect(lambda _=False, p=person, w=waiting: self._on_button_clicked(p.key, w))
        self.buttons[person.key] = button
        return button

    def _on_button_clicked(self, key: str, waiting: bool) -> None:
        if waiting:
            self.let_in.emit(key)
        elif self._armed == key:
            self._armed = None
            self.expel.emit(key)
        else:
            self._armed = key
            self.buttons[key].setText(tr("Really expel?"))


def _group(person: Person) -> str:
    if person.status == "waiting":
        return "waiting"
    return "online" if person.online else "left"


class FacilitatorConsole(QWidget):
    """Signals: let_in(str), expel(str), start_round(object: int | None minutes), pause_round(),
    resume_round(), end_round(), announce(str), change_preset(str), export_debrief(), open_debrief()."""

    start_round = Signal(object)
    pause_round = Signal()
    resume_round = Signal()
    end_round = Signal()
    announce = Signal(str)
    change_preset = Signal(str)
    export_debrief = Signal()
    open_debrief = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Root")
        self.setWindowTitle(tr("Facilitator console"))
        self.resize(1100, 820)
        page = QHBoxLayout(self)
        page.setContentsMargins(22, 18, 22, 18)
        page.setSpacing(16)
        left = QVBoxLayout()
        self.code_card = CardView(tr("Join code"))
        self.code = plain_label("", wrap=False)
        self.code.setStyleSheet("font-size: 54px; font-weight: 900; letter-spacing: 2px;")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_card.body.addWidget(self.code)
        self.code_card.hide()  # until a snapshot carries a join code
        left.addWidget(self.code_card)
        self.people = PeopleCard()
        left.addWidget(self.people, 1)
        page.addLayout(left, 1)
        right = QVBoxLayout()
        right.setSpacing(16)
        right.addWidget(self._round_card())
        right.addWidget(self._announce_card())
        right.addWidget(self._rules_card())
        right.addWidget(self._debrief_card())
        right.addStretch(1)
        page.addLayout(right, 1)
        self.let_in, self.expel = self.people.let_in, self.people.expel

    def _round_card(self) -> CardView:
        box = CardView(tr("Rounds"))
        self.round_state = plain_label(tr("No round yet: rating is open"))
        box.body.addWidget(self.round_state)
        line = QHBoxLayout()
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 240)
        self.minutes.setSuffix(tr(" min"))
        self.minutes.setSpecialValueText(tr("no countdown"))
        line.addWidget(self.minutes)
        self.round_buttons: dict[str, QPushButton] = {}
        for action, text in (("start", tr("Start")), ("pause", tr("Pause")), ("resume", tr("Resume")),
                             ("end", tr("End"))):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, a=action: self._on_round_clicked(a))
            self.round_buttons[action] = button
            line.addWidget(button)
        box.body.addLayout(line)
        return box

    def _announce_card(self) -> CardView:
        box = CardView(tr("Tell the room"))
        line = QHBoxLayout()
        self.announcement = QLineEdit()
        self.announcement.setMaxLength(MAX_ANNOUNCEMENT)
        self.announcement.setPlaceholderText(tr("An announcement everyone sees"))
        self.announcement.returnPressed.connect(self._on_announce_clicked)
        self.send_button = QPushButton(tr("Send"))
        self.send_button.clicked.connect(self._on_announce_clicked)
        line.addWidget(self.announcement, 1)
        line.addWidget(self.send_button)
        box.body.addLayout(line)
        return box

    def _rules_card(self) -> CardView:
        box = CardView(tr("Rules"))
        self.rules = plain_label("")
        box.body.addWidget(self.rules)
        line = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.addItems(preset_names())
        switch = QPushButton(tr("Switch rules"))
        switch.clicked.connect(lambda: self.change_preset.emit(self.preset.currentText()))
        line.addWidget(self.preset, 1)
        line.addWidget(switch)
        box.body.addLayout(line)
        return box

    def _debrief_card(self) -> CardView:
        box = CardView(tr("Debrief"))
        line = QHBoxLayout()
        projector = QPushButton(tr("Projector view"))
        projector.clicked.connect(self.open_debrief.emit)
        self.export_button = QPushButton(tr("Export debrief"))
        self.export_button.clicked.connect(self.export_debrief.emit)
        line.addWidget(projector)
        line.addWidget(self.export_button)
        box.body.addLayout(line)
        self.exported = plain_label("", "muted")
        box.body.addWidget(self.exported)
        return box

    # ------------------------------------------------------------ input
    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.code_card.setVisible(bool(snap.join_code))  # every member holds it; "" when this machine has none
        self.code.setText(snap.join_code)
        self.people.show_people(snap.people)
        info = snap.round
        state = {"not-started": tr("No round yet: rating is open"), "running": tr("{label}: rating is open"),
                 "paused": tr("{label}: paused"), "ended": tr("{label}: ended")}[info.state]
        self.round_state.setText(state.format(label=info.label or tr("Round {n}").format(n=info.number)))
        enabled = {"start": info.state in ("not-started", "ended"), "pause": info.state == "running",
                   "resume": info.state == "paused", "end": info.state in ("running", "paused")}
        for action, button in self.round_buttons.items():
            button.setEnabled(enabled[action])
        self.rules.setText(snap.scores.policy.title or tr("custom rules"))

    def show_exported(self, folder: str) -> None:
        self.exported.setText(tr("Written to {folder}").format(folder=folder))

    def _on_round_clicked(self, action: str) -> None:
        if action == "start":
            self.start_round.emit(self.minutes.value() or None)
        else:
            {"pause": self.pause_round, "resume": self.resume_round, "end": self.end_round}[action].emit()

    def _on_announce_clicked(self) -> None:
        text = self.announcement.text().strip()
        if text:
            self.announce.emit(text)
            self.announcement.clear()
