"""An identity that may prove who it is but never signs a message: the public wall's, and a kiosk's own.

A wall joins the room like any node (its key opens sessions: the handshake signs a transcript) but
must never rate anyone. Refusing at the one place every ledger message is signed
(:func:`nosedive.core.messages.create` signs ``SIGN_DOMAIN + payload``) makes that a property of the
key, not a promise of the window: no button, command or bug can make this node author a rating.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity, load_or_create
from nosedive.core.messages import SIGN_DOMAIN


@dataclass(frozen=True)
class WatchOnlyIdentity(Identity):
    """Signs handshakes, refuses every ledger message (ratings, friendships, profiles, reports…)."""

    def sign(self, data: bytes) -> bytes:
        if data.startswith(SIGN_DOMAIN):
            raise UsageError(_("this node only watches the room (a wall or a kiosk's own): it never signs a "
                               "rating or any other message"))
        return super().sign(data)

    @classmethod
    def open(cls, path: Path) -> WatchOnlyIdentity:
        """The identity at *path* (made on first use), able only to watch."""
        identity = load_or_create(path)
        return cls(private_key=identity.private_key, public_hex=identity.public_hex)
