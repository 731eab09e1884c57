"""Groups and agencies from the command line: ``group create|join|leave|add|remove``, ``groups``, ``agencies``.

``nosedive group create family Lee`` signs a ``group`` message (the facilitator's kinds need the
facilitator); ``nosedive group add 1a2b3c Ben`` the owner's add; ``nosedive group join 1a2b3c`` a
person's own consent. ``nosedive groups`` lists them with the ids the others take (six characters
are enough); ``nosedive agencies [PERSON]`` reads out each agency's score, grade, lists and doors.
"""
from __future__ import annotations

import argparse
from typing import Any

from nosedive.cli.context import Context
from nosedive.cli.json_output import agencies_json, emit, room_json
from nosedive.cli.registry import Commands, room_option
from nosedive.cli.scores import room_table
from nosedive.core import keys
from nosedive.core.i18n import _
from nosedive.core.messages import now_ms
from nosedive.room.group_checks import create_body, groups_of, member_body
from nosedive.room.resolve import resolve_person, resolve_room, shown_names
from nosedive.scoring.society_text import render_agency, render_chains, shown
from nosedive.scoring.table import ScoreTable
from nosedive.scoring.text import namer


def register(commands: Commands) -> None:
    p = commands.subparsers.add_parser("group", help="found a group, add or remove members, join or leave one")
    sub = p.add_subparsers(dest="group_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="found a group of a kind the policy lists (family, employer, club…)")
    create.add_argument("kind", help="a kind of group of the room's policy ('nosedive rules' lists them)")
    create.add_argument("name", help="the group's name, e.g. 'Lee' or 'Swift Logistics'")
    create.add_argument("--parent", default="", help="the group it belongs to (a vehicle's company): its id")
    create.set_defaults(handler=cmd_group_create)
    for action, text in (("join", "join a group (or accept the owner's invitation)"), ("leave", "leave a group")):
        q = sub.add_parser(action, help=text)
        q.add_argument("group", help="the group's id (six characters are enough), from 'nosedive groups'")
        q.set_defaults(handler=cmd_group_member, on=action == "join", person=None)
        room_option(q)
    for action, text in (("add", "add someone to a group you own"), ("remove", "take someone out of it")):
        q = sub.add_parser(action, help=text)
        q.add_argument("group", help="the group's id (six characters are enough), from 'nosedive groups'")
        q.add_argument("person", help="display name, fingerprint or key")
        q.set_defaults(handler=cmd_group_member, on=action == "add")
        room_option(q)
    room_option(create)
    p = commands.add("groups", cmd_groups, help="the room's groups, their members and scores")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")
    room_option(p)
    p = commands.add("agencies", cmd_agencies, help="your (or a person's) score, lists and doors with each agency")
    p.add_argument("person", nargs="?", help="display name, fingerprint or key (default: you)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")
    room_option(p)


def cmd_group_create(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = room_table(ctx.ledger, room.id)
    names = shown_names(ctx.ledger, room)
    society = table.society
    body = create_body(table.policy, society.groups if society else None, ctx.identity.public_hex, room.creator,
                       namer(names), args.kind, args.name, args.parent)
    message = ctx.ledger.append(ctx.identity, room.id, "group", body)
    assigned = table.policy.society.kinds[args.kind].by == "facilitator"
    print((_("group {id}: {kind} “{name}”") if assigned else
           _("group {id}: {kind} “{name}” (you are its first member; others join with your add and their own "
             "consent)")).format(id=message.id[:8], kind=args.kind, name=args.name))
    return 0


def cmd_group_member(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    me = ctx.identity.public_hex
    person = me if args.person is None else resolve_person(ctx.ledger, room.id, args.person)
    name = namer(shown_names(ctx.ledger, room))
    body = member_body(groups_of(room_table(ctx.ledger, room.id)), me, name, args.group, person, args.on)
    ctx.ledger.append(ctx.identity, room.id, "member", body)
    groups = groups_of(room_table(ctx.ledger, room.id))
    group = groups.groups[str(body["group"])]
    state = groups.state(group.id, person, now_ms())
    said = {"member": _("a member"), "invited": _("invited (they become a member once they join)"),
            "asked": _("asked to join (a member once the owner adds them)"), "left": _("not a member any more")}
    print(_("{person} in {kind} “{group}”: {state}").format(person=name(person), kind=group.kind, group=group.name,
                                                           state=said.get(state, _("not a member"))))
    return 0


def _groups_json(table: ScoreTable, me: str, name: Any) -> list[dict[str, Any]]:
    groups = groups_of(table)
    society = table.society
    assert society is not None
    result = []
    for group in sorted(groups.groups.values(), key=lambda g: (g.kind, g.name, g.id)):
        framework = table.policy.society.kinds[group.kind].agency
        value = society.group_score(group.id, framework)
        result.append({"id": group.id, "kind": group.kind, "name": group.name, "owner": group.owner,
                       "parent": group.parent, "assigned": group.by_facilitator, "agency": framework,
                       "members": [{"key": m, "label": name(m)} for m in groups.members_at(group.id, now_ms())],
                       "score": shown(table, framework, value), "score_fixed": value,
                       "my_state": groups.state(group.id, me, now_ms()) or "none"})
    return result


def cmd_groups(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = room_table(ctx.ledger, room.id)
    name = namer(shown_names(ctx.ledger, room))
    listed = _groups_json(table, ctx.identity.public_hex, name)
    if args.json:
        return emit({"room": room_json(room), "groups": listed})
    if not listed:
        print(_("no groups in this room yet; the kinds are: {kinds}").format(
            kinds=_(", ").join(table.policy.society.kinds) or "—"))
    for group in listed:
        mine = "" if group["my_state"] == "none" else "  " + _("[you: {state}]").format(state=group["my_state"])
        parent = "  " + _("in {group}").format(group=group["parent"][:8]) if group["parent"] else ""
        members = _(", ").join(sorted(m["label"] for m in group["members"])) or _("no members")
        print(f"{group['id'][:8]}  {group['kind']} “{group['name']}”  {group['score']}{parent}{mine}")
        print(f"          {members}")
    for line in render_chains(table, ctx.identity.public_hex, name, mine=True):
        print(line)
    return 0


def cmd_agencies(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = room_table(ctx.ledger, room.id)
    name = namer(shown_names(ctx.ledger, room))
    me = ctx.identity.public_hex
    person = me if args.person is None else resolve_person(ctx.ledger, room.id, args.person)
    society = table.society
    agencies = table.policy.society.agencies
    if args.json:
        return emit({"room": room_json(room), "person": {"key": person, "fingerprint": keys.fingerprint(person),
                                                         "label": name(person)},
                     "agencies": agencies_json(table, person, name, mine=person == me)})
    if not agencies or not society:
        print(_("this room's policy has no agencies: its one score is the room's ('nosedive scores')"))
        return 0
    for agency in agencies:
        for line in render_agency(table, agency, person, name, mine=person == me):
            print(line)
    return 0
