"""My display name and picture: published when the room's view shows something else."""
from __future__ import annotations

import base64
from collections.abc import Callable

from nosedive.core.bodies import MAX_NAME_CHARS
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity
from nosedive.core.text import normalise
from nosedive.ledger.store import Ledger
from nosedive.node.own_chain import KeptError
from nosedive.room.view import RoomView


def display_name(typed: str) -> str:
    """*typed* as it will be signed (NFC, invisible characters dropped, spaces collapsed), so peers
    never refuse a person's own name; a clear error if nothing showable is left or it is too long."""
    name = normalise(typed)
    if not name:
        raise UsageError(_("a display name needs letters or other visible characters; "
                           "invisible formatting alone is dropped"))
    if len(name) > MAX_NAME_CHARS:
        raise UsageError(_("a display name may be {most} characters; this one is {count}").format(
            most=MAX_NAME_CHARS, count=len(name)))
    return name


class Profile:
    def __init__(self, identity: Identity, ledger: Ledger, name: str | None, avatar: bytes) -> None:
        self._identity, self._ledger = identity, ledger
        self._name, self._avatar = display_name(name) if name else None, avatar
        self.sign_at: Callable[[], int | None] = lambda: None  # the ts to sign with (None: the clock); may refuse
        self.waiting = False  # not signed yet: my head here was not confirmed (node/own_chain); signed once it is

    def want(self, name: str, avatar: bytes) -> None:
        self._name, self._avatar = display_name(name), avatar

    def publish_if_needed(self, view: RoomView, room_id: str) -> None:
        """Append a profile message unless the room already shows this name (and picture)."""
        name, avatar = self._name, self._avatar
        if not name:
            return
        key = self._identity.public_hex
        me = view.snapshot().person(key)
        has_profile = view.name_of(key) != self._identity.fingerprint
        if not has_profile or me is None or me.name != name or (avatar and me.avatar != avatar):
            body: dict[str, object] = {"name": name}
            if avatar:
                body["avatar"] = base64.b64encode(avatar).decode()
            try:
                ts = self.sign_at()
            except KeptError:  # told already; Replication.sign_kept publishes it once my head is confirmed
                self.waiting = True
                return
            self._ledger.append(self._identity, room_id, "profile", body, ts=ts)
        self.waiting = False
