"""The secrets of the rooms this person may enter: kept on this machine only, never in the ledger.

Each room has a 32-byte secret that members authenticate each other with, and
the join code that newcomers type once. A facilitator's node makes both when
it creates the room; a joiner's node receives the secret over the encrypted
session opened with the code, and keeps it here. The file is owner-only and
written atomically; a damaged file is moved aside (the code lets its owner in
again), never a reason not to start.
"""
from __future__ import annotations

import json
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from nosedive.core import joincode
from nosedive.core.atomic import write_atomic
from nosedive.core.errors import StorageError, UsageError
from nosedive.core.i18n import _

log = logging.getLogger("nosedive.roomkeys")
FILE_NAME = "rooms.json"
SECRET_BYTES = 32
MAX_ROOMS = 500
_ID = re.compile(r"[0-9a-f]{64}")
_SECRET = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class RoomKey:
    room_id: str
    secret: bytes = b""  # empty until a joiner's node has been let in
    code: str = ""  # the join code, as the facilitator shows it

    @property
    def joined(self) -> bool:
        return len(self.secret) == SECRET_BYTES


def new_room_key(room_id: str) -> RoomKey:
    return RoomKey(room_id, secrets.token_bytes(SECRET_BYTES), str(joincode.generate()))


class RoomKeys:
    """``rooms.json`` in the data directory: room id → secret and code."""

    def __init__(self, path: Path, entries: dict[str, RoomKey]) -> None:
        self.path = path
        self._entries = entries

    @classmethod
    def open(cls, data_dir: Path) -> RoomKeys:
        path = data_dir / FILE_NAME
        return cls(path, _load(path))

    def get(self, room_id: str) -> RoomKey | None:
        return self._entries.get(room_id)

    def by_code(self, code: str) -> RoomKey | None:
        wanted = str(joincode.parse(code))
        return next((key for key in self._entries.values() if key.code == wanted), None)

    def all(self) -> tuple[RoomKey, ...]:
        return tuple(self._entries.values())

    def remember(self, key: RoomKey) -> None:
        if not _ID.fullmatch(key.room_id):
            raise UsageError(_("not a room id: {id!r}").format(id=key.room_id[:16]))
        previous = dict(self._entries)
        self._entries[key.room_id] = key
        while len(self._entries) > MAX_ROOMS:
            del self._entries[next(iter(self._entries))]
        try:
            self._save()
        except StorageError:
            self._entries = previous  # remember no more than the file holds
            raise

    def _save(self) -> None:
        data = {k.room_id: {"secret": k.secret.hex(), "code": k.code} for k in self._entries.values()}
        # A full disk raises DiskFullError and leaves the previous file whole.
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"), mode=0o600)


def _load(path: Path) -> dict[str, RoomKey]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        log.warning("cannot read %s (%s); rooms will need their join code again", path, exc.strerror)
        return {}
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError:
        aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
        os.replace(path, aside)
        log.warning("%s was damaged; moved it to %s. Rooms will need their join code again", path, aside.name)
        return {}
    entries: dict[str, RoomKey] = {}
    for room_id, entry in data.items():
        if not (isinstance(room_id, str) and _ID.fullmatch(room_id) and isinstance(entry, dict)):
            continue
        secret, code = entry.get("secret", ""), entry.get("code", "")
        if not (isinstance(secret, str) and (secret == "" or _SECRET.fullmatch(secret)) and isinstance(code, str)):
            continue
        try:
            code = str(joincode.parse(code)) if code else ""
        except UsageError:
            code = ""
        entries[room_id] = RoomKey(room_id, bytes.fromhex(secret), code)
    return entries
