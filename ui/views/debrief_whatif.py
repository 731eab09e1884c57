"""The debrief's fourth page: the same session under other rules, side by side.

The facilitator picks another rule set (a preset, or a policy file) and/or turns rules off; the
page asks for it (``asked``) and shows, when the engine's frozen
:class:`~nosedive.debrief.whatif.WhatIf` comes back, this session's rules on the left and the
other rules on the right: each side's leaderboard (the doors that differ marked on both sides),
each side's timelines, and the engine's sentences on what differs. Nothing here scores.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nosedive.core import policy
from nosedive.debrief import DebriefData
from nosedive.debrief.charts import short
from nosedive.debrief.whatif import WhatIf
from nosedive.scoring.comparison import PersonChange
from nosedive.scoring.counterfactual import TOGGLES

from ..tr import tr
from ..widgets.debrief_charts import LINES, TimelineChart
from .common import plain_label

SENTENCES = 3  # people whose differences are spelled out (the rest are in the export)
CHIPS = 1  # doors marked in one row (then "+N")
ROWS_HEIGHT = 16 * 23  # the leaderboard's height before it scrolls
DOOR = 20  # characters of a door in a row's mark
NAME = 21  # characters of a name in a row (the export has them whole)
FILE = "\x00file"  # the combo item that opens a file dialog (no preset has this name)
STYLE = """
#WhatIf QLabel[role="row"] { font-size: 19px; }
#WhatIf QLabel[role="rowmuted"] { font-size: 19px; color: #b8b9cf; }
#WhatIf QLabel[role="moved"] { font-size: 19px; font-weight: 800; color: #fffffe; }
#WhatIf QLabel[role="side"] { font-size: 25px; font-weight: 900; color: #fffffe; }
#WhatIf QLabel[role="why"] { font-size: 21px; }
#WhatIf QLabel[role="refused"] { font-size: 24px; font-weight: 800; color: #ff6e6e; }
#WhatIf QLabel[door="open"] { font-size: 17px; font-weight: 800; color: #0f0e17; background: #5fe0a0;
                              border-radius: 8px; padding: 1px 8px; }
#WhatIf QLabel[door="shut"] { font-size: 17px; font-weight: 800; color: #ff8ba7; background: #3a1b27;
                              border: 2px solid #ff8ba7; border-radius: 8px; padding: 0 7px; }
#WhatIf QComboBox { font-size: 22px; padding: 6px 12px; background: #1c1a29; color: #fffffe;
                    border: 2px solid #34324a; border-radius: 12px; }
#WhatIf QPushButton { font-size: 19px; padding: 6px 12px; }
"""


def card() -> tuple[QFrame, QVBoxLayout]:
    """The projector's rounded card (styled by the debrief view's sheet)."""
    frame = QFrame()
    frame.setObjectName("Card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 16, 24, 16)
    layout.setSpacing(8)
    return frame, layout


def toggle_words() -> dict[str, str]:
    """What each toggle button says, by the engine's rule name (every rule the engine can turn off)."""
    words = {"drag": tr("friend drag"), "weights": tr("rater weights"), "prior": tr("the prior"),
             "double-damage": tr("double damage"), "elite": tr("the elite's protection")}
    return {name: words.get(name, name) for name in TOGGLES}


