"""Core commands: identity, rooms, profiles, ratings, friends and the log."""
from __future__ import annotations

import argparse
import base64
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from nosedive.cli.context import Context
from nosedive.cli.facilitator import round_now
from nosedive.cli.json_output import emit, id_json, log_json, rooms_json
from nosedive.cli.registry import Commands, room_option
from nosedive.core import keys, policy
from nosedive.core.bodies import (
    AdmitBody,
    AnnounceBody,
    ExpelBody,
    FriendBody,
    PolicyBody,
    ProfileBody,
    RateBody,
    RoomBody,
    RoundBody,
)
from nosedive.core.errors import UsageError
from nosedive.core.messages import MAX_AVATAR_BYTES, MAX_NAME_CHARS, MAX_NOTE_CHARS, Message
from nosedive.core.roomkeys import RoomKeys, new_room_key
from nosedive.core.text import normalise
from nosedive.room.names import with_role
from nosedive.room.resolve import labels, remember_room, resolve_person, resolve_room, shown_names


def register(commands: Commands) -> None:
    p = commands.add("id", cmd_id, help="show (and on first use create) your identity")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")

    p = commands.subparsers.add_parser("room", help="create or choose a room")  # its actions carry the handlers
    room_sub = p.add_subparsers(dest="room_command", metavar="ACTION", required=True)
    create = room_sub.add_parser("create", help="create a room; you become its facilitator")
    create.add_argument("name", help="the room's name, e.g. 'Class 5B'")
    create.add_argument("--policy", default="nosedive", help=f"policy preset ({', '.join(policy.preset_names())})")
    create.add_argument("--admission", choices=policy.ADMISSION_MODES, default=None,
                        help="open: the join code lets people in (default); admit: you let each one in")
    create.set_defaults(handler=cmd_room_create)
    use = room_sub.add_parser("use", help="make a known room the current one")
    use.add_argument("room", help="room name or id")
    use.set_defaults(handler=cmd_room_use)
    code = room_sub.add_parser("code", help="print the room's join code (for newcomers: 'nosedive join CODE')")
    room_option(code)
    code.set_defaults(handler=cmd_room_code)

    p = commands.add("rooms", cmd_rooms, help="list the rooms this ledger knows")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")

    p = commands.add("profile", cmd_profile, help="set your display name (and avatar) in the room")
    p.add_argument("name", help=f"display name, up to {MAX_NAME_CHARS} characters")
    p.add_argument("--avatar", type=Path, help=f"image file, up to {MAX_AVATAR_BYTES // 1024} KiB")
    room_option(p)

    p = commands.add("rate", cmd_rate, help="rate someone from 1 to 5 stars")
    p.add_argument("person", help="display name, fingerprint or key")
    p.add_argument("stars", help="1 to 5")
    p.add_argument("--note", default=None, help=f"optional short note (up to {MAX_NOTE_CHARS} characters)")
    room_option(p)

    p = commands.add("friend", cmd_friend, help="befriend someone (or --off to drop them)")
    p.add_argument("person", help="display name, fingerprint or key")
    p.add_argument("--off", action="store_true", help="end the friendship")
    room_option(p)

    p = commands.add("log", cmd_log, help="show the room's messages, newest last")
    p.add_argument("-n", "--limit", type=int, default=50, help="how many (default 50, 0 = all)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")
    room_option(p)


def cmd_id(args: argparse.Namespace, ctx: Context) -> int:
    me = ctx.identity
    if args.json:
        return emit(id_json(me, str(ctx.data)))
    print(f"fingerprint  {me.fingerprint}")
    print(f"public key   {me.public_hex}")
    print(f"data         {ctx.data}")
    return 0


def cmd_room_create(args: argparse.Namespace, ctx: Context) -> int:
    rules = policy.load_preset(args.policy) | ({"admission": args.admission} if args.admission else {})
    genesis = ctx.ledger.create_room(ctx.identity, args.name, rules)
    key = new_room_key(genesis.room)
    RoomKeys.open(ctx.data).remember(key)
    remember_room(ctx.data, genesis.room)
    print(f"created room {args.name!r} ({genesis.room[:12]}) with the {args.policy!r} policy; you facilitate it")
    print(f"join code: {key.code}   (others type 'nosedive join {key.code}' while your node runs)")
    if args.admission == "admit":
        print("joiners wait until you let them in: 'nosedive admit NAME'")
    return 0


