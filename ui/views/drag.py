"""Drag: how each friend pulls on you, and what would change without them; in a room with groups, also
who pulls you through which group (a relative's record, a colleague's), as the engine explains it.

Everything shown comes ready-made in the snapshot (``snap.drag``, computed on the
node's loop thread): this view only formats it, so no score arithmetic runs on the
GUI thread.
"""
from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot
from nosedive.scoring import FriendPull, ScoreTable

from ..tr import tr
from ..widgets.drag_graph import DragGraph, Pull
from .common import CardView, clear_layout, plain_label, points, shown_name


class DragView(CardView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("YOUR FRIENDS' PULL"), parent=parent)
        layout = self.body
        self.graph = DragGraph()
        layout.addWidget(self.graph, 1)
        self.sentences = QVBoxLayout()
        layout.addLayout(self.sentences)
        self.texts: list[str] = []
        self._shown: object = None

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        table = snap.scores
        # The table's hash stands for the policy's number format; the summary for what is shown.
        key = (table.hash(), snap.drag, snap.group_pulls, tuple((p.key, shown_name(p)) for p in snap.people))
        if key == self._shown:
            return
        self._shown = key
        people = {p.key: p for p in snap.people}
        me = people.get(snap.me)
        pulls = []
        texts = []
        for pull in snap.drag.friends:
            friend = people.get(pull.friend)
            name = shown_name(friend) if friend else pull.friend[:8]
            pulls.append(Pull(pull.friend, friend.name if friend else name, friend.avatar if friend else b"",
                              points(pull.drag), table.format_signed(pull.drag), caption=name))
            texts.append(self._what_if(table, pull, name))
        for through in snap.group_pulls:  # a relative, a colleague: pulled through a group, not a friendship
            person = people.get(through.person)
            name = shown_name(person) if person else through.person[:8]
            pulls.append(Pull(through.person, person.name if person else name, person.avatar if person else b"",
                              points(through.amount), table.format_signed(through.amount),
                              caption=tr("{name} · {group}").format(name=name, group=through.group_name),
                              through=through.group))
            texts.append(through.sentence)
        self.set_title(tr("WHO PULLS ON YOU") if snap.group_pulls else tr("YOUR FRIENDS' PULL"))
        self.graph.set_graph((snap.me, me.name if me else "", me.avatar if me else b""), tuple(pulls),
                             shown_name(me) if me else "")
        self.texts = texts
        clear_layout(self.sentences)
        for text in texts or [tr("Befriend someone to see how their score pulls on yours.")]:
            self.sentences.addWidget(plain_label(text, "muted"))  # names are typed by other participants

    @staticmethod
    def _what_if(table: ScoreTable, pull: FriendPull, name: str) -> str:
        drag = pull.drag
        direction = tr("drags you down") if drag < 0 else (tr("lifts you up") if drag > 0 else tr("does not move you"))
        sentence = tr("{name} {direction} {drag}. Without {name} you would be {score}").format(
            name=name, direction=direction, drag=table.format_signed(drag), score=table.format(pull.without.final))
        if pull.would_open:
            sentence += tr(" — {doors} would open").format(doors=", ".join(pull.would_open))
        if pull.would_close:
            sentence += tr(" — {doors} would close").format(doors=", ".join(pull.would_close))
        return sentence + "."
