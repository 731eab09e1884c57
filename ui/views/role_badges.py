"""The small role badge beside a name in People: who collects information, who sits on the court.

Read from the snapshot's ``roles`` (the facilitator's signed role messages, settled by the engine);
drawn by us in plain text, so no typed name can look like a badge.
"""
from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QWidget

from nosedive.room.snapshot import RoomSnapshot

from ..tr import tr
from .common import plain_label, plain_tooltip
from .record_words import badge_text


class RoleBadges:
    """Adds a role badge to each person's row (hidden when they hold no role)."""

    def __init__(self) -> None:
        self._roles: dict[str, tuple[str, ...]] = {}
        self._collector = "collector"
        self.badges: dict[str, QLabel] = {}

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self._roles = dict(snap.roles)
        self._collector = snap.scores.policy.records.collector_role

    def text_of(self, key: str) -> str:
        """The badge *key*'s row shows ("" for none)."""
        return badge_text(self._roles.get(key, ()), self._collector)

    def update_row(self, row: QWidget, key: str, heading: QBoxLayout | None) -> None:
        text = self.text_of(key)
        badge = self.badges.get(key)
        if badge is None:
            if not text or heading is None:
                return
            badge = self.badges[key] = plain_label("", parent=row, wrap=False)
            badge.setObjectName("RoleBadge")
            badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            badge.setStyleSheet("border: 1px solid palette(mid); border-radius: 8px; padding: 0 6px;"
                                " font-size: 11px; font-weight: 700;")
            heading.addWidget(badge)
        badge.setText(text)
        badge.setToolTip(plain_tooltip(tr("Holds a role the facilitator granted: {roles}").format(roles=text)
                                       if text else ""))
        badge.setVisible(bool(text))
