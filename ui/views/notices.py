"""Banners over the window: the underclass, rating closed by the facilitator, the newest announcement.

They read the snapshot only: my grade, ``round`` (is rating open, and why not) and ``announcements``.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from nosedive.room.snapshot import RoomSnapshot
from nosedive.scoring import ScoreTable

from ..tr import tr
from .common import plain_label
from .people import rating_closed_reason


def underclass_grade(table: ScoreTable, me: str) -> str:
    """The name of my grade when it is the room's lowest of several (the episode's "Underclass"), else ""."""
    grades = table.policy.grades
    if len(grades) < 2 or me not in table.people:
        return ""
    return grades[0].name if table.grade(me) == grades[0].name else ""


class Notice(QFrame):
    """One banner: a line of text, hidden while it has nothing to say."""

    def __init__(self, kind: str, closable: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Notice")
        self.setProperty("kind", kind)
        line = QHBoxLayout(self)
        line.setContentsMargins(18, 8, 12, 8)
        self.text = plain_label("", "section")
        self.text.setWordWrap(True)
        line.addWidget(self.text, 1)
        self.close_button: QPushButton | None = None
        if closable:
            self.close_button = QPushButton(tr("×"))
            self.close_button.setProperty("kind", "toggle")
            self.close_button.setAccessibleName(tr("Dismiss"))
            self.close_button.clicked.connect(self.hide)
            line.addWidget(self.close_button)
        self.hide()

    def say(self, text: str) -> None:
        self.text.setText(text)
        self.setVisible(bool(text))


class NoticeBar(QWidget):
    """Signals: ``underclass(str)`` with my grade's name on falling into the lowest grade, "" on rising out."""

    underclass = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.lowest, self.closed, self.announcement = Notice("underclass"), Notice("closed"), Notice("news", True)
        for notice in (self.lowest, self.closed, self.announcement):
            column.addWidget(notice)
        self.grade = ""
        self._announced = ""  # the id of the announcement on show (a dismissed one stays dismissed)

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        grade = underclass_grade(snap.scores, snap.me)
        if grade != self.grade:
            self.grade = grade
            description = next((g.description for g in snap.scores.policy.grades if g.name == grade), "")
            self.lowest.say(tr("You are {grade}: {description}").format(grade=grade, description=description)
                            if grade and description else (tr("You are {grade}").format(grade=grade) if grade else ""))
            self.underclass.emit(grade)
        self.closed.say(rating_closed_reason(snap))
        announcements = snap.announcements
        if announcements and announcements[-1].id != self._announced:
            newest = announcements[-1]
            self._announced = newest.id
            when = dt.datetime.fromtimestamp(newest.ts / 1000).strftime("%H:%M")
            self.announcement.say(tr("{when} · From the facilitator: {text}").format(when=when, text=newest.text))
