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
    AppealBody,
    ConfirmBody,
    ExpelBody,
    FriendBody,
    PenaltyBody,
    PolicyBody,
    ProfileBody,
    RateBody,
    ReportBody,
    RoleBody,
    RoomBody,
    RoundBody,
    RulingBody,
)
from nosedive.core.errors import UsageError
from nosedive.core.i18n import N_, _
from nosedive.core.messages import MAX_AVATAR_BYTES, MAX_NAME_CHARS, MAX_NOTE_CHARS, Message
from nosedive.core.roomkeys import RoomKeys, new_room_key
from nosedive.core.text import normalise
from nosedive.room.names import with_role
from nosedive.room.resolve import labels, remember_room, resolve_person, resolve_room, shown_names
from nosedive.scoring.records_text import role_words


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
    print(_("fingerprint  {value}").format(value=me.fingerprint))
    print(_("public key   {value}").format(value=me.public_hex))
    print(_("data         {value}").format(value=ctx.data))
    return 0


def cmd_room_create(args: argparse.Namespace, ctx: Context) -> int:
    rules = policy.load_preset(args.policy) | ({"admission": args.admission} if args.admission else {})
    genesis = ctx.ledger.create_room(ctx.identity, args.name, rules)
    key = new_room_key(genesis.room)
    RoomKeys.open(ctx.data).remember(key)
    remember_room(ctx.data, genesis.room)
    print(_("created room {name!r} ({id}) with the {policy!r} policy; you facilitate it").format(
        name=args.name, id=genesis.room[:12], policy=args.policy))
    print(_("join code: {code}   (others type 'nosedive join {code}' while your node runs)").format(code=key.code))
    if args.admission == "admit":
        print(_("joiners wait until you let them in: 'nosedive admit NAME'"))
    return 0


