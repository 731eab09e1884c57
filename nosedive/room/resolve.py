"""Turning what a person types (a room name, a friend's name) into ids and keys."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nosedive.core import keys
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.ledger.store import Ledger, RoomRecord
from nosedive.room.names import FINGERPRINT_CHARS, fingerprint_tag, fold, with_role
from nosedive.room.names import labels as name_labels

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
            raise UsageError(_("no room yet: create one with 'nosedive room create NAME' or pass --room"))
        return found[0]
    by_id = {room.id: room for room in rooms}
    matches = [by_id[room_id] for room_id in match_rooms(((room.id, room.name) for room in rooms), text)]
    if not matches:
        raise UsageError(_("no room called {text!r} here; 'nosedive rooms' lists the rooms this ledger knows").format(
            text=text))
    if len(matches) > 1:
        listing = ", ".join(f"{room.id[:12]} ({room.name})" for room in matches)
        raise UsageError(_("{text!r} names several rooms: {listing}; pass the room id instead").format(
            text=text, listing=listing))
    return matches[0]


def display_names(ledger: Ledger, room: str) -> dict[str, str]:
    """author key -> latest display name in *room* (by seq: deterministic)."""
    names: dict[str, tuple[int, str]] = {}
    for _row, message in ledger.messages(room, types=("profile",)):
        current = names.get(message.author)
        if current is None or message.seq > current[0]:
            names[message.author] = (message.seq, message.body["name"])
    return {author: name for author, (_, name) in names.items()}


def members(ledger: Ledger, room: str) -> set[str]:
    return set(ledger.have(room))


def labels(ledger: Ledger, room: str) -> dict[str, str]:
    """key -> label (see :mod:`nosedive.room.names`) for everyone in *room*."""
    names = display_names(ledger, room)
    return name_labels({key: names.get(key, keys.fingerprint(key)) for key in members(ledger, room) | set(names)})


def shown_names(ledger: Ledger, room: RoomRecord) -> dict[str, str]:
    """key -> how a terminal names them: their label, the facilitator's with the role after it."""
    return {key: with_role(label, key == room.creator) for key, label in labels(ledger, room.id).items()}


def _compact(text: str) -> str:
    return text.replace("-", "").upper()


def resolve_person(ledger: Ledger, room: str, text: str) -> str:
    """A person's key from a display name (folded), a label ("Ben · K7QF"), a fingerprint or its
    first four or more characters, or a hex key (prefix of six or more)."""
    names = display_names(ledger, room)
    people = members(ledger, room) | set(names)
    wanted = text.strip()
    if len(wanted) == 64:
        try:
            keys.public_key(wanted.lower())
        except Exception as exc:
            raise UsageError(_("{key}… is not a usable key: {reason}").format(key=wanted[:12], reason=exc)) from None
        return wanted.lower()
    label_of = labels(ledger, room)
    matches = sorted(key for key, name in names.items() if fold(name) == fold(wanted))
    matches = matches or sorted(key for key, label in label_of.items() if fold(label) == fold(wanted))
    if not matches and len(_compact(wanted)) >= FINGERPRINT_CHARS:
        matches = sorted(key for key in people if _compact(keys.fingerprint(key)).startswith(_compact(wanted)))
    if not matches and len(wanted) >= 6:
        matches = sorted(key for key in people if key.startswith(wanted.lower()))
    if not matches:
        raise UsageError(_("nobody called {text!r} in this room; 'nosedive log' shows who is here").format(text=text))
    if len(matches) > 1:
        creator = ledger.room(room)
        listing = "; ".join(with_role(label_of.get(key, keys.fingerprint(key)),
                                      creator is not None and key == creator.creator) for key in matches)
        raise UsageError(_("{text!r} could be {count} people: {listing}. Name one by the fingerprint after the dot "
                           "(e.g. {tag}) or by the whole fingerprint that 'nosedive log' shows").format(
            text=text, count=len(matches), listing=listing, tag=fingerprint_tag(matches[0], FINGERPRINT_CHARS)))
    return matches[0]
