"""Records: report someone, my records and penalties (appeal one), who holds which role, and — for a
collector, the judge or the facilitator — complaints to confirm and appeals to decide.

Nothing here decides anything: every state comes settled in the snapshot (``my_records``,
``my_penalties``, ``roles`` and the table's records at its instant), and every button sends a node
command through the signals (the node refuses, with the reason, what would count on no node).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nosedive.core.bodies import MAX_NOTE_CHARS
from nosedive.room.snapshot import RoomSnapshot
from nosedive.scoring import PenaltyRecord, Record

from ..tr import tr
from . import record_words as words
from .common import CardView, clear_layout, narrow, plain_label

Button = tuple[str, str, Callable[[], None]]  # (its name for tests and the screen reader, its text, what it does)


class Section(CardView):
    """A titled list of lines, each with its buttons; rebuilt only when what it shows changed."""

    def __init__(self, title: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent=parent)
        self.empty = plain_label(empty, "muted")
        self.body.addWidget(self.empty)
        self.lines = QVBoxLayout()
        self.lines.setSpacing(6)
        self.body.addLayout(self.lines)
        self.buttons: dict[str, QPushButton] = {}
        self.labels: list[QLabel] = []
        self._shown: Hashable = None

    def fill(self, key: Hashable, lines: list[tuple[str, list[Button]]]) -> bool:
        """Show *lines* unless *key* says they are on screen already; True when rebuilt."""
        if key == self._shown:
            return False
        self._shown = key
        clear_layout(self.lines)
        self.buttons, self.labels = {}, []
        for text, buttons in lines:
            row = QFrame()
            row.setProperty("row", True)
            line = QHBoxLayout(row)
            line.setContentsMargins(10, 6, 10, 6)
            label = plain_label(text)
            line.addWidget(label, 1)
            self.labels.append(label)
            for name, caption, action in buttons:
                button = QPushButton(caption)
                button.setAccessibleName(name)
                button.clicked.connect(lambda _checked=False, act=action: act())
                line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
                self.buttons[name] = button
            self.lines.addWidget(row)
        self.empty.setVisible(not lines)
        return True


class ReportForm(CardView):
    """Whom, for which act of the room's table (or of an agency's: the bank's, the court's), and an optional
    note. Signal: ``report(key, act, note, agency)`` (agency "" for the room's own table)."""

    report = Signal(str, str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("REPORT SOMEONE"), parent=parent)
        self.none = plain_label(tr("This room's rules list no acts to report."), "muted")
        self.body.addWidget(self.none)
        self.form = QWidget()
        grid = QGridLayout(self.form)  # two lines: the tabs' column is narrow on a small laptop
        grid.setContentsMargins(0, 0, 0, 0)
        self.person, self.act = narrow(QComboBox()), narrow(QComboBox())  # a long name never widens the tab
        self.person.setAccessibleName(tr("Whom to report"))
        self.act.setAccessibleName(tr("The act"))
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setPlaceholderText(tr("note (optional)"))
        self.send = QPushButton(tr("Report"))
        self.send.setProperty("kind", "primary")
        self.send.clicked.connect(self._on_send_clicked)
        for widget, row, column in ((self.person, 0, 0), (self.act, 0, 1), (self.note, 1, 0), (self.send, 1, 1)):
            grid.addWidget(widget, row, column)
        self.body.addWidget(self.form)
        self._shown: Hashable = None
        self._acts: dict[str, tuple[str, str]] = {}  # an agency's act in the combo → (agency, act)

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        table = snap.scores
        people = [(words.name_of(snap, p.key), p.key) for p in words.reportable(snap)]
        acts = [(f"{act.name} ({table.format_signed(act.points)})", act.name)
                for act in table.policy.records.acts.values()]
        acts += [(f"{act.name} · {agency.title or agency.name} ({agency.format_signed(act.points)})",
                  f"{agency.name}/{act.name}") for agency in table.policy.society.agencies.values()
                 for act in agency.acts.values()]  # an agency's act: its name and the agency's, in data
        key = (tuple(people), tuple(acts), snap.my_status)
        self._acts = {f"{agency.name}/{act.name}": (agency.name, act.name)
                      for agency in table.policy.society.agencies.values() for act in agency.acts.values()}
        if key == self._shown:
            return
        self._shown = key
        for box, items in ((self.person, people), (self.act, acts)):
            chosen = box.currentData()
            box.clear()
            for text, data in items:
                box.addItem(text, data)  # combo items are plain text
            box.setCurrentIndex(max(0, box.findData(chosen)))
        self.form.setVisible(bool(acts))
        self.none.setVisible(not acts)
        self.send.setEnabled(bool(people) and snap.my_status == "member")

    def _on_send_clicked(self) -> None:
        subject, act = self.person.currentData(), self.act.currentData()
        if subject and act:
            agency, name = self._acts.get(str(act), ("", str(act)))
            self.report.emit(str(subject), name, self.note.text().strip(), agency)
            self.note.clear()


class RecordsView(QScrollArea):
    """Signals: ``report(key, act, note, agency)``, ``appeal(record)``, ``confirm(record)``,
    ``rule(record, verdict)``."""

    report = Signal(str, str, str, str)
    appeal = Signal(str)
    confirm = Signal(str)
    rule = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setSpacing(12)
        self.form = ReportForm()
        self.form.report.connect(self.report)
        self.mine = Section(tr("MY RECORDS"), tr("Nobody has reported you."))
        self.penalties = Section(tr("MY PENALTIES"), tr("No penalty on you."))
        self.complaints = Section(tr("COMPLAINTS TO CONFIRM"), tr("No complaint waits for confirmation."))
        self.appeals = Section(tr("APPEALS TO DECIDE"), tr("No appeal waits for a ruling."))
        self.roles = Section(tr("WHO HOLDS WHICH ROLE"), tr("Nobody holds a role."))
        for widget in (self.form, self.mine, self.penalties, self.complaints, self.appeals, self.roles):
            column.addWidget(widget)
        column.addStretch(1)
        self.setWidget(inner)
        self.snapshot: RoomSnapshot | None = None
        self._ticking: list[tuple[QLabel, PenaltyRecord]] = []
        self._tick = QTimer(self)  # the countdown of a penalty: display only, the engine decides its end
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.snapshot = snap
        self.form.show_snapshot(snap)
        self.mine.fill((snap.my_records, snap.people), [
            (words.record_line(snap, r) + "\n" + words.record_state(r),
             [(f"appeal {r.id}", tr("Appeal"), partial(self.appeal.emit, r.id))] if words.may_appeal(snap, r)
             else []) for r in sorted(snap.my_records, key=lambda r: (-r.ts, r.id))])
        self._show_penalties(snap)
        book = snap.scores.records
        waiting = [r for r in book.records if r.state == "pending" and snap.me not in (r.author, r.subject)]
        self.complaints.setVisible(words.collects(snap))
        self.complaints.fill((tuple(waiting), snap.people) if words.collects(snap) else None, [
            (f"{words.name_of(snap, r.subject)} · {words.record_line(snap, r)}",
             [(f"confirm {r.id}", tr("Confirm"), partial(self.confirm.emit, r.id))]) for r in waiting])
        appealed = [r for r in book.records if r.appeal_pending]
        self.appeals.setVisible(words.judges(snap))
        self.appeals.fill((tuple(appealed), snap.people) if words.judges(snap) else None, [
            (f"{words.name_of(snap, r.subject)} · {words.record_line(snap, r)}\n{words.record_state(r)}",
             self._verdicts(r)) for r in appealed])
        self.roles.fill((snap.roles, snap.people), [(words.role_line(snap, key, roles), [])
                                                   for key, roles in snap.roles])

    def _verdicts(self, record: Record) -> list[Button]:
        """Uphold and Overturn; pressed before the delay, the node refuses and says until when."""
        return [(f"{verdict} {record.id}", caption, partial(self.rule.emit, record.id, verdict))
                for verdict, caption in (("uphold", tr("Uphold")), ("overturn", tr("Overturn")))]

    def _show_penalties(self, snap: RoomSnapshot) -> None:
        now = int(time.time() * 1000)
        shown = sorted(snap.my_penalties, key=lambda p: (-p.starts, p.id))
        if self.penalties.fill((snap.my_penalties, snap.scores.format_signed(0)),
                               [(words.penalty_line(snap, p, now), []) for p in shown]):
            self._ticking = [(label, p) for label, p in zip(self.penalties.labels, shown, strict=True)
                             if p.state == "active"]
        if self._ticking and not self._tick.isActive():
            self._tick.start()
        elif not self._ticking:
            self._tick.stop()

    def _on_tick_timeout(self) -> None:
        if self.snapshot is None:
            return
        now = int(time.time() * 1000)
        for label, penalty in self._ticking:
            label.setText(words.penalty_line(self.snapshot, penalty, now))