class WhatIfPage(QWidget):
    """Signals: asked(object, object) — the rules to compare with: a preset's name or a file's path
    (None: the room's own), and the tuple of rules turned off."""

    asked = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WhatIf")
        self.setStyleSheet(STYLE)
        self.result: WhatIf | None = None
        self.pending: tuple[str | None, tuple[str, ...]] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self._controls())
        self.status = plain_label(tr("Choose other rules, or turn a rule off, to see this session replayed "
                                     "under them."), "muted")
        layout.addWidget(self.status)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        self.sides = (Side(), Side())
        for side in self.sides:
            columns.addWidget(side, 1)
        layout.addLayout(columns, 1)
        why, self.why = card()
        self.why.setSpacing(6)
        layout.addWidget(why)
        self._fill_why(None)

    def _controls(self) -> QHBoxLayout:
        line = QHBoxLayout()
        line.setSpacing(12)
        line.addWidget(plain_label(tr("Other rules:"), wrap=False))
        self.rules = QComboBox()
        self.rules.setAccessibleName(tr("Other rules"))
        self.rules.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rules.setMinimumContentsLength(24)
        self.rules.addItem(tr("This session's own rules"), None)
        for name in policy.preset_names():
            self.rules.addItem(policy.parse_policy(policy.load_preset(name)).title or name, name)
        self.rules.addItem(tr("A policy file…"), FILE)
        self.rules.activated.connect(self._on_rules_activated)
        line.addWidget(self.rules, 1)
        line.addSpacing(12)
        line.addWidget(plain_label(tr("Without:"), wrap=False))
        self.toggles: dict[str, QPushButton] = {}
        for name, words in toggle_words().items():
            button = QPushButton(words)
            button.setCheckable(True)
            button.toggled.connect(lambda _on=False: self._ask())
            self.toggles[name] = button
            line.addWidget(button)
        return line

    # ------------------------------------------------------------ asking
    def choose(self, choice: str | None) -> None:
        """Compare with *choice* (a preset's name or a policy file's path; None: the room's own rules)."""
        index = self.rules.findData(choice)
        if index < 0 and choice is not None:
            self.rules.insertItem(self.rules.count() - 1, short(Path(choice).name, 40), choice)
            index = self.rules.count() - 2
        self.rules.setCurrentIndex(max(index, 0))
        self._ask()

    def _on_rules_activated(self, index: int) -> None:
        if self.rules.itemData(index) != FILE:
            self._ask()
            return
        path, _ = QFileDialog.getOpenFileName(self, tr("Rules to compare with"), "", tr("Policy files (*.json)"))
        self.choose(path or None) if path else self.rules.setCurrentIndex(0)

    def ask_again(self) -> None:
        """The same question again (the debrief was refreshed: the session may have gone on)."""
        if self.pending is not None or self.result is not None:
            self._ask()

    def rules_off(self) -> tuple[str, ...]:
        return tuple(name for name, button in self.toggles.items() if button.isChecked())

    def _ask(self) -> None:
        choice, off = self.rules.currentData(), self.rules_off()
        if choice == FILE:
            return
        if choice is None and not off:
            self.pending = None
            self.status.setProperty("role", "muted")
            self.status.setText(tr("These are the session's own rules: choose others, or turn a rule off."))
            self._restyle(self.status)
            return
        self.pending = (choice, off)
        self.status.setProperty("role", "muted")
        self.status.setText(tr("Scoring the same session again under {rules}…").format(
            rules=self.rules.currentText()))
        self._restyle(self.status)
        self.asked.emit(choice, off)

    # ------------------------------------------------------------ answers
    def show_whatif(self, result: WhatIf) -> None:
        """Draw *result* (ignored when the facilitator has since asked for something else)."""
        if self.pending != (result.choice, result.rules_off):
            return
        self.result = result
        comparison = result.comparison
        moved = len(comparison.changed)
        doors = sum(len(c.opened) + len(c.closed) for c in comparison.people)
        self.status.setText(tr("{moved} of {people} people would stand differently; {doors} doors differ. "
                               "Nothing was signed or sent.").format(moved=moved, people=len(comparison.people),
                                                                     doors=doors))
        changed = [row.key for row in result.real.people if row.key in {c.person for c in comparison.changed}]
        colours = {key: LINES[index % len(LINES)] for index, key in enumerate(changed)}  # one colour each, both sides
        self.sides[0].show_side(tr("This session: {rules}").format(rules=result.real.rules), result.real,
                                result, None, colours)
        self.sides[1].show_side(tr("Under: {rules}").format(rules=result.other.rules), result.other,
                                result, result.real, colours)
        self._fill_why(result)

    def show_refused(self, text: str) -> None:
        """One line in the window: what was wrong, and (the engine's sentence says) what to do."""
        self.pending = None
        self.status.setProperty("role", "refused")
        self.status.setText(text)
        self._restyle(self.status)

    def _restyle(self, label: QLabel) -> None:
        label.style().unpolish(label)
        label.style().polish(label)

    def _fill_why(self, result: WhatIf | None) -> None:
        _clear(self.why)
        self.why.addWidget(plain_label(tr("What differs, and why"), "heading", wrap=False))
        if result is None:
            self.why.addWidget(plain_label(tr("Nothing compared yet."), "muted"))
            return
        data, changes = result.real, result.comparison.changed
        shown = sorted(changes, key=lambda c: (not (c.opened or c.closed), data.name(c.person)))[:SENTENCES]
        for change in shown:  # the engine's sentences, as they are: what made the difference first
            self.why.addWidget(plain_label(f"{short(data.name(change.person), NAME)}: "
                                           + "; ".join(_why(change)), "why"))
        if not changes:
            self.why.addWidget(plain_label(tr("Nobody would stand differently under these rules."), "muted"))
        elif len(changes) > len(shown):
            self.why.addWidget(plain_label(tr("…and {n} more: see the export.").format(n=len(changes) - len(shown)),
                                           "muted"))


