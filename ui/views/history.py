"""History: my score over time."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from nosedive.room.snapshot import RoomSnapshot

from ..tr import tr
from ..widgets.history_chart import HistoryChart
from .common import CardView, points


class HistoryView(CardView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("YOUR SCORE OVER TIME"), parent=parent)
        layout = self.body
        self.chart = HistoryChart()
        layout.addWidget(self.chart, 1)

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        table = snap.scores
        policy = table.policy
        history = snap.my_history
        # In time order: a change is stamped with its messages' signed time, which can be older than the last.
        data = tuple(sorted((ts / 1000, points(score)) for ts, score in history))
        if data and data[-1][1] != points(table.score(snap.me).final):
            data += ((data[-1][0] + 1, points(table.score(snap.me).final)),)
        lines = tuple((t.name, points(t.threshold)) for t in table.tiers(snap.me))
        self.chart.set_data(data, points(policy.low), points(policy.high), policy.decimals, lines)
