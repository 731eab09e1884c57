"""People: everyone in the room — face, name, number, here or gone, friendship, quick stars.

The list keeps score order, but never moves under the hand: while the pointer is over it or the
keyboard focus is in it, re-sorting waits, and happens when the pointer or the focus leaves.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nosedive.room.snapshot import Person, RoomSnapshot
from nosedive.scoring import ScoreTable

from ..tr import tr
from ..widgets.elided import ElidedLabel
from ..widgets.stars import StarRating
from .admission import AdmissionControls
from .common import CardView, facilitator_badge, plain_label, plain_tooltip
from .rating_note import NotePopover
from .role_badges import RoleBadges
from .rows import RowSizes

Row = tuple[Person, str, int, str, tuple[bool, str, str]]  # a row's person, number, my stars, role badge, context


def rating_closed_reason(snap: RoomSnapshot) -> str:
    """Why the facilitator has rating closed right now ("" while it is open)."""
    current = snap.round
    return "" if current.rating_open else current.reason or tr("Rating is closed for now")


class PersonRow(QFrame):
    """One person; on a narrow list the stars and the Friend button go on a second line.
    Signals: ``rate(key, stars, note)`` (the note "" from the quick stars), ``friend(key, on)``."""

    rate = Signal(str, int, str)
    friend = Signal(str, bool)

    def __init__(self, person: Person, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = person.key
        self.setProperty("row", True)
        self.setProperty("me", person.is_me)
        self.setProperty("away", False)
        self.line = QHBoxLayout(self)  # the admission controls add their buttons at its end
        self.line.setContentsMargins(10, 6, 10, 6)
        self.line.setSpacing(10)
        self.picture = plain_label(wrap=False)
        self.line.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        self.middle = QVBoxLayout()
        self.middle.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(10)
        names = QVBoxLayout()
        names.setSpacing(0)
        # Cut in the middle if need be: the end holds the fingerprint of a shared name.
        self.name = ElidedLabel("", "name", mode=Qt.TextElideMode.ElideMiddle, minimum=60)
        self.badge = facilitator_badge()
        self.badge.setStyleSheet("")  # the theme's rule for it, which scales with the window
        self.badge.setVisible(person.is_facilitator)
        self.detail = ElidedLabel("", "muted", minimum=60)
        self.heading = heading = QHBoxLayout()  # the role badges go at its end (RoleBadges)
        heading.setSpacing(6)
        heading.addWidget(self.name, 1)
        heading.addWidget(self.badge)
        names.addLayout(heading)
        names.addWidget(self.detail)
        top.addLayout(names, 1)
        self.score = plain_label("", "score", wrap=False)
        self.score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.score)
        self.middle.addLayout(top)
        self.line.addLayout(self.middle, 1)
        self.controls = QWidget(self)
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(10)
        self.stars = StarRating(18)
        self.stars.rated.connect(lambda stars: self.rate.emit(self.key, stars, ""))
        # A rating with a note: N or a right-click on the stars opens a panel in the row (made on first
        # use). No button for it: the row keeps its width and its Tab order (stars, Friend, next row).
        self.stars.setAccessibleDescription(tr("Press N or right-click to rate with a note"))
        self.stars.installEventFilter(self)
        self.note_popover: NotePopover | None = None
        self.friend_button = QPushButton()
        self.friend_button.setProperty("kind", "friend")
        self.friend_button.setCheckable(True)
        self.friend_button.clicked.connect(lambda checked: self.friend.emit(self.key, checked))
        controls.addWidget(self.stars)
        controls.addWidget(self.friend_button)
        controls.addStretch(1)
        self.controls.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.compact = False
        if not person.is_me:
            self.line.addWidget(self.controls)
        else:
            self.controls.hide()
        self.sizes = RowSizes(self)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._on_later_timeout)
        self._state: tuple[Person, str, int] | None = None  # what is on screen
        self.update_person(person)

    def set_compact(self, compact: bool) -> None:
        """Two lines (stars and Friend below the name) or one."""
        if compact == self.compact or self._state is None or self._state[0].is_me:
            return
        self.compact = compact
        if compact:
            self.line.removeWidget(self.controls)
            self.middle.addWidget(self.controls)
        else:
            self.middle.removeWidget(self.controls)
            self.line.insertWidget(2, self.controls)

    def wide_width(self) -> int:
        """The width this row needs to hold everything on one line (the name at a readable width)."""
        margins = self.line.contentsMargins()
        items = [self.line.itemAt(i) for i in range(self.line.count())]
        buttons = [item.widget() for item in items if item is not None]  # the facilitator's
        extra = sum(button.sizeHint().width() + self.line.spacing() for button in buttons
                    if isinstance(button, QPushButton) and not button.isHidden())
        room = self.sizes.name_room()
        if not self.badge.isHidden():  # a short name and the badge share the name's room
            room = max(room, min(self.name.sizeHint().width(), room) + 6 + self.badge.sizeHint().width())
        return (margins.left() + margins.right() + self.picture.width() + self.line.spacing() * 2
                + room + self.score.sizeHint().width() + 10
                + self.controls.sizeHint().width() + extra)

    def update_person(self, person: Person, score: str = "", my_stars: int = 0) -> None:
        """Refresh what changed only: a busy room sends many snapshots."""
        state = (person, score, my_stars)
        if state == self._state:
            return
        previous = self._state[0] if self._state is not None else None
        self._state = state
        if previous is None or (previous.name, previous.label, previous.avatar, previous.is_facilitator) != (
                person.name, person.label, person.avatar, person.is_facilitator):
            label = person.label or person.name  # a shared name carries its fingerprint: who is who
            self.sizes.picture(person)
            self.name.setText(tr("{name} (you)").format(name=label) if person.is_me else label)
            self.badge.setVisible(person.is_facilitator)
            role = tr(", facilitator") if person.is_facilitator else ""
            self.name.setAccessibleName(label + role)
            self.friend_button.setAccessibleName(tr("Friendship with {name}").format(name=label + role))
        self.detail.setText(self._detail(person))
        away = not person.online and not person.is_me
        if self.property("away") != away:
            self.setProperty("away", away)
            if self.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):  # else its first polish reads it
                self.sizes.repolish()
        self.friend_button.setChecked(person.i_befriended)
        self.friend_button.setText(tr("Friend ✓") if person.i_befriended else tr("+ Friend"))
        self.score.setText(score)
        if my_stars and not self.stars.hasFocus():
            self.stars.set_chosen(my_stars)

    @staticmethod
    def _detail(person: Person) -> str:
        status = tr("● here") if person.online else tr("○ left · offline")
        if person.is_friend:
            return status + tr(" · friend")
        if person.i_befriended:
            return status + tr(" · waiting for them to add you")
        if person.befriended_me:
            return status + tr(" · wants to be your friend")
        return status

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        later = getattr(self, "_later", None)  # font changes can come while the row is being built
        if event.type() == QEvent.Type.FontChange and later is not None:
            later.start()  # measured on the next turn: never inside a restyle, where fonts are in flux

    def _on_later_timeout(self) -> None:
        self.sizes.fit()
        if self.width() > 0 and self.isVisible():
            self.set_compact(self.width() < self.wide_width())

    def is_away(self) -> bool:
        return bool(self.property("away"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.stars or not self.stars.isEnabled():
            return False
        kind = event.type()
        if kind == QEvent.Type.ContextMenu or (
                kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_N):
            self.toggle_note()
            return True
        return False

    def toggle_note(self) -> None:
        """Open the note panel under the name (the stars as I last gave them), or close it."""
        if self.note_popover is None:
            self.note_popover = NotePopover(self)
            self.note_popover.rate.connect(lambda stars, note: self.rate.emit(self.key, stars, note))
            self.middle.addWidget(self.note_popover)  # under the name and, on a narrow list, the stars
        if not self.note_popover.isHidden():
            self.note_popover.hide()  # the button opens and closes it
        else:
            self.note_popover.open(self.stars.chosen())


class PeopleView(CardView):
    """Signals: ``rate(key, stars, note)``, ``friend(key, on)``, ``let_in(key)``, ``expel(key)``."""

    rate = Signal(str, int, str)
    friend = Signal(str, bool)
    let_in = Signal(str)
    expel = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("PEOPLE"), parent=parent)
        layout = self.body
        head = QHBoxLayout()
        if self.title is not None:
            layout.removeWidget(self.title)
            head.addWidget(self.title, 1)
        self.hide_away = QPushButton(tr("Hide who left"))
        self.hide_away.setProperty("kind", "toggle")
        self.hide_away.setCheckable(True)
        self.hide_away.toggled.connect(self._on_hide_away_toggled)
        head.addWidget(self.hide_away)
        layout.insertLayout(0, head)
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.inner = QWidget()
        # A longer list paints only what it newly shows (a widget's resize repaints the whole of it otherwise,
        # and with it every row on screen).
        self.inner.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.list = QVBoxLayout(self.inner)
        self.list.setContentsMargins(0, 0, 6, 0)
        self.list.setSpacing(8)
        # The list grows before it lays out: a row added at the bottom leaves the rows above where they are.
        # (Laid out first in the list's old height, every row was squeezed by a pixel or two, then stretched
        # back when the scroll area grew the list: every row on screen moved, resized and repainted whole,
        # twice per row added.)
        self.list.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        self.list.addStretch(1)
        self.list_area.setWidget(self.inner)
        self.list_area.viewport().installEventFilter(self)
        self.inner.installEventFilter(self)
        layout.addWidget(self.list_area, 1)
        self.rows: dict[str, PersonRow] = {}
        self._pending: dict[str, Row] = {}  # to refresh, top of the list first
        self._unshown: dict[str, PersonRow] = {}  # rows made on one turn, shown (and so styled) on the next
        self._applied: dict[str, Row] = {}  # what each row shows
        self._order: list[str] = []
        self._placed: list[str] = []
        self._reordered = 0.0
        self._closed = ""  # why rating is closed ("" while open)
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_refresh)
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(self._on_fit_later_timeout)
        self.admission = AdmissionControls(self)  # the facilitator's buttons; rating off while I wait
        self.role_badges = RoleBadges()  # collectors, the court… beside their names
        self.admission.let_in.connect(self.let_in)
        self.admission.expel.connect(self.expel)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    TURN_BUDGET = 0.0025  # seconds of row work per event-loop turn (at least one row): a frame is 16 ms
    TURN_PAUSE_MS = 8  # half a frame between turns: a paint, a key or a timer gets in between, never a chain
    REORDER_SECONDS = 0.5

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        """Queue the new state of the rows whose person, number, stars or context changed; they are
        refreshed a few at a time, from the top of the list."""
        table: ScoreTable = snap.scores
        self.admission.show_snapshot(snap)
        self.role_badges.show_snapshot(snap)
        self._closed = rating_closed_reason(snap)
        ordered = sorted(snap.people, key=lambda p: (
            p.status != "waiting", not p.is_me, not p.online, -table.score(p.key).final,
            (p.label or p.name).casefold(), p.key))  # who waits first, then me, those here, and who left last
        here = sum(1 for p in ordered if p.online)
        self.set_title(tr("PEOPLE · {here} HERE · {left} LEFT").format(here=here, left=len(ordered) - here)
                       if here < len(ordered) else tr("PEOPLE · {count} HERE").format(count=here))
        my_stars = {item.subject: item.stars for item in snap.feed  # latest wins: the feed is in order
                    if item.type == "rate" and item.author == snap.me and item.subject and item.stars}
        context = (self.admission.i_facilitate, self.admission.my_status, self._closed)  # what every row shows too
        pending: dict[str, Row] = {}  # in the list's new order: the top is refreshed first
        for person in ordered:
            state = (person, table.format(table.score(person.key).final), my_stars.get(person.key, 0),
                     self.role_badges.text_of(person.key), context)
            if self._applied.get(person.key) != state:  # a row already showing it is left alone
                pending[person.key] = state
        for key in self._unshown:  # made, not shown yet: still to do, whatever its state
            if key not in pending and key in self._applied:
                pending[key] = self._applied[key]
        self._pending = pending
        self._order = [person.key for person in ordered]
        self._timer.start(self.TURN_PAUSE_MS)  # after the paint of what the other views just changed

    def held(self) -> bool:
        """Whether someone is using the list: the pointer over it, or the keyboard focus in it."""
        focus = QApplication.focusWidget()
        return self.inner.underMouse() or (focus is not None and self.inner.isAncestorOf(focus))

    def _on_timer_refresh(self) -> None:
        if self._pending:
            self._refresh_rows(time.perf_counter() + self.TURN_BUDGET)
            # the next turn after whatever else is due (a paint, a key, a timer): never one long chain of turns
            self._timer.start(self.TURN_PAUSE_MS)
            return  # re-sorting, when due, takes a turn of its own
        self._reorder()

    def _refresh_rows(self, deadline: float) -> None:
        first = True
        while self._pending:
            key = next(iter(self._pending))  # the top of the list first
            if key not in self.rows and key not in self._unshown and not first:
                break  # a new row takes a turn of its own
            first = False
            state = self._pending.pop(key)
            before = self._applied.get(key)
            self._applied[key] = state
            person, score, stars = state[0], state[1], state[2]
            row = self.rows.get(key)
            made = row is None and key not in self._unshown
            if made:  # made on this turn, shown on the next: each half of a new row costs ~2 ms
                row = self._unshown[key] = PersonRow(person)
                row.rate.connect(self.rate)
                row.friend.connect(self.friend)
                row.hide()
                self.list.insertWidget(self.list.count() - 1, row)
                self._pending = {key: state, **self._pending}  # the top of the list still
            elif row is None:
                row = self.rows[key] = self._unshown.pop(key)  # a row of the list from now on
                before = None  # measured for one line once styled
            row.update_person(person, score, stars)
            self.admission.update_row(row, person, row.stars, row.friend_button)
            self.role_badges.update_row(row, key, row.heading)
            if self._closed and row.stars.isEnabled():
                row.stars.setEnabled(False)
                row.stars.setToolTip(plain_tooltip(self._closed))
            if made:
                break  # shown on the next turn
            row.setVisible(not (self.hide_away.isChecked() and row.is_away()))
            if before is None or self._width_changed(before, state):
                self._fit_row(row)
            if time.perf_counter() >= deadline:
                break

    def _reorder(self) -> None:
        now = time.monotonic()
        wait = self.REORDER_SECONDS - (now - self._reordered)
        if self._placed != self._order and wait > 0:
            self._timer.start(int(wait * 1000) + 1)  # sleep until re-sorting is due; no spinning
            return
        if self._placed != self._order and not self.held():  # else: when the pointer or the focus leaves
            for index, key in enumerate(self._order):  # keep the list in score order
                if self.list.indexOf(self.rows[key]) != index:
                    self.list.insertWidget(index, self.rows[key])
            self._placed, self._reordered = list(self._order), now
            self._chain_tab_order()
        self._timer.stop()

    @staticmethod
    def _width_changed(before: Row, after: Row) -> bool:
        """Whether a row may need another width for one line: its name, badges, number's length or buttons."""
        old, new = before[0], after[0]
        return ((old.label, old.name, old.is_facilitator) != (new.label, new.name, new.is_facilitator)
                or len(before[1]) != len(after[1]) or before[3:] != after[3:])

    def _chain_tab_order(self) -> None:
        """Tab goes down the list as it is on screen, not in the order the rows were made."""
        chain: list[QWidget] = [self.hide_away]
        for key in self._placed:
            row = self.rows[key]
            chain += [button for button in (row.stars, row.friend_button, *row.findChildren(QPushButton))
                      if not button.isHidden() and button.window() is self.window()]
        seen = list(dict.fromkeys(chain))  # each once, in order (a list's `in` made this quadratic)
        for first, second in zip(seen, seen[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _fit_row(self, row: PersonRow) -> None:
        width = self.list_area.viewport().width() - self.list.contentsMargins().right()
        row.set_compact(width < row.wide_width())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (kind == QEvent.Type.Resize and watched is self.list_area.viewport() and isinstance(event, QResizeEvent)
                and event.size().width() != event.oldSize().width()):  # a taller or shorter list fits as it was
            self._fit_later.start()  # on the next turn: never measure inside a restyle
        elif kind == QEvent.Type.Leave and self._placed != self._order:
            self._timer.start(0)  # the pointer left: re-sort now
        return False

    def _on_fit_later_timeout(self) -> None:
        for row in self.rows.values():
            self._fit_row(row)

    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._placed != self._order and not self.held():
            self._timer.start(0)

    def _on_hide_away_toggled(self, hide: bool) -> None:
        for row in self.rows.values():
            row.setVisible(not (hide and row.is_away()))

    def visible_rows(self) -> list[PersonRow]:
        """The rows on screen, top to bottom."""
        items = [self.list.itemAt(i) for i in range(self.list.count())]
        return [row for item in items if item is not None and isinstance(row := item.widget(), PersonRow)
                and not row.isHidden()]
