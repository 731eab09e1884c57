"""What crosses the engine process's pipe: pictures once, read-only mappings, identities, restarts."""
from __future__ import annotations

import dataclasses
import socket
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from nosedive.core.errors import UsageError
from nosedive.core.identity import Identity
from nosedive.core.messages import SIGN_DOMAIN
from nosedive.core.watch_only import WatchOnlyIdentity
from nosedive.node.config import NodeConfig
from nosedive.room.snapshot import Person, RoomSnapshot
from nosedive.ui.engine_wire import AvatarCache, AvatarSender, IdentityRecipe, dumps, for_restart, loads


def people(*pairs: tuple[str, bytes]) -> tuple[Person, ...]:
    return tuple(Person(key=key, name=key, fingerprint=key, avatar=avatar) for key, avatar in pairs)


def snapshot_of(crowd: tuple[Person, ...]) -> RoomSnapshot:
    """A RoomSnapshot whose other fields are placeholders: the pictures' code reads only ``people``."""
    made = object.__new__(RoomSnapshot)
    for field in dataclasses.fields(RoomSnapshot):
        object.__setattr__(made, field.name, crowd if field.name == "people" else None)
    return made


def test_a_picture_travels_once_and_every_snapshot_shows_it() -> None:
    sender, cache = AvatarSender(), AvatarCache()

    def cross(*pairs: tuple[str, bytes]) -> tuple[tuple[Person, ...], dict[str, bytes], int]:
        snap = snapshot_of(people(*pairs))
        stripped, changed = sender.strip(snap)
        size = len(dumps(("snapshot", stripped.people, changed)))
        return cache.restore(stripped, changed).people, changed, size

    big = b"\x89PNG" + bytes(40_000)
    shown, changed, first = cross(("a", big), ("b", b""))
    assert [p.avatar for p in shown] == [big, b""] and changed == {"a": big}
    shown, changed, second = cross(("a", big), ("b", b""))
    assert [p.avatar for p in shown] == [big, b""] and changed == {} and second < first - 39_000  # not sent again
    other = b"\x89PNG" + bytes(10)
    shown, changed, _ = cross(("a", other), ("b", big))  # changed and new ones travel
    assert [p.avatar for p in shown] == [other, big] and changed == {"a": other, "b": big}
    shown, changed, _ = cross(("a", b""), ("b", big))  # a removed picture is removed
    assert [p.avatar for p in shown] == [b"", big] and changed == {"a": b""}


def test_read_only_mappings_cross_as_read_only_mappings() -> None:
    sent = MappingProxyType({"a": MappingProxyType({"b": 1})})
    got = loads(dumps(("event", sent)))[1]
    assert isinstance(got, MappingProxyType) and isinstance(got["a"], MappingProxyType) and got["a"]["b"] == 1


def test_a_watch_only_identity_stays_watch_only_across(tmp_path: Path) -> None:
    wall = WatchOnlyIdentity.open(tmp_path / "identity.key")
    made = loads(dumps((IdentityRecipe.of(wall),)))[0].make()
    assert isinstance(made, WatchOnlyIdentity) and made.public_hex == wall.public_hex
    with pytest.raises(UsageError, match="only watches"):
        made.sign(SIGN_DOMAIN + b"a rating")
    person = Identity.generate()
    assert type(IdentityRecipe.of(person).make()) is Identity and IdentityRecipe.of(None) is None


def test_a_restart_keeps_the_folder_and_port_and_creates_no_second_room(tmp_path: Path) -> None:
    config = NodeConfig(data_dir=tmp_path, create_room="Class", name="Mia", avatar=b"x", host="127.0.0.1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    again = for_restart(config, free_port)
    assert again == replace(config, create_room=None, name=None, avatar=None, port=free_port)
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        assert for_restart(config, taken).port == 0  # someone else holds it: any free port


def test_the_inbox_keeps_order_and_only_the_latest_undrawn_snapshot() -> None:
    from nosedive.ui.engine_process import Inbox
    inbox = Inbox()
    assert inbox.put(("started", "facts")) is True  # empty before: wake the GUI thread
    assert inbox.put(("snapshot", 1)) is False
    assert inbox.put(("snapshot", 2)) is False  # not drawn yet: replaced by the newer one
    assert inbox.put(("event", "rated you")) is False
    assert inbox.put(("snapshot", 3)) is False  # after an event: kept apart, so the order stays
    assert inbox.put(("post", "board", "a")) is False
    assert inbox.put(("post", "board", "b")) is False
    assert inbox.put(("post", "debrief", "d")) is False  # an answer is never dropped
    assert inbox.take() == [("started", "facts"), ("snapshot", 2), ("event", "rated you"), ("snapshot", 3),
                            ("post", "board", "b"), ("post", "debrief", "d")]
    assert inbox.take() == [] and inbox.put(("snapshot", 4)) is True
