"""The projector's debrief: 1920×1080, large type, high contrast, for the back of a classroom.

Four pages (keys 1 to 4): the leaderboard beside everyone's score over the session and the
key moments; who rated whom beside the doors friends kept shut and what the facilitator did;
any person's explanation in large type; and the same session under other rules, side by side
(:mod:`.debrief_whatif`, asked of the engine with ``whatif.asked``). It shows a frozen DebriefData that the bridge
gathered on the engine thread (``NodeBridge.request_debrief``); nothing here scores.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nosedive.debrief import DebriefData
from nosedive.debrief.charts import short

from ..tr import tr
from ..widgets.debrief_charts import MatrixChart, TimelineChart
from .common import clear_layout, plain_label
from .debrief_whatif import WhatIfPage

SIZE = (1920, 1080)
STYLE = """
#Projector { background: #0f0e17; }
#Projector QLabel { color: #fffffe; font-size: 24px; }
#Projector QLabel[role="muted"] { color: #b8b9cf; }
#Projector QLabel[role="title"] { font-size: 44px; font-weight: 900; }
#Projector QLabel[role="heading"] { font-size: 30px; font-weight: 800; color: #ff8ba7; }
#Projector QLabel[role="rank"] { color: #b8b9cf; font-size: 26px; }
#Projector QLabel[role="score"] { font-size: 30px; font-weight: 900; }
#Projector QLabel[role="moment"] { font-size: 26px; }
#Projector QLabel[role="explain"] { font-size: 28px; line-height: 140%; }
#Projector QFrame#Card { background: #1c1a29; border-radius: 18px; }
#Projector QPushButton { background: #1c1a29; color: #fffffe; font-size: 24px; font-weight: 700;
                         border: 2px solid #34324a; border-radius: 14px; padding: 8px 22px; }
