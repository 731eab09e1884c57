"""The machinery from the command line: report, appeal, confirm, rule, role, penalty, records.

``nosedive report Ben jaywalking`` signs a report; ``nosedive records`` lists the room's records
with the ids that ``appeal``, ``confirm`` and ``rule`` take (the first 8 characters are enough).
"""
from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands, room_option
from nosedive.core import keys
from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.core.i18n import N_, _
from nosedive.core.messages import now_ms
from nosedive.core.policy_acts import ROLE_NAME
from nosedive.ledger.records import RoomRecord
from nosedive.room.resolve import resolve_person, resolve_room, shown_names
from nosedive.scoring import Record, ScoreEngine, ScoreTable
from nosedive.scoring.records import acts_of
from nosedive.scoring.records_text import record_sentence, render_records, role_words
from nosedive.scoring.text import namer


def local_clock(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts / 1000).strftime("%H:%M")


def register(commands: Commands) -> None:
    p = commands.add("report", cmd_report, help="report someone for an act of the room's table (good or bad)")
    p.add_argument("person", help="display name, fingerprint or key")
    p.add_argument("act", help="an act of the policy's table ('nosedive rules' lists them)")
    p.add_argument("--note", default="", help="what happened, in a sentence")
    p.add_argument("--agency", default="", help="the agency whose act table the act is from ('nosedive rules')")
    room_option(p)
    p = commands.add("appeal", cmd_appeal, help="appeal a record against you")
    p.add_argument("record", help="the record's id (or its first 8 characters), from 'nosedive records'")
    p.add_argument("--note", default="", help="why it is wrong")
    room_option(p)
    p = commands.add("confirm", cmd_confirm, help="confirm a complaint (collectors and the facilitator)")
    p.add_argument("record", help="the record's id (or its first 8 characters)")
    room_option(p)
    p = commands.add("rule", cmd_rule, help="uphold or overturn an appealed record (the judge)")
    p.add_argument("record", help="the record's id (or its first 8 characters)")
    p.add_argument("verdict", choices=("uphold", "overturn"))
    room_option(p)
    p = commands.add("role", cmd_role, help="grant someone a role: collector, court, official… (facilitator)")
    p.add_argument("person", help="display name, fingerprint or key")
    p.add_argument("role", help="e.g. collector, court, official")
    p.add_argument("--off", action="store_true", help="take the role back")
    room_option(p)
    p = commands.add("penalty", cmd_penalty, help="impose one of the policy's timed penalties (facilitator)")
    p.add_argument("person", help="display name, fingerprint or key")
    p.add_argument("penalty", help="a penalty of the policy ('nosedive rules' lists them)")
    room_option(p)
    p = commands.add("records", cmd_records, help="the room's records (or one person's) and their state")
    p.add_argument("person", nargs="?", help="only this person's records")
    room_option(p)


def _table(ctx: Context, room: RoomRecord) -> ScoreTable:
    engine = ScoreEngine(room.id)
    engine.set_forks(ctx.ledger.forked_authors(room.id))
    engine.apply(message for _, message in ctx.ledger.messages(room.id))
    return engine.table(at=now_ms())


STATE_WORDS = {"pending": N_("pending"), "scheduled": N_("scheduled"), "active": N_("active"), "expired": N_("expired"),
               "struck": N_("struck"), "protected": N_("protected")}


def _record(table: ScoreTable, text: str) -> Record:
    found = [r for r in table.records.records if r.id.startswith(text.lower())] if len(text) >= 6 else []
    if len(found) != 1:
        raise UsageError(_("no single record {text!r} in this room; 'nosedive records' lists them with their ids")
                         .format(text=text))
    return found[0]


def _facilitator(ctx: Context, room: RoomRecord, action: str) -> None:
    if room.creator != ctx.identity.public_hex:
        name = shown_names(ctx.ledger, room).get(room.creator, keys.fingerprint(room.creator))
        raise NotFacilitatorError(_("only the room's facilitator ({name}) may {action}").format(
            name=name, action=action))


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = _table(ctx, room)
    agencies = table.policy.society.agencies
    if args.agency and args.agency not in agencies:
        raise UsageError(_("no agency {agency!r} in this room's policy; the agencies are: {agencies}").format(
            agency=args.agency, agencies=_(", ").join(agencies) or _("none: this room's policy has no agencies")))
    acts = acts_of(table.policy, args.agency)
    if args.act not in acts:
        text = (_("no act {act!r} in the {agency} agency's table; the acts are: {acts}") if args.agency else
                _("no act {act!r} in this room's table; the acts are: {acts}"))
        raise UsageError(text.format(act=args.act, agency=args.agency,
                                     acts=_(", ").join(acts) or _("none (this policy has no itemised acts)")))
    subject = resolve_person(ctx.ledger, room.id, args.person)
    if subject == ctx.identity.public_hex:
        raise UsageError(_("nobody may report themselves"))
    body: dict[str, object] = {"subject": subject, "act": args.act}
    if args.note:
        body["note"] = args.note
    if args.agency:
        body["agency"] = args.agency
    message = ctx.ledger.append(ctx.identity, room.id, "report", body)
    name = namer(shown_names(ctx.ledger, room))
    record = _table(ctx, room).records.record(message.id)
    print(_("record {id}: ").format(id=message.id[:8]) + (record_sentence(table, record, name, local_clock) if record
                                                          else ""))
    return 0


