"""The life of a session: five states, and the one table of moves between them.

``new → greeting → sealed → open → closed``; a session may close from any state
but ``closed``, and nothing leaves ``closed``.

- ``greeting``: the dialer's hello is out and it waits for the answer, or the
  acceptor waits for the dialer's hello. Only cleartext hello and error frames.
- ``sealed``: both hellos are exchanged and the session keys agreed; every
  frame from here on is sealed. Waiting for the peer's ``auth`` (and, for a
  joiner, the ``welcome``).
- ``open``: the peer proved its key (and a joiner was let in): sync may flow.

:class:`Lifecycle` is the only thing that changes a session's state, so a move
the table does not allow is a bug in the caller and raises
:class:`IllegalTransition` at once instead of leaving a session half-open.
"""
from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from nosedive.core.errors import NosediveError

__all__ = ["TRANSITIONS", "IllegalTransition", "Lifecycle", "Refused", "SessionState"]


class SessionState(StrEnum):
    """Where one session is; the values are the words the logs use."""

    NEW = "new"  # created, nothing sent yet
    GREETING = "greeting"  # exchanging the cleartext hellos
    SEALED = "sealed"  # keys agreed, everything sealed; waiting for auth (and welcome)
    OPEN = "open"  # both sides proved their keys: sync may flow
    CLOSED = "closed"  # final: nothing more is read or emitted


TRANSITIONS: Mapping[SessionState, frozenset[SessionState]] = {
    SessionState.NEW: frozenset({SessionState.GREETING, SessionState.CLOSED}),
    SessionState.GREETING: frozenset({SessionState.SEALED, SessionState.CLOSED}),
    SessionState.SEALED: frozenset({SessionState.OPEN, SessionState.CLOSED}),
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

    *silent*: say nothing to the peer (a frame that did not open gets no answer).
    *retry_after*: seconds, sent with a ``throttled`` refusal.
    """

    def __init__(self, reason: str, code: str, *, silent: bool = False, retry_after: float = 0.0) -> None:
        super().__init__(reason)
        self.reason, self.code, self.silent, self.retry_after = reason, code, silent, retry_after


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
