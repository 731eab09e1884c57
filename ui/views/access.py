"""Access: every door of the room's policy — open, locked, or locked by your friends.

It also tells what changed since the last snapshot (a door opened, closed, or is now held shut by
my friends), so the window can say so: consequences are felt, not found later.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot
from nosedive.scoring import ScoreTable, TierStatus

from .. import theme
from ..icons import pixmap
from ..tr import tr
from ..widgets.elided import ElidedLabel
from .common import CardView, clear_layout, plain_label, plain_tooltip


def state_text(state: str, opened_by_friends: bool, locked_by: str = "", opened_by: str = "") -> str:
    if locked_by:  # joint punishment: another agency's list holds it shut, whatever the score
        return tr("LOCKED BY A LIST")
    if state == "open" and opened_by:  # a red list holds it open
        return tr("OPEN · THANKS TO A LIST")
    if state == "open":
        return tr("OPEN · thanks to friends") if opened_by_friends else tr("OPEN")
    if state == "locked_by_friends":
        return tr("LOCKED BY YOUR FRIENDS")
    return tr("LOCKED")


@dataclass(frozen=True)
class DoorChange:
    """One door that moved between two snapshots."""

    name: str
    before: str  # "open" | "locked" | "locked_by_friends"
    after: str
    reason: str = ""  # the joint punishment that closed it now ("Court: on the blacklist — flights closed")

    def sentence(self) -> str:
        if self.reason and self.after != "open":
            return self.reason
        if self.after == "open":
            return tr("{door} is open to you now").format(door=self.name)
        if self.after == "locked_by_friends":
            return tr("{door} is locked by your friends: without them it would be open").format(door=self.name)
        if self.before == "locked_by_friends":
            return tr("{door} is locked now (and would be without your friends too)").format(door=self.name)
        return tr("{door} closed to you").format(door=self.name)

    @property
    def good(self) -> bool:
        return self.after == "open"


class AccessView(CardView):
    """Signals: ``changed(tuple[DoorChange, ...])`` when doors moved (never on the first snapshot)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("ACCESS"), spacing=8, parent=parent)
        scroll = QScrollArea()  # a short window scrolls the doors instead of squeezing them
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(0, 0, 0, 0)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(5)
        outer.addLayout(self.rows)
        outer.addStretch(1)
        scroll.setWidget(inner)
        self.body.addWidget(scroll, 1)
        self.states: dict[str, str] = {}
        self._shown: tuple[tuple[str, str, int, bool, str, str], ...] | None = None  # what the rows show
        self._rows: list[DoorRow] = []

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        table: ScoreTable = snap.scores
        tiers = table.tiers(snap.me)
        shown = tuple((t.name, t.state, t.distance, t.opened_by_friends, t.locked_by, t.opened_by) for t in tiers)
        if shown == self._shown:
            return
        first = self._shown is None
        self._shown = shown
        before, self.states = self.states, {t.name: t.state for t in tiers}
        ordered = sorted(tiers, key=lambda t: t.threshold)
        if [row.door for row in self._rows] != [tier.name for tier in ordered]:  # other doors: new rows
            clear_layout(self.rows)
            self._rows = [DoorRow(tier.name) for tier in ordered]
            for row in self._rows:
                self.rows.addWidget(row)
        for row, tier in zip(self._rows, ordered, strict=True):  # the same doors: the rows stay, and so
            row.show_tier(tier, self._detail(table, tier))   # does their arrangement (no flicker)
        reasons = {t.name: t.locked_by for t in tiers}
        changes = tuple(DoorChange(name, before[name], state, reasons[name]) for name, state in self.states.items()
                        if name in before and before[name] != state)
        if changes and not first:
            self.changed.emit(changes)

    @staticmethod
    def _detail(table: ScoreTable, tier: TierStatus) -> str:
        if tier.distance >= 0:  # not the state: a list may hold shut a door the score reaches, or open one
            detail = tr("from {threshold} · {distance} to spare")
        else:
            detail = tr("from {threshold} · {distance} to go")
        return detail.format(threshold=table.format(tier.threshold), distance=table.format(abs(tier.distance)))


class DoorRow(QFrame):
    """One door: its name and distance, an icon and the state's chip — the chip goes under them when the row
    is too narrow for the name beside a long state ("LOCKED BY YOUR FRIENDS")."""

    NAME_ROOM = 120  # px at 1280×800: the name's width before the chip moves down

    def __init__(self, door: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.door = door
        self.setProperty("row", True)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(14, 5, 12, 5)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self.name = ElidedLabel(door, "door")
        self.sub = ElidedLabel("", "muted")
        self.grid.addWidget(self.name, 0, 0)
        self.grid.addWidget(self.sub, 1, 0)
        self.grid.setColumnStretch(0, 1)
        self.glyph = plain_label(wrap=False)
        self._icon = ""
        self.grid.addWidget(self.glyph, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        self.chip = plain_label(wrap=False)
        self.chip.setProperty("chip", True)
        self.stacked = False
        self.grid.addWidget(self.chip, 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        self.reason = plain_label("", "locked-by", self)  # a joint punishment's sentence, whole (it is why);
        self.reason.hide()  # in the grid only once a list moved this door: other rooms' rows stay as they were
        # Measured on the next turn of the event loop, never inside a restyle (fonts are in flux there).
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._arrange)

    def show_tier(self, tier: TierStatus, detail: str) -> None:
        """The door's state now; the arrangement is measured again only if the words changed."""
        self.sub.setText(detail)
        icon = "open" if tier.state == "open" else ("friends" if tier.state == "locked_by_friends" else "lock")
        if icon != self._icon:
            self._icon = icon
            self.glyph.setPixmap(pixmap(icon, round(18 * theme.unit_of(self))))
        state = "state-locked_by_list" if tier.locked_by else f"state-{tier.state}"
        if self.chip.objectName() != state:
            self.chip.setObjectName(state)
            self.chip.style().unpolish(self.chip)
            self.chip.style().polish(self.chip)
        self.chip.setText(state_text(tier.state, tier.opened_by_friends, tier.locked_by, tier.opened_by))
        reason = tier.locked_by or (tier.opened_by if tier.state == "open" else "")
        if reason and self.grid.indexOf(self.reason) < 0:
            self.grid.addWidget(self.reason, 3, 0, 1, 3)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.setToolTip(plain_tooltip(tier.description))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._icon:
            unit = theme.unit_of(self)
            theme.fit_layouts(self, unit)
            self.glyph.setPixmap(pixmap(self._icon, round(18 * unit)))
            self._later.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._later.start()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a label's type changed after mine: measure again
            self._later.start()
        return super().event(event)

    def _arrange(self) -> None:
        margins = self.grid.contentsMargins()
        words = max(round(self.NAME_ROOM * theme.unit_of(self)), self.name.sizeHint().width(),
                    self.sub.sizeHint().width())  # room for the name and the distance, uncut
        needed = (words + 6 + self.chip.sizeHint().width() + self.grid.horizontalSpacing()
                  + margins.left() + margins.right())  # 6: rounding in the grid's share-out
        glyph = max(self.glyph.sizeHint().width(), self.glyph.width()) + self.grid.horizontalSpacing()
        self.glyph.setVisible(self.width() >= needed + glyph)  # the chip says it too: the icon goes first
        stacked = self.width() < needed  # rather three lines than a cut distance
        if stacked != self.stacked:
            self.stacked = stacked
            self.grid.removeWidget(self.chip)
            if stacked:
                self.grid.addWidget(self.chip, 2, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
            else:
                self.grid.addWidget(self.chip, 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
