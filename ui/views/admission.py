"""Admission in the window: the waiting joiner's banner, and the facilitator's "Let in" / "Expel".

Nothing here decides who counts: it reads each Person's status and my own from the snapshot,
and sends the node commands through the People view's signals.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QMessageBox, QPushButton, QWidget

from nosedive.room.snapshot import Person, RoomSnapshot

from ..tr import tr
from .common import plain_label, plain_tooltip


def why_i_cannot_act(my_status: str) -> str:
    """Why rating and befriending are off for me ("" when they are on)."""
    if my_status == "waiting":
        return tr("Waiting for the facilitator to let you in")
    if my_status == "expelled":
        return tr("The facilitator expelled you from this room: your ratings and friendships no longer count")
    return ""


class WaitingBanner(QFrame):
    """Shown while I am not counted (waiting to be let in, or expelled); hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.setProperty("banner", True)
        line = QHBoxLayout(self)
        line.setContentsMargins(18, 10, 18, 10)
        self.text = plain_label("", "section")
        self.text.setWordWrap(True)
        line.addWidget(self.text, 1)
        self.hide()

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        reason = why_i_cannot_act(snap.my_status)
        self.text.setText(reason)
        self.setVisible(bool(reason))


def confirm_expel(parent: QWidget, name: str) -> bool:
    """Ask before expelling: it cannot be undone quietly (their ratings stop counting at once)."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Expel {name}?").format(name=name),
                      tr("Expel {name}? None of their ratings or friendships will count, and everyone's "
                         "node closes their connection.").format(name=name),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the name was typed by someone else
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class AdmissionControls(QObject):
    """Adds "Let in" and "Expel" to each person's row, and turns rating off while I do not count.

    Signals: ``let_in(key)``, ``expel(key)`` (after the facilitator confirmed).
    """

    let_in = Signal(str)
    expel = Signal(str)

    def __init__(self, parent: QObject | None = None,
                 confirm: Callable[[QWidget, str], bool] = confirm_expel) -> None:
        super().__init__(parent)
        self.confirm = confirm
        self.i_facilitate = False
        self.my_status = "member"
        self._buttons: dict[str, tuple[QPushButton, QPushButton]] = {}

    def show_snapshot(self, snap: RoomSnapshot) -> None:
        self.i_facilitate, self.my_status = snap.me == snap.facilitator, snap.my_status

    def update_row(self, row: QWidget, person: Person, stars: QWidget, friend: QPushButton) -> None:
        """Refresh one row: its buttons for the facilitator, and whether I may rate or befriend."""
        let_in, expel = self._buttons.get(person.key) or self._add_buttons(row, person.key)
        name = person.label or person.name
        let_in.setVisible(self.i_facilitate and person.status == "waiting")
        let_in.setAccessibleName(tr("Let {name} in").format(name=name))
        expel.setVisible(self.i_facilitate and person.status == "member" and not person.is_me)
        expel.setAccessibleName(tr("Expel {name}").format(name=name))
        expel.setProperty("name", name)
        reason = why_i_cannot_act(self.my_status)
        for control in (stars, friend):
            control.setEnabled(not reason)
            control.setToolTip(plain_tooltip(reason))

    def _add_buttons(self, row: QWidget, key: str) -> tuple[QPushButton, QPushButton]:
        let_in, expel = QPushButton(tr("Let in")), QPushButton(tr("Expel"))
        let_in.setProperty("kind", "primary")
        expel.setProperty("kind", "danger")
        let_in.clicked.connect(lambda: self.let_in.emit(key))
        expel.clicked.connect(lambda: self._on_expel_clicked(row, key, expel))
        layout = row.layout()
        if isinstance(layout, QBoxLayout):
            layout.addWidget(let_in)
            layout.addWidget(expel)
        self._buttons[key] = (let_in, expel)
        return let_in, expel

    def _on_expel_clicked(self, row: QWidget, key: str, button: QPushButton) -> None:
        if self.confirm(row, str(button.property("name") or "")):
            self.expel.emit(key)
