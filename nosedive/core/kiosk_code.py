"""The kiosk's own code: what the facilitator types to quit a kiosk, leave fullscreen or leave the room.

Not the room's join code: every member knows that one (it is on the facilitator's screen, and every
visitor's kiosk holds it), so it could not keep a visitor from closing the kiosk. The code is given
once (``--kiosk-code``) or made on the first start and printed; only a salted scrypt hash is kept in
the kiosk's data folder (``kiosk.json``), so reading the folder does not reveal it, and later starts
need no code on the command line.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from nosedive.core.atomic import write_atomic
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _

FILE_NAME = "kiosk.json"
MIN_LENGTH = 4


def _hash(code: str, salt: bytes) -> bytes:
    return hashlib.scrypt(code.strip().encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


@dataclass(frozen=True)
class KioskCode:
    salt: bytes
    digest: bytes

    def matches(self, typed: str) -> bool:
        return hmac.compare_digest(_hash(typed, self.salt), self.digest)

    @classmethod
    def of(cls, code: str) -> KioskCode:
        if len(code.strip()) < MIN_LENGTH:
            raise UsageError(_("the kiosk code needs at least {count} characters").format(count=MIN_LENGTH))
        salt = secrets.token_bytes(16)
        return cls(salt, _hash(code, salt))


def settle(data: Path, given: str | None) -> tuple[KioskCode, str | None]:
    """The kiosk's code: *given* (kept from now on), else the one kept in *data*, else a new one.
    Returns the code and, when it was just made, its text (to print once)."""
    path = data / FILE_NAME
    if given:
        code = KioskCode.of(given)
        write_atomic(path, json.dumps({"salt": code.salt.hex(), "scrypt": code.digest.hex()}).encode())
        return code, None
    try:
        kept = json.loads(path.read_text("utf-8"))
        return KioskCode(bytes.fromhex(kept["salt"]), bytes.fromhex(kept["scrypt"])), None
    except (OSError, ValueError, KeyError, TypeError):
        made = f"{secrets.randbelow(10**6):06d}"
        code, _ = settle(data, made)
        return code, made
