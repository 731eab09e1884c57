"""My display name and picture: published when the room's view shows something else."""
from __future__ import annotations

import base64

from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.room.view import RoomView


class Profile:
    def __init__(self, identity: Identity, ledger: Ledger, name: str | None, avatar: bytes) -> None:
        self._identity, self._ledger = identity, ledger
        self._name, self._avatar = name, avatar

    def want(self, name: str, avatar: bytes) -> None:
        self._name, self._avatar = name, avatar

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
            self._ledger.append(self._identity, room_id, "profile", body)
