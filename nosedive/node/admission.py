"""Who may stay connected, and the facilitator's commands that decide it.

The verdicts are signed ``admit`` / ``expel`` messages in the room's ledger, read by the score
engine (:mod:`nosedive.scoring.membership`), so every node holding them reaches the same answer.
A waiting joiner may connect and sync (they have the join code; their messages are stored but do
not count); an expelled key may not: its connection is closed the moment the verdict is known here.
"""
from __future__ import annotations

import logging

from nosedive.core import keys
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.node.links import Links
from nosedive.node.replication import Replication, facilitator_view
from nosedive.node.tasks import TaskSet
from nosedive.room.events import NodeEvent, PeerUp
from nosedive.scoring.membership import Membership

log = logging.getLogger("nosedive.node")
EXPELLED = "expelled"  # the close code an expelled peer is told
WANTED = {"admit": "member", "expel": "expelled"}  # the status each verdict gives


class Admission:
    """Answers :meth:`admits` for the session layer and closes connections to expelled peers."""

    def __init__(self, identity_key: str, links: Links, room: Replication, tasks: TaskSet) -> None:
        self._me, self._links, self._room, self._tasks = identity_key, links, room, tasks
        self._checked: Membership | None = None  # the verdicts the open connections were last checked against

    def admits(self, peer_key: str) -> bool:
        """Whether *peer_key* may be connected to: False once the facilitator expelled it."""
        view = self._room.view
        return view is None or view.engine.membership.status(peer_key) != "expelled"

    # ------------------------------------------------------------ the facilitator's commands
    def decide(self, verdict: str, key: str) -> bool:
        """Sign and store an ``admit`` or ``expel`` of *key*; False when their status is already that."""
        view = facilitator_view(self._room, self._me, _("let people in") if verdict == "admit" else _("expel people"))
        keys.public_key(key)  # a clear error for something that is not a key
        if key == self._me:
            raise UsageError(_("you facilitate this room: you are always in it"))
        if view.engine.membership.status(key) == WANTED[verdict]:
            return False
        self._room.append(verdict, {"subject": key})
        log.info("%s %s", "admitted" if verdict == "admit" else "expelled", keys.fingerprint(key))
        return True

    # ------------------------------------------------------------ keeping expelled peers out
    def on_room_changed(self) -> None:
        """After the room took something in: close the connections the new verdicts put out."""
        view = self._room.view
        if view is None or view.engine.membership is self._checked:
            return  # the verdicts did not change: nothing to look at (the common case)
        self._checked = view.engine.membership
        for key in list(self._links.by_key):
            self._close_if_expelled(key)

    def on_event(self, event: NodeEvent) -> None:
        if isinstance(event, PeerUp):  # until the session layer asks admits() itself, right after auth
            self._close_if_expelled(event.key)

    def _close_if_expelled(self, key: str) -> None:
        conn = self._links.by_key.get(key)
        if conn is not None and conn.is_open and not self.admits(key):
            log.info("closing the connection to %s: expelled by the facilitator", keys.fingerprint(key))
            self._tasks.spawn(conn.close("expelled by the facilitator", EXPELLED), name=f"expel {key[:12]}")
