"""The kiosk window: fullscreen and on top, attract → new visitor → their seat → attract again.

The kiosk's own node watches the room (a watch-only key, the remembered port) and feeds the attract
screen; each visitor gets a node of their own (:mod:`.visitors`). Leaving the kiosk — Ctrl+Q, F11,
closing the window — needs the kiosk code (:mod:`nosedive.core.kiosk_code`); an idle kiosk ends the
visitor's seat and goes back to the attract screen.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from nosedive.core.kiosk_code import KioskCode
from nosedive.room.snapshot import RoomSnapshot

from ..bridge import NodeBridge
from ..main_window import MainWindow
from ..tr import tr
from ..wall.source import WallSource
from .attract import AttractView
from .guard import KioskGuard
from .unlock import UnlockPanel
from .visitors import Seat, Visitor
from .welcome import WelcomeView

log = logging.getLogger("nosedive.ui.kiosk")


class KioskWindow(QWidget):
    """The kiosk's one window; *bridge* runs the kiosk's own node, *source* makes its boards."""

    def __init__(self, bridge: NodeBridge, source: WallSource, seat: Seat, code: KioskCode, *,
                 idle_seconds: float = 90.0, join: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.bridge, self.seat, self._given_join = bridge, seat, join
        self.visitor: Visitor | None = None
        self._seated_window: MainWindow | None = None
        self._past: list[Visitor] = []  # kept: their bridges are Qt objects, deleted on this thread at exit
        self.setWindowTitle(tr("Nosedive kiosk"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.stack = QStackedWidget()
        self.attract, self.welcome = AttractView(), WelcomeView()
        self.seat_page = QWidget()
        self.seat_layout = QVBoxLayout(self.seat_page)
        self.seat_layout.setContentsMargins(0, 0, 0, 0)
        self.seat_layout.addLayout(self._done_bar())
        for page in (self.attract, self.welcome, self.seat_page):
            self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.unlock = UnlockPanel(code, self)
        self.guard = KioskGuard(idle_seconds, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.guard)
        self._wire(source)

    def _done_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 10, 16, 0)
        bar.addStretch(1)
        self.done = QPushButton(tr("I'm done"))
        self.done.setObjectName("Done")
        self.done.setStyleSheet("QPushButton#Done { background: #3d2c3e; color: white; font-size: 20px;"
                                " font-weight: 800; padding: 10px 28px; border-radius: 20px; }")
        self.done.clicked.connect(self.end_visit)
        bar.addWidget(self.done)
        return bar

    def _wire(self, source: WallSource) -> None:
        self.bridge.connect_to(source.board, self.attract.show_board)
        self.bridge.connect_to(self.bridge.restarted, self._on_bridge_restarted)
        self.attract.begin.connect(self._on_attract_begin)
        self.welcome.back.connect(self.show_attract)
        self.welcome.seated.connect(self._on_welcome_seated)
        self.guard.unlock_wanted.connect(self.unlock.open_panel)
        self.guard.idle.connect(self._on_guard_idle)
        self.unlock.quit_wanted.connect(self._on_unlock_quit)
        self.unlock.windowed_wanted.connect(self._on_unlock_windowed)

    # ------------------------------------------------------------ screens
    def show_attract(self) -> None:
        self.stack.setCurrentWidget(self.attract)

    def _on_attract_begin(self) -> None:
        self.welcome.reset()
        self.stack.setCurrentWidget(self.welcome)

    def join_for_visitors(self) -> dict[str, Any] | None:
        """How a visitor joins: the code given to the kiosk, else the one (or the room) its node holds."""
        if self._given_join:
            return self._given_join
        snap: RoomSnapshot | None = self.bridge.latest
        if snap is None:
            return None
        code = getattr(snap, "join_code", "")
        return {"code": code} if code else {"room": snap.room_id}

    def _on_welcome_seated(self, name: str, picture: bytes) -> None:
        join = self.join_for_visitors()
        if join is None:
            self.welcome.name.setPlaceholderText(tr("The kiosk is still finding the room; try again in a moment"))
            return
        self.seat.join = join
        self.visitor = Visitor(self.bridge.engine, self.seat.config(name, picture))
        window = MainWindow(self.visitor.bridge)
        window.setWindowFlags(Qt.WindowType.Widget)
        self.seat_layout.addWidget(window, 1)
        self._seated_window = window
        self.visitor.start()
        self.stack.setCurrentWidget(self.seat_page)

    def end_visit(self) -> None:
        """"I'm done" (or idle): the visitor's node stops, their folder and ratings stay; back to attract."""
        visitor, window = self.visitor, self._seated_window
        self.visitor, self._seated_window = None, None
        if window is not None:
            self.seat_layout.removeWidget(window)
            window.hide()
            window.deleteLater()
        if visitor is not None:
            visitor.end()
            self._past.append(visitor)
        self.show_attract()

    def _on_guard_idle(self) -> None:
        if self.stack.currentWidget() is not self.attract:
            log.info("the kiosk was idle: back to the attract screen")
            self.end_visit()

    def _on_bridge_restarted(self) -> None:
        if self.visitor is not None:  # their node died with the thread: the next visitor starts afresh
            self.visitor.ended = True
            self.end_visit()

    # ------------------------------------------------------------ the lock
    def _on_unlock_quit(self) -> None:
        self.guard.locked = False
        self.close()

    def _on_unlock_windowed(self) -> None:
        self.guard.locked = False
        self.unlock.close_panel()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, False)
        self.showNormal()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.guard.locked:
            event.ignore()
            self.unlock.open_panel()
            return
        self.end_visit()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.guard)
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.unlock.isVisible():
            self.unlock.open_panel()
