"""The node's events, handed to whoever listens (the CLI's log, the app's bridge, tests)."""
from __future__ import annotations

import logging
from collections.abc import Callable

from nosedive.room.events import NodeEvent

log = logging.getLogger("nosedive.node")

Listener = Callable[[NodeEvent], None]


class EventBus:
    """Calls every listener, in the order they subscribed, on the node's loop thread."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self, event: NodeEvent) -> None:
        for listener in list(self._listeners):  # a listener may subscribe another while we call it
            try:
                listener(event)
            except Exception:  # a broken listener must not stop the node, nor the listeners after it
                log.exception("listener failed on %s", type(event).__name__)
