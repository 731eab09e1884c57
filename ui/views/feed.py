"""Feed: ratings and friendships as they arrive; a toast when someone rates you."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListWidget, QListWidgetItem, QWidget

from nosedive.room.snapshot import FeedItem, RoomSnapshot

from ..tr import tr
from .common import CardView, plain_label

FEED_ROWS = 120


def describe(item: FeedItem, names: dict[str, str], me: str) -> str | None:
    who = tr("You") if item.author == me else names.get(item.author, item.author[:8])
    whom = ""
    if item.subject:
        whom = tr("you") if item.subject == me else names.get(item.subject, item.subject[:8])
    if item.type == "rate":
        stars = "★" * (item.stars or 0) + "☆" * (5 - (item.stars or 0))
        note = f" — “{item.note}”" if item.note else ""
        return tr("{who} rated {whom} {stars}{note}").format(who=who, whom=whom, stars=stars, note=note)
    if item.type == "friend":
        verb = tr("befriended") if item.on else tr("dropped")
        return tr("{who} {verb} {whom}").format(who=who, verb=verb, whom=whom)
    if item.type == "profile":
        return tr("{who} joined the room").format(who=who)
    return None


class FeedView(CardView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("LIVE FEED"), parent=parent)
        layout = self.body
        self.list = QListWidget()
        self.list.setWordWrap(True)
        layout.addWidget(self.list, 1)
        self._shown: set[str] = set()

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        names = {p.key: p.name for p in snap.people}
        for item in snap.feed:
            if item.id in self._shown:
                continue
            self._shown.add(item.id)
            text = describe(item, names, snap.me)
            if text is None:
                continue
            when = dt.datetime.fromtimestamp(item.ts / 1000).strftime("%H:%M")
            row = QListWidgetItem(f"{when}   {text}")
            self.list.insertItem(0, row)
        while self.list.count() > FEED_ROWS:
            self.list.takeItem(self.list.count() - 1)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


class Toast(QFrame):
    """A notification that slides over the window for a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.setObjectName("Toast")
        line = QHBoxLayout(self)
        line.setContentsMargins(20, 12, 20, 12)
        self.text = plain_label(wrap=False)
        self.text.setObjectName("ToastText")
        line.addWidget(self.text)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_message(self, text: str, seconds: float = 4.0) -> None:
        self.text.setText(text)
        self.adjustSize()
        self.move((self._parent.width() - self.width()) // 2, 24)
        self.raise_()
        self.show()
        self._timer.start(int(seconds * 1000))