def cmd_appeal(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    record = _record(_table(ctx, room), args.record)
    if record.subject != ctx.identity.public_hex:
        raise UsageError(_("only the reported person may appeal a record"))
    if record.appeal_ts is not None:
        raise UsageError(_("this record is already under appeal"))
    body: dict[str, object] = {"record": record.id}
    if args.note:
        body["note"] = args.note
    ctx.ledger.append(ctx.identity, room.id, "appeal", body)
    appealed = _record(_table(ctx, room), record.id)
    print(_("appealed {id}; decided no earlier than {time}").format(id=record.id[:8],
                                                                     time=local_clock(appealed.decided_after or 0)))
    return 0


def cmd_confirm(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    record = _record(_table(ctx, room), args.record)
    if record.filed_by != "complaint" or record.confirmed_by is not None:
        raise UsageError(_("only a complaint not yet confirmed can be confirmed"))
    ctx.ledger.append(ctx.identity, room.id, "confirm", {"record": record.id})
    state = _record(_table(ctx, room), record.id).state
    print((_("confirmed {id}") if state != "pending" else
           _("confirmed {id} (it still waits: only collectors and the facilitator confirm)")).format(id=record.id[:8]))
    return 0


def cmd_rule(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    record = _record(_table(ctx, room), args.record)
    if record.decided_after is None:
        raise UsageError(_("this record is not under appeal: there is nothing to rule on"))
    if now_ms() < record.decided_after:
        raise UsageError(_("the appeal may be decided no earlier than {time}; a ruling signed before then counts on "
                           "no node").format(time=local_clock(record.decided_after)))
    ctx.ledger.append(ctx.identity, room.id, "ruling", {"record": record.id, "verdict": args.verdict})
    print((_("upheld {id}") if args.verdict == "uphold" else _("overturned {id}")).format(id=record.id[:8]))
    return 0


def cmd_role(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    _facilitator(ctx, room, _("grant roles"))
    if not ROLE_NAME.fullmatch(args.role):
        raise UsageError(_("a role is 1-24 lowercase letters, digits or dashes, e.g. collector or court"))
    subject = resolve_person(ctx.ledger, room.id, args.person)
    ctx.ledger.append(ctx.identity, room.id, "role", {"subject": subject, "role": args.role, "on": not args.off})
    name = namer(shown_names(ctx.ledger, room))
    print((_("{name} is no longer {role}") if args.off else _("{name} is {role}")).format(
        name=name(subject), role=role_words(args.role)))
    return 0


def cmd_penalty(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    _facilitator(ctx, room, _("impose penalties"))
    penalties = _table(ctx, room).policy.records.penalties
    if args.penalty not in penalties:
        raise UsageError(_("no penalty {penalty!r} in this room's policy; the penalties are: {penalties}").format(
            penalty=args.penalty, penalties=_(", ").join(penalties) or _("none")))
    subject = resolve_person(ctx.ledger, room.id, args.person)
    ctx.ledger.append(ctx.identity, room.id, "penalty", {"subject": subject, "penalty": args.penalty})
    ends = now_ms() + penalties[args.penalty].duration_ms
    print(_("the {penalty} penalty on {name} until {time}").format(
        penalty=args.penalty, name=namer(shown_names(ctx.ledger, room))(subject), time=local_clock(ends)))
    return 0


def cmd_records(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = _table(ctx, room)
    name = namer(shown_names(ctx.ledger, room))
    only = resolve_person(ctx.ledger, room.id, args.person) if args.person else None
    records = [r for r in table.records.records if only is None or r.subject == only]
    for role in sorted({role for roles in table.records.roles.values() for role in roles}):
        print(_("{role}: {people}").format(role=role_words(role).capitalize(),
                                           people=_(", ").join(name(p) for p in table.records.holders(role))))
    if not records:
        print(_("no records about {name}").format(name=name(only)) if only else _("no records in this room"))
    for record in records:
        print(f"{record.id[:8]}  {name(record.subject)}  {_(STATE_WORDS[record.state]):<9}  "
              + record_sentence(table, record, name, local_clock))
    return 0


def explain_records(table: ScoreTable, person: str, name: Callable[[str], str]) -> list[str]:
    """The records part of ``nosedive explain``, with the score it leads to."""
    lines = render_records(table, person, name, local_clock)
    if not lines:
        return []
    score = table.score(person)
    tail = [_("With records: {before} {records} = {score}").format(
        before=table.format(score.base + score.drag), records=table.format_signed(score.records),
        score=table.format(score.final))] if score.records else []
    return ["", *lines, *tail]
