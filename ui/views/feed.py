"""Feed: ratings, friendships, renames and the facilitator's sentences as they arrive; the window's own
lines (a door that opened or closed); a toast when someone rates you."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QListWidget, QListWidgetItem, QWidget

from nosedive.room.snapshot import FeedItem, RoomSnapshot

from ..tr import tr
from .common import CardView, facilitator_icon, plain_label, plain_tooltip, shown_name

FEED_ROWS = 120


def shown_names(snap: RoomSnapshot) -> dict[str, str]:
    """key -> how a feed line or a toast names them: label, and the facilitator marked. Someone whose
    profile has not arrived yet is left out: a line says "Someone new", not a raw fingerprint."""
    return {p.key: shown_name(p) for p in snap.people if p.name != p.fingerprint}


def describe(item: FeedItem, names: dict[str, str], me: str) -> str | None:
    if item.detail:  # the facilitator's round, announcement, rule change, admission: the engine's sentence
        return item.detail
    who = tr("You") if item.author == me else names.get(item.author) or tr("Someone new")
    whom = ""
    if item.subject:
        whom = tr("you") if item.subject == me else names.get(item.subject) or tr("someone new")
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
        self._called: dict[str, str] = {}  # author -> the label their last profile line used

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        names = {p.key: p.label or p.name for p in snap.people  # a shared name carries its fingerprint
                 if p.name != p.fingerprint}  # no profile yet: "Someone new"
        boss = next((p for p in snap.people if p.is_facilitator and not p.is_me), None)
        new = [item for item in snap.feed if item.id not in self._shown]
        self._shown.update(item.id for item in new)
        said = {item.id: self._profile_line(item, names, snap.me)  # in order: a rename needs the name before
                for item in new if item.type == "profile"}
        lines: list[tuple[FeedItem, str]] = []  # the newest FEED_ROWS lines only: a catch-up brings hundreds
        for item in reversed(new):  # a snapshot, and the rest would be pushed out at once
            text = said.get(item.id) or describe(item, names, snap.me)
            if text is not None:
                lines.append((item, text))
                if len(lines) == FEED_ROWS:
                    break
        for item, text in reversed(lines):
            row = self._add(item.ts, text)
            if boss is not None and boss.key in (item.author, item.subject):
                self._mark(row, names.get(boss.key) or boss.label or boss.name)

    def _profile_line(self, item: FeedItem, names: dict[str, str], me: str) -> str | None:
        """A first profile is someone joining; a later one with another name is a rename."""
        name = names.get(item.author) or tr("Someone new")
        before = self._called.get(item.author)
        self._called[item.author] = name
        who = tr("You") if item.author == me else name
        if before is None:
            return tr("{who} joined the room").format(who=who)
        if before != name:
            old = tr("You") if item.author == me else before
            return tr("{old} is now called {new}").format(old=old, new=name)
        return tr("{who} updated their profile").format(who=who)

    def add_note(self, text: str, ts_ms: int | None = None) -> None:
        """A line of the window's own (a door opened or closed): what changed for me, when it did."""
        self._add(ts_ms if ts_ms is not None else int(dt.datetime.now().timestamp() * 1000), text)

    def _add(self, ts_ms: int, text: str) -> QListWidgetItem:
        when = dt.datetime.fromtimestamp(ts_ms / 1000).strftime("%H:%M")
        row = QListWidgetItem(f"{when}   {text}")
        self.list.insertItem(0, row)
        while self.list.count() > FEED_ROWS:
            self.list.takeItem(self.list.count() - 1)
        return row

    @staticmethod
    def _mark(row: QListWidgetItem, label: str) -> None:
        """The facilitator's badge on a line that names them: painted by us, so no typed name can fake it."""
        said = tr("{name} is the facilitator").format(name=label)
        row.setIcon(facilitator_icon())
        row.setToolTip(plain_tooltip(said))
        row.setData(Qt.ItemDataRole.AccessibleDescriptionRole, said)

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def marks(self) -> list[str]:
        """Per line, newest first: who it marks as the facilitator ("" for none)."""
        return [self.list.item(i).data(Qt.ItemDataRole.AccessibleDescriptionRole) or ""
                for i in range(self.list.count())]


class Toast(QFrame):
    """A notification that slides over the window for a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.setObjectName("Toast")
        line = QHBoxLayout(self)
        line.setContentsMargins(20, 12, 20, 12)
        self.text = plain_label(wrap=True)  # a long note wraps inside the window instead of leaving it
        self.text.setObjectName("ToastText")
        line.addWidget(self.text)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_message(self, text: str, seconds: float = 4.0, kind: str = "") -> None:
        """*kind* "good" or "bad" tints it (a door opened, or closed)."""
        self.text.setText(text)
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.setMaximumWidth(max(200, self._parent.width() - 120))
        width = min(self.text.fontMetrics().horizontalAdvance(text) + 8, self.text.maximumWidth())
        self.text.setMinimumWidth(width)
        self.adjustSize()
        self.move((self._parent.width() - self.width()) // 2, 24)
        self.raise_()
        self.show()
        self._timer.start(int(seconds * 1000))
