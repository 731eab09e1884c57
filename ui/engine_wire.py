"""What crosses the pipe between the window's process and the engine's: Qt-free.

Every message is one pickled tuple ``(kind, *fields)`` in a length-prefixed frame
(``multiprocessing.connection.Connection.send_bytes``). The pipe is private to the two processes
(a socketpair the parent made), so pickle is no wider a door than the process itself.

Snapshots stay cheap: a person's picture (up to 512×512, tens of kB) travels once, when it is new
or changed (:class:`AvatarSender` in the engine, :class:`AvatarCache` in the window); snapshots
carry people with empty ``avatar`` fields, and the window puts the pictures back before anyone
sees the snapshot. Then only what changed travels (:class:`SnapshotCoder`, :class:`SnapshotReader`):
a person, a feed line or a score table already in the previous snapshot crosses as its number, and
the window's reader puts back the very object it holds (so a view can tell "unchanged" by
identity); the score table crosses without the engine's working model (the window never asks a
table for raters or friends: explanations come ready-made). A catch-up's snapshot was 94 kB to
unpickle holding the GIL, a busy room's 91 kB; unchanged people and lines now cost a few bytes each.
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
from nosedive.room.snapshot import FeedItem, Person, RoomSnapshot
from nosedive.scoring import ScoreTable
from nosedive.scoring.model import Model

# parent → child: ("call", name, args, reply signal or None, refusal signal or None) · ("stop",)
# child → parent: ("beat",) · ("started", NodeFacts) · ("snapshot", SnapshotCoder's bytes, {key: avatar}) ·
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
        self._restored: dict[Person, Person] = {}

    def restore(self, snap: RoomSnapshot, changed: dict[str, bytes]) -> RoomSnapshot:
        for key, picture in changed.items():
            if picture:
                self._pictures[key] = picture
            else:
                self._pictures.pop(key, None)
        if not self._pictures:
            return snap
        restored: dict[Person, Person] = {}  # a person unchanged since the last snapshot is the same one again
        for person in snap.people:
            known = self._pictures.get(person.key)
            if known is not None:
                again = self._restored.get(person)
                restored[person] = again if again is not None and again.avatar is known else replace(
                    person, avatar=known)
        self._restored = restored
        return replace(snap, people=tuple(restored.get(person, person) for person in snap.people))


def _known(number: int) -> Any:  # resolved by SnapshotReader to its own table (never called as is)
    raise pickle.UnpicklingError(f"object {number} outside a snapshot")


def _new(number: int, kind: type, state: dict[str, Any]) -> Any:  # resolved by SnapshotReader (see _known)
    raise pickle.UnpicklingError(f"object {number} outside a snapshot")


REUSED = (Person, FeedItem)  # frozen, compared by value: an equal one already sent is the same one


def slim_table(table: ScoreTable) -> ScoreTable:
    """*table* for the window: without the engine's working model (its influencer and hash kept)."""
    slim = replace(table, model=Model(table.policy))
    slim.__dict__["influencer"] = table.influencer  # cached_property values, computed from the model here
    slim.__dict__["_digest"] = table.hash()
    return slim


class _Same:
    """A key that is equal only to the same object (a table's equality leaves out what it holds besides scores)."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


class SnapshotCoder:
    """The engine's side: a snapshot as bytes in which what the previous snapshot held travels as its number."""

    def __init__(self) -> None:
        self._sent: dict[object, int] = {}  # what the window's reader holds now (the previous snapshot's)
        self._now: dict[object, int] = {}
        self._table: tuple[ScoreTable, ScoreTable] | None = None  # the last table and its slim copy
        self._count = 0

    def encode(self, snap: RoomSnapshot) -> bytes:
        if self._table is None or self._table[0] is not snap.scores:
            self._table = (snap.scores, slim_table(snap.scores))
        snap = replace(snap, scores=self._table[1])
        self._now = {}
        buffer = io.BytesIO()
        _CoderPickler(buffer, self).dump(snap)
        self._sent = self._now
        return buffer.getvalue()

    def _reduce(self, obj: object) -> tuple[Any, ...]:
        key: object = _Same(obj) if isinstance(obj, ScoreTable) else obj  # a table: only the very same one
        number = self._now.get(key, self._sent.get(key))
        if number is not None:
            self._now[key] = number
            return _known, (number,)
        self._count += 1
        self._now[key] = self._count
        return _new, (self._count, type(obj), obj.__dict__)


class SnapshotReader:
    """The window's side (the engine's reader thread): the snapshot, with what it already held put back."""

    def __init__(self) -> None:
        self._held: dict[int, object] = {}
        self._now: dict[int, object] = {}

    def decode(self, data: bytes) -> RoomSnapshot:
        self._now = {}
        snap = _Unpickler(io.BytesIO(data), self).load()
        assert isinstance(snap, RoomSnapshot), "a snapshot frame holds a RoomSnapshot"
        self._held = self._now
        return snap

    def _known(self, number: int) -> object:
        found = self._now.get(number, self._held.get(number))
        if found is None:
            raise pickle.UnpicklingError(f"the engine referred to object {number}, which this window never got")
        self._now[number] = found
        return found

    def _new(self, number: int, kind: type, state: dict[str, Any]) -> object:
        made: Any = object.__new__(kind)
        made.__dict__.update(state)
        self._now[number] = made
        return made


class _CoderPickler(_Pickler):
    def __init__(self, file: io.BytesIO, coder: SnapshotCoder) -> None:
        # read when the pickler is made (the C pickler's rule): so set before
        self.dispatch_table = _Pickler.dispatch_table | {kind: coder._reduce for kind in (*REUSED, ScoreTable)}
        super().__init__(file, pickle.HIGHEST_PROTOCOL)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, reader: SnapshotReader) -> None:
        super().__init__(file)
        self._reader = reader

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_known":
            return self._reader._known
        if module == __name__ and name == "_new":
            return self._reader._new
        return super().find_class(module, name)
