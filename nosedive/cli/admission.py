"""The facilitator's admission commands: ``nosedive admit NAME`` and ``nosedive expel NAME``."""
from __future__ import annotations

import argparse

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands, room_option
from nosedive.cli.scores import room_table
from nosedive.core import keys
from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.core.i18n import N_, _
from nosedive.room.resolve import resolve_person, resolve_room, shown_names

# verdict -> (the status it gives, what the facilitator does, what is printed)
VERDICTS = {
    "admit": ("member", N_("let people in"), N_("let {name} in: their ratings and friendships count")),
    "expel": ("expelled", N_("expel people"), N_("expelled {name}: nothing of theirs counts, and nodes close their "
                                                 "connections")),
}


def register(commands: Commands) -> None:
    p = commands.add("admit", cmd_admit, help="let someone into the room (facilitator only)")
    p.add_argument("person", help="display name, fingerprint or key")
    room_option(p)
    p = commands.add("expel", cmd_expel, help="put someone out of the room (facilitator only)")
    p.add_argument("person", help="display name, fingerprint or key")
    room_option(p)


def cmd_admit(args: argparse.Namespace, ctx: Context) -> int:
    return _decide("admit", args, ctx)


def cmd_expel(args: argparse.Namespace, ctx: Context) -> int:
    return _decide("expel", args, ctx)


def _decide(verdict: str, args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    status, action, done = VERDICTS[verdict]
    names = shown_names(ctx.ledger, room)
    if room.creator != ctx.identity.public_hex:
        facilitator = names.get(room.creator, keys.fingerprint(room.creator))
        raise NotFacilitatorError(_("only the room's facilitator ({name}) may {action}").format(
            name=facilitator, action=_(action)))
    subject = resolve_person(ctx.ledger, room.id, args.person)
    if subject == ctx.identity.public_hex:
        raise UsageError(_("you facilitate this room: you are always in it"))
    name = names.get(subject, keys.fingerprint(subject))
    if room_table(ctx.ledger, room.id).status(subject) == status:
        print((_("{name} is already in: nothing to sign") if status == "member" else
               _("{name} is already expelled: nothing to sign")).format(name=name))
        return 0
    ctx.ledger.append(ctx.identity, room.id, verdict, {"subject": subject})
    print(_(done).format(name=name))
    return 0
