"""Turning what a person types (a room name, a friend's name) into ids and keys."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nosedive.core import keys
from nosedive.core.errors import UsageError
from nosedive.ledger.store import Ledger, RoomRecord

CURRENT_ROOM_FILE = "current-room"
MIN_ID_PREFIX = 6  # shorter prefixes would match rooms by accident


def match_rooms(candidates: Iterable[tuple[str, str]], text: str) -> list[str]:
    """The ids among *candidates* (id, name) that *text* names, in their order.

    Its exact id; else rooms whose id starts with it (at least six characters, any case);
    else rooms whose name equals it, casefolded. The one rule for the CLI and the node.
    """
    rooms = list(candidates)
    wanted_id = text.lower()
    exact = [room_id for room_id, _ in rooms if room_id == wanted_id]
    if exact:
        return exact
    if len(text) >= MIN_ID_PREFIX:
        by_prefix = [room_id for room_id, _ in rooms if room_id.startswith(wanted_id)]
        if by_prefix:
            return by_prefix
    wanted_name = text.casefold()
    return [room_id for room_id, name in rooms if name.casefold() == wanted_name]


def remember_room(data: Path, room_id: str) -> None:
    (data / CURRENT_ROOM_FILE).write_text(room_id + "\n", encoding="utf-8")


def current_room_id(data: Path) -> str | None:
    path = data / CURRENT_ROOM_FILE
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8").strip()
    return text or None


def resolve_room(ledger: Ledger, data: Path, text: str | None) -> RoomRecord:
    """A room by id, id prefix or exact name; without *text*, the last room used."""
    rooms = ledger.rooms()
    if text is None:
        current = current_room_id(data)
        found = [room for room in rooms if room.id == current]
        if not found:
            raise UsageError("no room yet: create one with 'nosedive room create NAME' or pass --room")
        return found[0]
    by_id = {room.id: room for room in rooms}
    matches = [by_id[room_id] for room_id in match_rooms(((room.id, room.name) for room in rooms), text)]
    if not matches:
        raise UsageError(f"no room called {text!r} here; 'nosedive rooms' lists the rooms this ledger knows")
    if len(matches) > 1:
        listing = ", ".join(f"{room.id[:12]} ({room.name})" for room in matches)
        raise UsageError(f"{text!r} names several rooms: {listing}; pass the room id instead")
    return matches[0]


def display_names(ledger: Ledger, room: str) -> dict[str, str]:
    """author key -> latest display name in *room* (by seq: deterministic)."""
    names: dict[str, tuple[int, str]] = {}
    for _, message in ledger.messages(room, types=("profile",)):
        current = names.get(message.author)
        if current is None or message.seq > current[0]:
            names[message.author] = (message.seq, message.body["name"])
    return {author: name for author, (_, name) in names.items()}


def members(ledger: Ledger, room: str) -> set[str]:
    return set(ledger.have(room))


def resolve_person(ledger: Ledger, room: str, text: str) -> str:
    """A person's key from a display name, a fingerprint, or a hex key (prefix)."""
    names = display_names(ledger, room)
    people = members(ledger, room) | set(names)
    wanted = text.strip()
    if len(wanted) == 64:
        try:
            keys.public_key(wanted.lower())
        except Exception as exc:
            raise UsageError(f"{wanted[:12]}… is not a usable key: {exc}") from None
        return wanted.lower()
    matches = [key for key, name in names.items() if name.casefold() == wanted.casefold()]
    matches = matches or [key for key in people if keys.fingerprint(key) == wanted.upper()]
    if not matches and len(wanted) >= 6:
        matches = [key for key in people if key.startswith(wanted.lower())]
    if not matches:
        raise UsageError(f"nobody called {text!r} in this room; 'nosedive log' shows who is here")
    if len(matches) > 1:
        listing = ", ".join(f"{keys.fingerprint(key)}" for key in sorted(matches))
        raise UsageError(f"{text!r} could be several people ({listing}); use a fingerprint instead")
    return matches[0]