#Projector QPushButton:checked { background: #ff8ba7; color: #0f0e17; border-color: #ff8ba7; }
#Projector QListWidget { background: #1c1a29; color: #fffffe; font-size: 26px; border: none; border-radius: 18px; }
#Projector QListWidget::item { padding: 8px 12px; background: #1c1a29; color: #fffffe; border: none; }
#Projector QListWidget::item:selected { background: #ff8ba7; color: #0f0e17; }
#Projector QScrollArea, #Projector QScrollArea > QWidget > QWidget { background: #1c1a29; border: none; }
"""
KIND_TITLES = {"largest-fall": QT_TRANSLATE_NOOP("", "Largest fall"),  # translated where shown
               "first-underclass": QT_TRANSLATE_NOOP("", "First into the underclass"),
               "dropped-friend": QT_TRANSLATE_NOOP("", "Dropped a friend to save their score")}


def card() -> tuple[QWidget, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("Card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(28, 22, 28, 22)
    layout.setSpacing(12)
    return frame, layout


class DebriefView(QWidget):
    """Signals: refresh() — the facilitator asked for the debrief again (R)."""

    refresh = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: DebriefData | None = None
        self.setObjectName("Projector")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(tr("Nosedive debrief"))
        self.resize(*SIZE)
        page = QVBoxLayout(self)
        page.setContentsMargins(40, 28, 40, 28)
        page.setSpacing(20)
        page.addLayout(self._header())
        self.pages = QStackedWidget()
        self.pages.addWidget(self._overview())
        self.pages.addWidget(self._ratings())
        self.pages.addWidget(self._explain())
        self.whatif = WhatIfPage()
        self.pages.addWidget(self.whatif)
        page.addWidget(self.pages, 1)
        self.show_page(0)
        for index in range(self.pages.count()):
            QShortcut(QKeySequence(str(index + 1)), self, lambda i=index: self.show_page(i))
        QShortcut(QKeySequence("R"), self, self.refresh.emit)
        QShortcut(QKeySequence("F11"), self, self.toggle_fullscreen)
        QShortcut(QKeySequence("Escape"), self, self.close)

    # ------------------------------------------------------------ layout
    def _header(self) -> QHBoxLayout:
        line = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = plain_label(tr("Debrief"), "title", wrap=False)
        self.subtitle = plain_label(tr("Gathering what happened…"), "muted")  # wraps: the tabs keep their room
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        line.addLayout(titles, 1)
        self.tabs: list[QPushButton] = []
        for index, text in enumerate((tr("1  Leaderboard"), tr("2  Who rated whom"), tr("3  Explain"),
                                      tr("4  What if"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, i=index: self.show_page(i))
            self.tabs.append(button)
            line.addWidget(button)
        return line

    def _overview(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        board, self.board = card()
        board.setFixedWidth(640)
        layout.addWidget(board)
        right = QVBoxLayout()
        right.setSpacing(20)
        chart, chart_layout = card()
        chart_layout.addWidget(plain_label(tr("Everyone's score over the session"), "heading", wrap=False))
        self.timeline = TimelineChart()
        chart_layout.addWidget(self.timeline, 1)
        right.addWidget(chart, 1)
        self.moments = QHBoxLayout()
        self.moments.setSpacing(20)
        right.addLayout(self.moments)
        layout.addLayout(right, 1)
        return page

    def _ratings(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        matrix, matrix_layout = card()
        matrix_layout.addWidget(plain_label(tr("Who rated whom: the stars that count"), "heading", wrap=False))
        self.matrix = MatrixChart()
        matrix_layout.addWidget(self.matrix, 1)
        layout.addWidget(matrix, 3)
        side, self.side = card()
        layout.addWidget(side, 2)
        return page

    def _explain(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        self.people = QListWidget()  # items are plain text: a QListWidgetItem never reads markup
        self.people.setFixedWidth(460)
        self.people.currentRowChanged.connect(self._on_people_row)
        layout.addWidget(self.people)
        frame, body = card()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.explanation = plain_label("", "explain")
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll.setWidget(self.explanation)
        body.addWidget(scroll)
        layout.addWidget(frame, 1)
        return page

    def toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        for i, button in enumerate(self.tabs):
            button.setChecked(i == index)

    # ------------------------------------------------------------ data
    def show_debrief(self, data: DebriefData) -> None:
        self.data = data
        minutes = max(0, (data.last_ts - data.first_ts) // 60_000)
        self.title.setText(data.room_name)
        self.subtitle.setText(tr("{rules} · {people} people · {ratings} ratings · {minutes} minutes").format(
            rules=data.rules, people=len(data.people), ratings=len(data.ratings), minutes=minutes))
        self._fill_board(data)
        self._fill_moments(data)
        self._fill_side(data)
        self.timeline.show_debrief(data)
        self.matrix.show_debrief(data)
        self.people.clear()
        self.people.addItems([f"{row.rank}. {row.display}" for row in data.people])
        if data.people:
            self.people.setCurrentRow(0)

    def _fill_board(self, data: DebriefData) -> None:
        clear_layout(self.board)
        self.board.addWidget(plain_label(tr("Leaderboard"), "heading", wrap=False))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4 if len(data.people) > 16 else 10)
        small = len(data.people) > 16
        for index, row in enumerate(data.people):
            cells = (plain_label(str(row.rank), "rank", wrap=False), plain_label(short(row.display, 22), wrap=False),
                     plain_label(row.shown, "score", wrap=False), plain_label(row.grade, "muted", wrap=False))
            for column, cell in enumerate(cells):
                if small:
                    cell.setStyleSheet("font-size: 19px;")
                grid.addWidget(cell, index, column)
        grid.setColumnStretch(1, 1)
        self.board.addLayout(grid)
        self.board.addStretch(1)

    def _fill_moments(self, data: DebriefData) -> None:
        clear_layout(self.moments)
        shown = data.moments[:3] or ()
        for moment in shown:
            frame, body = card()
            body.addWidget(plain_label(tr(str(KIND_TITLES[moment.kind])) if moment.kind in KIND_TITLES else moment.kind,
                                       "heading"))
            body.addWidget(plain_label(moment.text, "moment"))
            body.addStretch(1)
            self.moments.addWidget(frame, 1)
        if not shown:
            frame, body = card()
            body.addWidget(plain_label(tr("No key moments yet: nobody fell, nobody dropped a friend."), "moment"))
            self.moments.addWidget(frame, 1)

    def _fill_side(self, data: DebriefData) -> None:
        clear_layout(self.side)
        self.side.addWidget(plain_label(tr("Doors locked by friends"), "heading", wrap=False))
        locked = data.doors_locked_by_friends()
        for door in locked[:8]:
            pullers = ", ".join(data.name(friend) for friend in door.pulled_down_by)
            self.side.addWidget(plain_label(tr("{person}: {door}, pulled down by {friends}").format(
                person=data.name(door.person), door=door.door, friends=pullers)))
        if not locked:
            self.side.addWidget(plain_label(tr("No friend kept anyone's door shut."), "muted"))
        self.side.addSpacing(16)
        self.side.addWidget(plain_label(tr("What the facilitator did"), "heading", wrap=False))
        for marker in data.markers[-10:]:
            minute = (marker.ts - data.first_ts) // 60_000
            self.side.addWidget(plain_label(tr("{minute} min  {text}").format(minute=minute, text=marker.text)))
        if not data.markers:
            self.side.addWidget(plain_label(tr("No rounds, rule changes or announcements."), "muted"))
        self.side.addStretch(1)

    def _on_people_row(self, row: int) -> None:
        if self.data is None or not 0 <= row < len(self.data.people):
            return
        self.explanation.setText("\n".join(self.data.explanations.get(self.data.people[row].key, ())))

    def explain(self, key: str) -> None:
        """Show *key*'s explanation in large type (the facilitator picked them elsewhere)."""
        if self.data is None:
            return
        keys = [row.key for row in self.data.people]
        if key in keys:
            self.people.setCurrentRow(keys.index(key))
            self.show_page(2)
