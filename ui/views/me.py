"""Me: my face, my name, the big animated number and where it comes from."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot

from ..tr import tr
from ..widgets.avatar import avatar
from ..widgets.elided import ElidedLabel
from ..widgets.score_dial import ScoreDial
from .common import CardView, facilitator_badge, plain_label, points


class MeView(CardView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(None, parent=parent)
        layout = self.body
        head = QHBoxLayout()
        self.picture = plain_label(wrap=False)
        self.picture.setFixedSize(64, 64)
        self._face: tuple[str, str, bytes] | None = None
        names = QVBoxLayout()
        self.name = ElidedLabel("", "title", mode=Qt.TextElideMode.ElideMiddle)
        self.badge = facilitator_badge()
        self.badge.setStyleSheet("")  # the theme's rule, which scales with the window
        self.badge.hide()
        self.tagline = ElidedLabel("", "muted")
        heading = QHBoxLayout()
        heading.addWidget(self.name, 1)
        heading.addWidget(self.badge)
        names.addLayout(heading)
        names.addWidget(self.tagline)
        head.addWidget(self.picture)
        head.addLayout(names, 1)
        layout.addLayout(head)
        self.dial = ScoreDial()
        layout.addWidget(self.dial, 1)
        self.breakdown = plain_label()
        self.breakdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.breakdown.setObjectName("Breakdown")
        layout.addWidget(self.breakdown)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._show_face()

    def _show_face(self) -> None:
        pixels = self.font().pixelSize()
        side = round(64 * (pixels if pixels > 0 else 14) / 14)
        self.picture.setFixedSize(side, side)
        if self._face is not None:
            self.picture.setPixmap(avatar(*self._face, side))

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        me = snap.person(snap.me)
        table = snap.scores
        score = table.score(snap.me)
        policy = table.policy
        if me is not None:
            self.name.setText(me.label or me.name)
            self.badge.setVisible(me.is_facilitator)
            if self._face != (me.key, me.name, me.avatar):
                self._face = (me.key, me.name, me.avatar)
                self._show_face()
        labels = " · ".join(table.labels(snap.me))
        self.tagline.setText(tr("{room} · {labels}").format(room=snap.room_name, labels=labels) if labels
                             else snap.room_name)
        self.dial.set_scale(points(policy.low), points(policy.high), policy.decimals)
        if snap.me in table.people:  # until my first score arrives the dial says "—", never 0.000
            self.dial.set_value(points(score.final))
        self.dial.set_caption(table.grade(snap.me) or "")
        self.breakdown.setVisible(snap.me in table.people)
        self.breakdown.setText(tr("ratings {base} · friends {drag} → {final}").format(
            base=table.format(score.base), drag=table.format_signed(score.drag), final=table.format(score.final)))
