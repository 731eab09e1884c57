"""``nosedive whatif`` (also ``compare``): the session replayed under other rules, nothing signed or sent.

The room's own rules come first; the other rules are ``--policy`` (a preset or a policy file;
default the room's own) with each ``--without`` rule turned off (docs/scoring.md, "What if").
"""
from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from nosedive.cli.context import Context
from nosedive.cli.json_output import Namer, emit, room_json
from nosedive.cli.registry import Commands, room_option
from nosedive.cli.scores import room_table
from nosedive.core import keys
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.messages import Message, now_ms
from nosedive.debrief.whatif import RULE_WORDS
from nosedive.ledger.records import RoomRecord
from nosedive.room.resolve import resolve_room, shown_names
from nosedive.scoring.comparison import Comparison, PersonChange, compare
from nosedive.scoring.counterfactual import TOGGLES, policy_from, without
from nosedive.scoring.table import PersonScore, ScoreTable
from nosedive.scoring.text import namer


def register(commands: Commands) -> None:
    p = commands.add("whatif", cmd_whatif, aliases=["compare"],
                     help="the same session under other rules: who would stand where, and why")
    p.add_argument("--policy", metavar="PRESET|FILE", default=None,
                   help="the other rules: a preset's name or a policy JSON file (default: the room's own)")
    p.add_argument("--without", metavar="RULE", action="append", default=[], choices=sorted(TOGGLES),
                   help="turn one rule off in the other rules: " + ", ".join(TOGGLES) + " (repeatable)")
    p.add_argument("--at", metavar="TIME", default=None,
                   help="score the session as of TIME: HH:MM on the session's last day, an ISO date-time "
                        "or unix milliseconds (default: now)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")
    room_option(p)


def cmd_whatif(args: argparse.Namespace, ctx: Context) -> int:
    if args.policy is None and not args.without:
        raise UsageError(_("whatif needs other rules: --policy PRESET|FILE, --without RULE, or both"))
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    own = room_table(ctx.ledger, room.id).policy
    other = without(policy_from(args.policy) if args.policy else own, args.without)
    held = [message for _, message in ctx.ledger.messages(room.id)]
    at = parse_time(args.at, held) if args.at else None
    second_label = other.title if args.policy else own.title
    if args.without:
        second_label = _("{rules} without {what}").format(rules=second_label or _("the rules"), what=_(", ").join(
            _(RULE_WORDS.get(rule, rule)) for rule in args.without))
    name = namer(shown_names(ctx.ledger, room))
    result = compare(room.id, held, own, other, labels=(own.title or _("the room's rules"), second_label),
                     forks=ctx.ledger.forked_authors(room.id), at=at,
                     instant=at if at is not None else now_ms(), name=name, clock=local_clock)
    if args.json:
        return emit(comparison_json(room, result, name, at, args))
    for line in render(room, result, name):
        print(line)
    return 0


def parse_time(text: str, held: list[Message]) -> int:
    """TIME as unix ms: digits as they are, HH:MM on the local day of the last message, or ISO."""
    if text.isdigit():
        return int(text)
    try:
        if len(text) <= 5 and ":" in text:
            hours, minutes = (int(part) for part in text.split(":"))
            last = max((m.ts for m in held), default=now_ms())
            day = dt.datetime.fromtimestamp(last / 1000)
            moment = day.replace(hour=hours, minute=minutes, second=59, microsecond=999_000)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(_("--at {text!r}: use HH:MM, an ISO date-time or unix milliseconds").format(
            text=text)) from exc
    return int(moment.timestamp() * 1000)


def local_clock(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts / 1000).strftime("%H:%M")


def render(room: RoomRecord, result: Comparison, name: Namer) -> list[str]:
    a, b = result.first, result.second
    lines = [_("{room}: {first}  vs  {second}").format(room=room.name, first=result.first_label,
                                                       second=result.second_label), result.rules, ""]
    for change in result.people:
        first = f"{a.format(change.first.final)} {change.first_grade}".strip()
        second = f"{b.format(change.second.final)} {change.second_grade}".strip()
        mark = "" if change.differs else _("  (the same)")
        lines.append(f"  {name(change.person):<24} {first:>18}  →  {second}{mark}")
        lines += [f"      {reason}" for reason in change.reasons]
    moved = len(result.changed)
    doors = sum(len(c.opened) + len(c.closed) for c in result.people)
    lines += ["", _("{moved} of {count} would stand differently; {doors} doors differ").format(
        moved=moved, count=len(result.people), doors=doors),
              _("table hashes {first} / {second}").format(first=a.hash(), second=b.hash())]
    return lines


def comparison_json(room: RoomRecord, result: Comparison, name: Namer, at: int | None,
                    args: argparse.Namespace) -> dict[str, Any]:
    return {"room": room_json(room), "at": at, "rules": result.rules,
            "first": _side(result.first, result.first_label),
            "second": {**_side(result.second, result.second_label), "policy_choice": args.policy,
                       "without": list(args.without)},
            "people": [_person(result, change, name) for change in result.people]}


def _side(table: ScoreTable, label: str) -> dict[str, Any]:
    return {"label": label, "policy": {"title": table.policy.title, "digest": table.policy.digest},
            "hash": table.hash()}


def _score(table: ScoreTable, score: PersonScore, grade: str, person: str) -> dict[str, Any]:
    return {"final": table.format(score.final), "final_fixed": score.final,
            "base": table.format(score.base), "base_fixed": score.base,
            "drag": table.format(score.drag), "drag_fixed": score.drag, "grade": grade,
            "doors_open": [t.name for t in table.tiers(person) if t.state == "open"]}


def _person(result: Comparison, change: PersonChange, name: Namer) -> dict[str, Any]:
    key = change.person
    return {"key": key, "fingerprint": keys.fingerprint(key), "label": name(key), "differs": change.differs,
            "first": _score(result.first, change.first, change.first_grade, key),
            "second": _score(result.second, change.second, change.second_grade, key),
            "opened": list(change.opened), "closed": list(change.closed),
            "diverged_ts": change.diverged_at, "reasons": list(change.reasons)}
