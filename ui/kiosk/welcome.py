"""The new-visitor screen: a suggested name and a generated face, ready in seconds; both can change."""
from __future__ import annotations

import random

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from nosedive.core.text import normalise

from ..tr import tr
from ..views.common import plain_label
from ..widgets.avatar import avatar
from .visitors import generated_picture, suggested_name

STYLE = """
QWidget#Welcome {{ background: #fdf1ee; }}
QLabel[role="welcome-title"] {{ color: #3d2c3e; font-size: {title}px; font-weight: 900; }}
QLabel[role="welcome-hint"] {{ color: #9a8494; font-size: {hint}px; }}
QLineEdit#VisitorName {{ font-size: {field}px; padding: {pad}px; border: 3px solid #f3dce0; border-radius: {pad}px;
    background: white; color: #3d2c3e; }}
QPushButton {{ font-size: {button}px; padding: {pad}px {wide}px; border-radius: {pad}px; border: none;
    background: #fde6ea; color: #3d2c3e; font-weight: 700; }}
QPushButton#TakeSeat {{ background: #f08aa3; color: white; font-weight: 900; }}
"""


class WelcomeView(QWidget):
    """Signals: seated(str name, bytes picture) on "Start rating"; back() to return to the attract screen."""

    seated = Signal(str, bytes)
    back = Signal()

    def __init__(self, rng: random.Random | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Welcome")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._rng = rng or random.Random()
        self._seed = ""
        page = QVBoxLayout(self)
        page.setContentsMargins(80, 60, 80, 60)
        page.addStretch(1)
        page.addWidget(plain_label(tr("Welcome. Who are you today?"), "welcome-title", wrap=False),
                       0, Qt.AlignmentFlag.AlignHCenter)
        page.addWidget(plain_label(tr("Everyone in the room will see this name and face, and rate you."),
                                   "welcome-hint", wrap=False), 0, Qt.AlignmentFlag.AlignHCenter)
        self.picture = plain_label(wrap=False)
        page.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        self.name = QLineEdit()
        self.name.setObjectName("VisitorName")
        self.name.setMaxLength(40)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name.textChanged.connect(lambda _: self._show_picture())
        self.name.returnPressed.connect(self._on_take_seat)
        page.addWidget(self.name, 0, Qt.AlignmentFlag.AlignHCenter)
        self.buttons = buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.back_button = QPushButton(tr("Back"))
        self.back_button.clicked.connect(self.back)
        self.shuffle = QPushButton(tr("Another face"))
        self.shuffle.clicked.connect(self.fresh_face)
        self.take_seat = QPushButton(tr("Start rating"))
        self.take_seat.setObjectName("TakeSeat")
        self.take_seat.clicked.connect(self._on_take_seat)
        for button in (self.back_button, self.shuffle, self.take_seat):
            buttons.addWidget(button)
        buttons.addStretch(1)
        page.addLayout(buttons)
        page.addStretch(1)

    def reset(self) -> None:
        """A new visitor: a new suggested name and face."""
        self.name.setText(suggested_name(self._rng))
        self.fresh_face()
        self.name.setFocus()
        self.name.selectAll()

    def fresh_face(self) -> None:
        self._seed = f"visitor-{self._rng.getrandbits(64):016x}"
        self._show_picture()

    def _side(self) -> int:
        return max(120, self.height() // 4)

    def _show_picture(self) -> None:
        self.picture.setPixmap(avatar(self._seed, self._typed() or "?", b"", self._side()))

    def _typed(self) -> str:
        return normalise(self.name.text()).strip()

    def _on_take_seat(self) -> None:
        name = self._typed()
        if not name:
            self.name.setFocus()
            return
        self.seated.emit(name, generated_picture(self._seed, name))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        unit = max(0.6, min(event.size().width() / 1920, event.size().height() / 1080))
        self.setStyleSheet(STYLE.format(title=round(84 * unit), hint=round(36 * unit), field=round(56 * unit),
                                        button=round(40 * unit), pad=round(18 * unit), wide=round(44 * unit)))
        self.name.setFixedWidth(round(900 * unit))
        page = self.layout()
        if page is not None:
            page.setSpacing(round(30 * unit))
        self.buttons.setSpacing(round(24 * unit))
        self._show_picture()
