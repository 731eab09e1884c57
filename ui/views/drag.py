"""Drag: how each friend pulls on you, and what would change without them."""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot
from nosedive.scoring.explain import explain, what_if_unfriend
from nosedive.ui.tr import tr
from nosedive.ui.views.common import CardView, clear_layout, label, points
from nosedive.ui.widgets.drag_graph import DragGraph, Pull


class DragView(CardView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("YOUR FRIENDS' PULL"), parent=parent)
        layout = self.body
        self.graph = DragGraph()
        layout.addWidget(self.graph, 1)
        self.sentences = QVBoxLayout()
        layout.addLayout(self.sentences)
        self.texts: list[str] = []

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        table = snap.scores
        key = (table.hash(), snap.me, tuple((p.key, p.name) for p in snap.people))
        if key == getattr(self, "_shown", None):
            return
        self._shown = key
        explanation = explain(table, snap.me)
        people = {p.key: p for p in snap.people}
        me = people.get(snap.me)
        pulls = []
        texts = []
        for part in explanation.friends:
            friend = people.get(part.friend)
            name = friend.name if friend else part.friend[:8]
            pulls.append(Pull(part.friend, name, friend.avatar if friend else b"", points(part.drag),
                              table.format_signed(part.drag)))
            texts.append(self._what_if(table, snap.me, part.friend, name, part.drag))
        self.graph.set_graph((snap.me, me.name if me else "", me.avatar if me else b""), tuple(pulls))
        self.texts = texts
        clear_layout(self.sentences)
        for text in texts or [tr("Befriend someone to see how their score pulls on yours.")]:
            self.sentences.addWidget(label(text, "muted"))

    @staticmethod
    def _what_if(table, me: str, friend: str, name: str, drag: int) -> str:
        direction = tr("drags you down") if drag < 0 else (tr("lifts you up") if drag > 0 else tr("does not move you"))
        result = what_if_unfriend(table, me, friend)
        states = {t.name: t.state for t in table.tiers(me)}
        opened = [t.name for t in result.tiers if t.state == "open" and states.get(t.name) != "open"]
        closed = [t.name for t in result.tiers if t.state != "open" and states.get(t.name) == "open"]
        sentence = tr("{name} {direction} {drag}. Without {name} you would be {score}").format(
            name=name, direction=direction, drag=table.format_signed(drag), score=table.format(result.after.final))
        if opened:
            sentence += tr(" — {doors} would open").format(doors=", ".join(opened))
        if closed:
            sentence += tr(" — {doors} would close").format(doors=", ".join(closed))
        return sentence + "."
