"""The kiosk's lock and its idle clock, as one event filter on the whole application.

Keys that would leave the kiosk (Ctrl+Q, F11, Alt+F4, Ctrl+W) never reach a
window: the filter eats them and asks for the kiosk's code instead. Any input restarts the idle
clock; when it runs out the kiosk goes back to its attract screen.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

LOCKED_KEYS = ("Ctrl+Q", "F11", "Alt+F4", "Ctrl+W")  # and the platform's Quit and Close
INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                          QEvent.Type.TouchBegin, QEvent.Type.Wheel})


class KioskGuard(QObject):
    """Signals: unlock_wanted() when someone tries to leave; idle() after *idle_seconds* without input."""

    unlock_wanted = Signal()
    idle = Signal()

    def __init__(self, idle_seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locked = True
        self._clock = QTimer(self)
        self._clock.setSingleShot(True)
        self._clock.setInterval(max(1, int(idle_seconds * 1000)))
        self._clock.timeout.connect(self.idle)
        self._clock.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            self._clock.start()
        if self.locked and kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                and isinstance(event, QKeyEvent) and _leaves(event):
            event.accept()
            if kind == QEvent.Type.KeyPress:
                self.unlock_wanted.emit()
            return True
        return False


def _leaves(event: QKeyEvent) -> bool:
    pressed = QKeySequence(event.keyCombination())  # made only here: QKeySequence needs the application
    locked = [QKeySequence(key) for key in LOCKED_KEYS]
    locked += QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) + \
        QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
    return any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in locked if not key.isEmpty())
