"""What crosses the pipe between the window's process and the engine's: Qt-free.

Every message is one pickled tuple ``(kind, *fields)`` in a length-prefixed frame
(``multiprocessing.connection.Connection.send_bytes``). The pipe is private to the two processes
(a socketpair the parent made), so pickle is no wider a door than the process itself.

Snapshots stay cheap: a person's picture (up to 512×512, tens of kB) travels once, when it is new
or changed (:class:`AvatarSender` in the engine, :class:`AvatarCache` in the window); snapshots
carry people with empty ``avatar`` fields, and the window puts the pictures back before anyone
sees the snapshot.
"""
from __future__ import annotations

import copyreg
import io
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nosedive.core.identity import Identity
from nosedive.node import stable_port
from nosedive.node.config import NodeConfig
from nosedive.room.snapshot import RoomSnapshot

# parent → child: ("call", name, args, reply signal or None, refusal signal or None) · ("stop",)
# child → parent: ("beat",) · ("started", NodeFacts) · ("snapshot", RoomSnapshot, {key: avatar}) ·
#                 ("event", event) · ("post", signal, value) · ("error", text) · ("stopped",)


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


def _proxy(mapping: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return read_only, (dict(mapping),)


class _Pickler(pickle.Pickler):
    """Frozen values hold read-only mappings (``MappingProxyType``): sent as the dict they show."""

    dispatch_table = copyreg.dispatch_table | {MappingProxyType: _proxy}


def dumps(message: tuple[Any, ...]) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, pickle.HIGHEST_PROTOCOL).dump(message)
    return buffer.getvalue()


def loads(data: bytes) -> tuple[Any, ...]:
    message = pickle.loads(data)
    assert isinstance(message, tuple) and message, "a message is a non-empty tuple"
    return message


def for_restart(config: NodeConfig, port: int) -> NodeConfig:
    """What a node restarted after a crash starts with: the same folder, the same port when it is free,
    the room it was in (the last one used, not a second room of the same name), and no profile
    published again (its latest stays, even when changed since the first start)."""
    again = replace(config, create_room=None, name=None, avatar=None)
    if port and stable_port.free(config.host, port):
        again = replace(again, port=port)
    return again


@dataclass(frozen=True)
class NodeFacts:
    """What the window may know of a node running elsewhere: ``bridge.node`` in process mode."""

    port: int
    data: Path
    public_hex: str
    pid: int


@dataclass(frozen=True)
class IdentityRecipe:
    """An identity handed to the bridge (a wall's watch-only key), remade in the engine process."""

    kind: type[Identity]
    raw: bytes

    @classmethod
    def of(cls, identity: Identity | None) -> IdentityRecipe | None:
        if identity is None:
            return None
        return cls(type(identity), identity.private_key.private_bytes_raw())

    def make(self) -> Identity:
        made = Identity.from_private_key(Ed25519PrivateKey.from_private_bytes(self.raw))
        return self.kind(private_key=made.private_key, public_hex=made.public_hex)


class AvatarSender:
    """The engine's side: strips pictures from snapshots, sending each one only when it is new."""

    def __init__(self) -> None:
        self._sent: dict[str, bytes] = {}

    def strip(self, snap: RoomSnapshot) -> tuple[RoomSnapshot, dict[str, bytes]]:
        changed: dict[str, bytes] = {}
        for person in snap.people:
            before = self._sent.get(person.key, b"")
            if person.avatar is not before and person.avatar != before:
                changed[person.key] = person.avatar  # b"": the picture was removed
                self._sent[person.key] = person.avatar
        if not any(person.avatar for person in snap.people):
            return snap, changed
        people = tuple(replace(person, avatar=b"") if person.avatar else person for person in snap.people)
        return replace(snap, people=people), changed


class AvatarCache:
    """The window's side: keeps every picture sent and puts them back into each snapshot."""

    def __init__(self) -> None:
        self._pictures: dict[str, bytes] = {}

    def restore(self, snap: RoomSnapshot, changed: dict[str, bytes]) -> RoomSnapshot:
        for key, picture in changed.items():
            if picture:
                self._pictures[key] = picture
            else:
                self._pictures.pop(key, None)
        if not self._pictures:
            return snap
        people = tuple(replace(person, avatar=self._pictures[person.key]) if person.key in self._pictures else person
                       for person in snap.people)
        return replace(snap, people=people)
