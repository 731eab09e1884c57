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

MAX_GROUP_FACES = 6  # people pulling through groups drawn around me (the strongest); the rest in words
MAX_GROUP_SENTENCES = 4  # group records told under the graph, so the graph keeps its room
MAX_FRIEND_SENTENCES = 4  # friends' what-ifs told under it (the strongest first): seven squeezed the graph flat


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
        texts: list[str] = []
        for pull in snap.drag.friends:
            friend = people.get(pull.friend)
            name = shown_name(friend) if friend else pull.friend[:8]
            pulls.append(Pull(pull.friend, friend.name if friend else name, friend.avatar if friend else b"",
                              points(pull.drag), table.format_signed(pull.drag), caption=name))
            if len(texts) < MAX_FRIEND_SENTENCES:
                texts.append(self._what_if(table, pull, name))
        if len(snap.drag.friends) > MAX_FRIEND_SENTENCES:
            texts.append(tr("…and {count} more: each line of the picture shows its pull").format(
                count=len(snap.drag.friends) - MAX_FRIEND_SENTENCES))
        shown_pulls = sorted(snap.group_pulls, key=lambda g: (-abs(g.amount), g.person, g.group, g.sentence))
        totals: dict[tuple[str, str], tuple[str, int]] = {}  # (person, group) → (group's name, summed pull)
        for through in shown_pulls:  # a relative, a colleague: pulled through a group, not a friendship
            name_of_group, amount = totals.get((through.person, through.group), (through.group_name, 0))
            totals[(through.person, through.group)] = (name_of_group, amount + through.amount)
        strongest = sorted(totals.items(), key=lambda item: -abs(item[1][1]))[:MAX_GROUP_FACES]
        for (who, group), (group_name, amount) in strongest:  # one face per person and group, however many records
            person = people.get(who)
            name = shown_name(person) if person else who[:8]
            pulls.append(Pull(who, person.name if person else name, person.avatar if person else b"",
                              points(amount), table.format_signed(amount),
                              caption=tr("{name} · {group}").format(name=name, group=group_name), through=group))
        texts += [through.sentence for through in shown_pulls[:MAX_GROUP_SENTENCES]]  # the strongest, in words
        if len(shown_pulls) > MAX_GROUP_SENTENCES:
            texts.append(tr("…and {count} more: each group's card in Groups lists them all").format(
                count=len(shown_pulls) - MAX_GROUP_SENTENCES))
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