def cmd_room_code(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    keys_here = RoomKeys.open(ctx.data)
    key = keys_here.get(room.id)
    if (key is None or not key.joined) and room.creator == ctx.identity.public_hex:
        key = new_room_key(room.id)  # a room I created before rooms had codes
        keys_here.remember(key)
    if key is None or not key.joined or not key.code:
        raise UsageError(_("this machine holds no join code for {name!r}: join it with its code "
                           "('nosedive join CODE'), or ask its facilitator").format(name=room.name))
    print(key.code)
    return 0


def cmd_room_use(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    remember_room(ctx.data, room.id)
    print(_("now in room {name!r} ({id})").format(name=room.name, id=room.id[:12]))
    return 0


def cmd_rooms(args: argparse.Namespace, ctx: Context) -> int:
    rooms = ctx.ledger.rooms()
    if args.json:
        return emit(rooms_json(rooms))
    if not rooms:
        print(_("no rooms yet: 'nosedive room create NAME' starts one"))
    for room in rooms:
        print(_("{id}  {name:<30} {members:>3} people  facilitator {fingerprint}").format(
            id=room.id[:12], name=room.name, members=room.members, fingerprint=keys.fingerprint(room.creator)))
    return 0


def cmd_profile(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    name = normalise(args.name)  # what the engine accepts: a person never gets their own name refused
    if not name:
        raise UsageError(_("{name!r} has nothing left to show once invisible characters are dropped; "
                           "choose a name with letters in it").format(name=args.name))
    body = {"name": name}
    if args.avatar is not None:
        image = args.avatar.read_bytes()
        if len(image) > MAX_AVATAR_BYTES:
            raise UsageError(_("{file} is {size} KiB; the limit is {limit} KiB").format(
                file=args.avatar, size=len(image) // 1024, limit=MAX_AVATAR_BYTES // 1024))
        body["avatar"] = base64.b64encode(image).decode()
    ctx.ledger.append(ctx.identity, room.id, "profile", body)
    print(_("you are now {name!r} in {room!r}").format(name=name, room=room.name))
    return 0


def parse_stars(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise UsageError(_("stars must be a whole number from 1 to 5, not {text!r}").format(text=text))
    return int(text)


def cmd_rate(args: argparse.Namespace, ctx: Context) -> int:
    stars = parse_stars(args.stars)
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    subject = resolve_person(ctx.ledger, room.id, args.person)
    if subject == ctx.identity.public_hex:
        raise UsageError(_("you cannot rate yourself"))
    rounds = round_now(ctx.ledger, room.id)
    if not rounds.rating_open:  # it would be stored and spread, and count on no node
        raise UsageError(rounds.reason)
    body: dict[str, object] = {"subject": subject, "stars": stars}
    if args.note:
        body["note"] = args.note
    ctx.ledger.append(ctx.identity, room.id, "rate", body)
    name = shown_names(ctx.ledger, room).get(subject, keys.fingerprint(subject))
    print(_("rated {name} {stars}").format(name=name, stars="★" * stars + "☆" * (5 - stars)))
    return 0


def cmd_friend(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    subject = resolve_person(ctx.ledger, room.id, args.person)
    if subject == ctx.identity.public_hex:
        raise UsageError(_("you cannot befriend yourself"))
    ctx.ledger.append(ctx.identity, room.id, "friend", {"subject": subject, "on": not args.off})
    name = shown_names(ctx.ledger, room).get(subject, keys.fingerprint(subject))
    print((_("unfriended {name}") if args.off else _("befriended {name}")).format(name=name))
    return 0


ROUND_WORDS = {"start": N_("{who} started a round"), "pause": N_("{who} paused rating"),
               "resume": N_("{who} resumed rating"), "end": N_("{who} ended the round")}


def describe(message: Message, names: Mapping[str, str], facilitator: str | None = None) -> str:
    """One line of the log, in words; *names* holds labels, and the *facilitator* is marked as such."""
    def name(key: str) -> str:
        return with_role(names.get(key, keys.fingerprint(key)), key == facilitator)

    who = name(message.author)
    match message.typed():
        case RateBody(subject=subject, stars=stars, note=note):
            said = _(" — “{note}”").format(note=note) if note else ""
            return _("{who} rated {whom} {stars}").format(
                who=who, whom=name(subject), stars="★" * stars + "☆" * (5 - stars)) + said
        case FriendBody(subject=subject, on=on):
            return (_("{who} befriended {whom}") if on else _("{who} unfriended {whom}")).format(
                who=who, whom=name(subject))
        case ProfileBody(name=new_name):
            return _("{who} is now called {name}").format(who=keys.fingerprint(message.author), name=new_name)
        case RoomBody(name=room_name):  # opening it is what makes them the facilitator: no need to say so twice
            return _("{who} opened the room {room!r}").format(
                who=names.get(message.author, keys.fingerprint(message.author)), room=room_name)
        case PolicyBody():
            return _("{who} changed the room's rules").format(who=who)
        case RoundBody(action=action, minutes=minutes):
            timed = _(" ({minutes} min)").format(minutes=minutes) if minutes else ""
            return _(ROUND_WORDS[action]).format(who=who) + timed
        case AnnounceBody(text=text):
            return _("{who} announced: {text}").format(who=who, text=text)
        case AdmitBody(subject=subject):
            return _("{who} let {whom} in").format(who=who, whom=name(subject))
        case ExpelBody(subject=subject):
            return _("{who} expelled {whom}").format(who=who, whom=name(subject))
        case ReportBody(subject=subject, act=act):
            return _("{who} reported {whom} for {act}").format(who=who, whom=name(subject), act=act)
        case RoleBody(subject=subject, role=role, on=on):
            return (_("{who} made {whom} {role}") if on else _("{who} took {role} away from {whom}")).format(
                who=who, whom=name(subject), role=role_words(role))
        case AppealBody(record=record):
            return _("{who} appealed record {id}").format(who=who, id=record[:8])
        case ConfirmBody(record=record):
            return _("{who} confirmed record {id}").format(who=who, id=record[:8])
        case RulingBody(record=record, verdict=verdict):
            return (_("{who} upheld record {id}") if verdict == "uphold" else _("{who} overturned record {id}")).format(
                who=who, id=record[:8])
        case PenaltyBody(subject=subject, penalty=penalty):
            return _("{who} imposed the {penalty} penalty on {whom}").format(
                who=who, whom=name(subject), penalty=penalty)
        case _:  # an unknown type (None), or one this log has no sentence for yet
            return _("{who} sent a {type!r} message").format(who=who, type=message.type)


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    if args.limit < 0:
        raise UsageError(_("--limit must be 0 (all) or more"))
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    names = labels(ctx.ledger, room.id)
    entries = [message for _row, message in ctx.ledger.messages(room.id)]
    if args.limit:
        entries = entries[-args.limit:]
    if args.json:
        return emit(log_json(room, entries, lambda key: names.get(key, keys.fingerprint(key)),
                             lambda message: describe(message, names, room.creator)))
    for message in entries:
        when = dt.datetime.fromtimestamp(message.ts / 1000).strftime("%H:%M:%S")
        print(f"{when}  {describe(message, names, room.creator)}")
    return 0