def _why(change: PersonChange) -> list[str]:
    """The sentences for the projector: the rules that made a difference, then the doors (the charts
    show when the paths parted). The engine orders them: parted, opened, closed, then the attributions."""
    said = (change.diverged_at is not None) + bool(change.opened) + bool(change.closed)
    doors = list(change.reasons[int(change.diverged_at is not None):said])
    return (list(change.reasons[said:]) + doors)[:1] or list(change.reasons[:1])


def _clear(layout: QVBoxLayout) -> None:
    """Remove every item of *layout*, its widgets deleted."""
    while layout.count() > 0:
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # gone from the screen now, deleted once the event loop gets to it
            widget.deleteLater()


class Side(QWidget):
    """One rule set's half of the page: its name, its leaderboard with the doors, its timelines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, self.body = card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.title = plain_label("", "side")  # wraps rather than widen the column (a file name can be long)
        self.body.addWidget(self.title)
        self.board = QWidget()
        self.rows = QScrollArea()  # a class of 13 fits; a room of 40 scrolls rather than push the chart off
        self.rows.setWidgetResizable(True)
        self.rows.setFrameShape(QFrame.Shape.NoFrame)
        self.rows.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows.setWidget(self.board)
        self.body.addWidget(self.rows)
        self.timeline = TimelineChart()
        self.timeline.names = False  # the rows above name the lines: each rank is drawn in its line's colour
        self.timeline.setMinimumSize(400, 180)
        self.body.addWidget(self.timeline, 1)
        self.doors: dict[str, list[QLabel]] = {}  # person -> the door chips drawn in their row

    def show_side(self, title: str, data: DebriefData, result: WhatIf, real: DebriefData | None,
                  colours: dict[str, str]) -> None:
        """*data* is this side's debrief; *real* the session's own (given on the other side: ranks move);
        *colours* the line colour of each person for whom something differs."""
        self.title.setText(title)
        board = QWidget()
        grid = QGridLayout(board)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0 if len(data.people) > 14 else 2)
        was = {row.key: row.rank for row in real.people} if real is not None else {}
        self.doors = {}
        for index, row in enumerate(data.people):
            role = "moved" if row.key in colours else "rowmuted"
            move = was.get(row.key, row.rank) - row.rank
            rank = plain_label(str(row.rank), "moved" if row.key in colours else "rowmuted", wrap=False)
            if row.key in colours:
                rank.setStyleSheet(f"color: {colours[row.key]};")
            cells = [rank,
                     plain_label(short(row.display, NAME), role, wrap=False),
                     plain_label(row.shown, role, wrap=False), plain_label(row.grade, "rowmuted", wrap=False),
                     plain_label(f" ▲{move}" if move > 0 else (f" ▼{-move}" if move < 0 else ""), "rowmuted",
                                 wrap=False), self._doors(data, row.key, result)]
            for column, cell in enumerate(cells):
                grid.addWidget(cell, index, column)
        grid.setColumnStretch(5, 1)
        self.rows.setWidget(board)  # the old rows are deleted with it
        self.board = board
        self.rows.setMinimumHeight(min(board.sizeHint().height(), ROWS_HEIGHT))
        self.rows.setMinimumWidth(board.sizeHint().width())
        self.timeline.colours = colours
        self.timeline.show_debrief(data)

    def _doors(self, data: DebriefData, person: str, result: WhatIf) -> QWidget:
        """How many doors are open here, then each door that differs: open here (filled) or shut here."""
        cell = QWidget()
        line = QHBoxLayout(cell)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        here = {d.door for d in data.doors if d.person == person and d.state == "open"}
        total = len(data.scores.policy.tiers)
        line.addWidget(plain_label(tr("{open}/{total} doors").format(open=len(here), total=total), "rowmuted",
                                   wrap=False))
        chips = []
        marked = result.doors_differ(person) & result.shared_doors
        differ = [t.name for t in data.scores.policy.tiers if t.name in marked]
        for door in differ[:CHIPS]:
            chip = plain_label(("✓ " if door in here else "✗ ") + short(door, DOOR), wrap=False)
            chip.setProperty("door", "open" if door in here else "shut")
            chips.append(chip)
            line.addWidget(chip)
        if len(differ) > CHIPS:
            line.addWidget(plain_label(f"+{len(differ) - CHIPS}", "rowmuted", wrap=False))
        line.addStretch(1)
        self.doors[person] = chips
        return cell

    def door_chips(self, person: str) -> list[tuple[str, str]]:
        """(text, "open"/"shut") of the doors marked in *person*'s row: what a test reads."""
        return [(chip.text(), str(chip.property("door"))) for chip in self.doors.get(person, [])]

