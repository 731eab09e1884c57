"""Access: every door of the room's policy — open, locked, or locked by your friends."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot
from nosedive.scoring import ScoreTable, TierStatus

from ..icons import pixmap
from ..tr import tr
from .common import CardView, clear_layout, plain_label, plain_tooltip

_STATES = {
    "open": ("#c9f0de", "#2f8a63"),
    "locked": ("#efe6ec", "#8d7688"),
    "locked_by_friends": ("#ffd9de", "#c24562"),
}


def state_text(state: str, opened_by_friends: bool) -> str:
    if state == "open":
        return tr("OPEN · thanks to friends") if opened_by_friends else tr("OPEN")
    if state == "locked_by_friends":
        return tr("LOCKED BY YOUR FRIENDS")
    return tr("LOCKED")


class AccessView(CardView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("ACCESS"), spacing=8, parent=parent)
        layout = self.body
        self.rows = QVBoxLayout()
        self.rows.setSpacing(5)
        layout.addLayout(self.rows)
        layout.addStretch(1)
        self.states: dict[str, str] = {}
        self._shown: tuple[tuple[str, str, int, bool], ...] | None = None  # what the rows show

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        table: ScoreTable = snap.scores
        tiers = table.tiers(snap.me)
        shown = tuple((t.name, t.state, t.distance, t.opened_by_friends) for t in tiers)
        if shown == self._shown:
            return
        self._shown = shown
        clear_layout(self.rows)
        self.states = {t.name: t.state for t in tiers}
        for tier in sorted(tiers, key=lambda t: t.threshold):
            self.rows.addWidget(self._row(table, tier))

    def _row(self, table: ScoreTable, tier: TierStatus) -> QFrame:
        row = QFrame()
        row.setProperty("row", True)
        line = QHBoxLayout(row)
        line.setContentsMargins(14, 5, 12, 5)
        text = QVBoxLayout()
        name = plain_label(tier.name, wrap=False)
        name.setStyleSheet("font-size: 14px; font-weight: 800;")
        if tier.state == "open":
            detail = tr("from {threshold} · {distance} to spare")
        else:
            detail = tr("from {threshold} · {distance} to go")
        sub = plain_label(detail.format(threshold=table.format(tier.threshold),
                                  distance=table.format(abs(tier.distance))), "muted")
        text.addWidget(name)
        text.addWidget(sub)
        line.addLayout(text, 1)
        glyph = plain_label(wrap=False)
        glyph.setPixmap(pixmap("open" if tier.state == "open" else ("friends" if tier.state == "locked_by_friends"
                                                                   else "lock"), 18))
        line.addWidget(glyph)
        background, ink = _STATES[tier.state]
        chip = plain_label(state_text(tier.state, tier.opened_by_friends), wrap=False)
        chip.setObjectName(f"state-{tier.state}")
        chip.setStyleSheet(f"background: {background}; color: {ink}; border-radius: 11px; padding: 4px 10px;"
                           " font-size: 11px; font-weight: 800;")
        line.addWidget(chip)
        row.setToolTip(plain_tooltip(tier.description))
        return row
