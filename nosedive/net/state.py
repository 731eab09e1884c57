"""The life of a session: four states, and the one table of moves between them.

``new → hello-sent → open → closed``; a session may close from any state but
``closed``, and nothing leaves ``closed``. :class:`Lifecycle` is the only thing
that changes a session's state, so a move the table does not allow is a bug in
the caller and raises :class:`IllegalTransition` at once instead of leaving a
session half-open.
"""
from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from nosedive.core.errors import NosediveError
from nosedive.net.events import Event

__all__ = ["TRANSITIONS", "IllegalTransition", "Lifecycle", "Refused", "SessionState"]


class SessionState(StrEnum):
    """Where one session is; the values are the words the logs and older tests use."""

    NEW = "new"  # created, nothing sent yet
    HELLO_SENT = "hello-sent"  # our hello is out; waiting for the peer's hello and auth
    OPEN = "open"  # both sides proved their keys: sync may flow
    CLOSED = "closed"  # final: nothing more is read or emitted


TRANSITIONS: Mapping[SessionState, frozenset[SessionState]] = {
    SessionState.NEW: frozenset({SessionState.HELLO_SENT, SessionState.CLOSED}),
    SessionState.HELLO_SENT: frozenset({SessionState.OPEN, SessionState.CLOSED}),
    SessionState.OPEN: frozenset({SessionState.CLOSED}),
    SessionState.CLOSED: frozenset(),
}


class IllegalTransition(RuntimeError):
    """A move the table forbids: a programming error, never the peer's fault."""

    def __init__(self, current: SessionState, target: SessionState) -> None:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing"
        super().__init__(f"a session cannot go from {current} to {target} (from {current}: {allowed})")
        self.current, self.target = current, target


class Refused(NosediveError):
    """The peer broke a rule: the session closes, telling it *reason* and *code*.

    *farewell* is what to send before the error frame (the room info a lobby
    asked for, for instance).
    """

    def __init__(self, reason: str, code: str, farewell: tuple[Event, ...] = ()) -> None:
        super().__init__(reason)
        self.reason, self.code, self.farewell = reason, code, farewell


class Lifecycle:
    """The current state of one session, moved only along :data:`TRANSITIONS`."""

    def __init__(self, state: SessionState = SessionState.NEW) -> None:
        self._state = state

    @property
    def state(self) -> SessionState:
        return self._state

    def move(self, target: SessionState) -> None:
        """Go to *target*, or raise :class:`IllegalTransition` and stay put."""
        if target not in TRANSITIONS[self._state]:
            raise IllegalTransition(self._state, target)
        self._state = target