def cmd_room_code(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    keys_here = RoomKeys.open(ctx.data)
    key = keys_here.get(room.id)
    if (key is None or not key.joined) and room.creator == ctx.identity.public_hex:
        key = new_room_key(room.id)  # a room I created before rooms had codes
        keys_here.remember(key)
    if key is None or not key.joined or not key.code:
        raise UsageError(f"this machine holds no join code for {room.name!r}: join it with its code "
                         "('nosedive join CODE'), or ask its facilitator")
    print(key.code)
    return 0


def cmd_room_use(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    remember_room(ctx.data, room.id)
    print(f"now in room {room.name!r} ({room.id[:12]})")
    return 0


def cmd_rooms(args: argparse.Namespace, ctx: Context) -> int:
    rooms = ctx.ledger.rooms()
    if args.json:
        return emit(rooms_json(rooms))
    if not rooms:
        print("no rooms yet: 'nosedive room create NAME' starts one")
    for room in rooms:
        print(f"{room.id[:12]}  {room.name:<30} {room.members:>3} people  facilitator {keys.fingerprint(room.creator)}")
    return 0


def cmd_profile(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    name = normalise(args.name)  # what the engine accepts: a person never gets their own name refused
    if not name:
        raise UsageError(f"{args.name!r} has nothing left to show once invisible characters are dropped; "
                         "choose a name with letters in it")
    body = {"name": name}
    if args.avatar is not None:
        image = args.avatar.read_bytes()
        if len(image) > MAX_AVATAR_BYTES:
            raise UsageError(f"{args.avatar} is {len(image) // 1024} KiB; the limit is {MAX_AVATAR_BYTES // 1024} KiB")
        body["avatar"] = base64.b64encode(image).decode()
    ctx.ledger.append(ctx.identity, room.id, "profile", body)
    print(f"you are now {name!r} in {room.name!r}")
    return 0


def parse_stars(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise UsageError(f"stars must be a whole number from 1 to 5, not {text!r}")
    return int(text)


def cmd_rate(args: argparse.Namespace, ctx: Context) -> int:
    stars = parse_stars(args.stars)
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    subject = resolve_person(ctx.ledger, room.id, args.person)
    if subject == ctx.identity.public_hex:
        raise UsageError("you cannot rate yourself")
    rounds = round_now(ctx.ledger, room.id)
    if not rounds.rating_open:  # it would be stored and spread, and count on no node
        raise UsageError(rounds.reason)
    body: dict[str, object] = {"subject": subject, "stars": stars}
    if args.note:
        body["note"] = args.note
    ctx.ledger.append(ctx.identity, room.id, "rate", body)
    name = shown_names(ctx.ledger, room).get(subject, keys.fingerprint(subject))
    print(f"rated {name} {'★' * stars}{'☆' * (5 - stars)}")
    return 0


def cmd_friend(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    subject = resolve_person(ctx.ledger, room.id, args.person)
    if subject == ctx.identity.public_hex:
        raise UsageError("you cannot befriend yourself")
    ctx.ledger.append(ctx.identity, room.id, "friend", {"subject": subject, "on": not args.off})
    name = shown_names(ctx.ledger, room).get(subject, keys.fingerprint(subject))
    print(f"{'unfriended' if args.off else 'befriended'} {name}")
    return 0


ROUND_WORDS = {"start": "started a round", "pause": "paused rating", "resume": "resumed rating",
               "end": "ended the round"}


def describe(message: Message, names: Mapping[str, str], facilitator: str | None = None) -> str:
    """One line of the log, in words; *names* holds labels, and the *facilitator* is marked as such."""
    def name(key: str) -> str:
        return with_role(names.get(key, keys.fingerprint(key)), key == facilitator)

    who = name(message.author)
    match message.typed():
        case RateBody(subject=subject, stars=stars, note=note):
            said = f" — “{note}”" if note else ""
            return f"{who} rated {name(subject)} {'★' * stars}{'☆' * (5 - stars)}{said}"
        case FriendBody(subject=subject, on=on):
            return f"{who} {'befriended' if on else 'unfriended'} {name(subject)}"
        case ProfileBody(name=new_name):
            return f"{keys.fingerprint(message.author)} is now called {new_name}"
        case RoomBody(name=room_name):  # opening it is what makes them the facilitator: no need to say so twice
            return f"{names.get(message.author, keys.fingerprint(message.author))} opened the room {room_name!r}"
        case PolicyBody():
            return f"{who} changed the room's rules"
        case RoundBody(action=action, minutes=minutes):
            timed = f" ({minutes} min)" if minutes else ""
            return f"{who} {ROUND_WORDS[action]}{timed}"
        case AnnounceBody(text=text):
            return f"{who} announced: {text}"
        case AdmitBody(subject=subject):
            return f"{who} let {name(subject)} in"
        case ExpelBody(subject=subject):
            return f"{who} expelled {name(subject)}"
        case _:  # an unknown type (None), or one this log has no sentence for yet
            return f"{who} sent a {message.type!r} message"


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    if args.limit < 0:
        raise UsageError("--limit must be 0 (all) or more")
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    names = labels(ctx.ledger, room.id)
    entries = [message for _, message in ctx.ledger.messages(room.id)]
    if args.limit:
        entries = entries[-args.limit:]
    if args.json:
        return emit(log_json(room, entries, lambda key: names.get(key, keys.fingerprint(key)),
                             lambda message: describe(message, names, room.creator)))
    for message in entries:
        when = dt.datetime.fromtimestamp(message.ts / 1000).strftime("%H:%M:%S")
        print(f"{when}  {describe(message, names, room.creator)}")
    return 0
