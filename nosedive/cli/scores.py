"""Score commands: ``nosedive scores`` and ``nosedive explain PERSON``."""
from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterator

from nosedive.cli.context import Context
from nosedive.cli.core import parse_stars
from nosedive.cli.json_output import agencies_json, chains_json, emit, explain_json, history_json, scores_json
from nosedive.cli.records import explain_records
from nosedive.cli.registry import Commands, room_option
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.messages import now_ms
from nosedive.ledger.store import Ledger
from nosedive.room.resolve import resolve_person, resolve_room, shown_names
from nosedive.scoring import ScoreEngine, ScoreTable
from nosedive.scoring.explain import WhatIf, explain, what_if_befriend, what_if_rating, what_if_unfriend
from nosedive.scoring.history import replay
from nosedive.scoring.records_text import render_rules
from nosedive.scoring.society_text import explain_society, render_society_rules
from nosedive.scoring.text import namer, render_explanation, render_policy, render_what_if


def register(commands: Commands) -> None:
    p = commands.add("scores", cmd_scores, help="everyone's score in the room, highest first")
    p.add_argument("--hash", action="store_true", help="also print the score table's hash (compare nodes)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")
    room_option(p)

    p = commands.add("explain", cmd_explain, help="why a person's score is what it is, and what would change it")
    p.add_argument("person", help="display name, fingerprint or key")
    p.add_argument("--unfriend", metavar="FRIEND", action="append", default=[],
                   help="what if this friendship ended? (repeatable)")
    p.add_argument("--befriend", metavar="PERSON", action="append", default=[],
                   help="what if they became friends with PERSON? (repeatable)")
    p.add_argument("--rating", nargs=2, metavar=("RATER", "STARS"), action="append", default=[],
                   help="what if RATER's rating were STARS (1-5, or 0 for no rating)? (repeatable)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")
    room_option(p)

    p = commands.add("rules", cmd_rules, help="the room's scoring rules, in sentences")
    room_option(p)

    p = commands.add("history", cmd_history, help="how a person's score moved over the session (for a debrief)")
    p.add_argument("person", help="display name, fingerprint or key")
    p.add_argument("--minutes", type=int, default=1, help="one point per this many minutes (default 1)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead (docs/cli-json.md)")
    room_option(p)


def room_table(ledger: Ledger, room_id: str) -> ScoreTable:
    """The score table of a room, computed from the whole ledger, as of now (records and penalties)."""
    engine = ScoreEngine(room_id)
    engine.set_forks(ledger.forked_authors(room_id))
    engine.apply(message for _, message in ledger.messages(room_id))
    return engine.table(at=now_ms())


def cmd_scores(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = room_table(ctx.ledger, room.id)
    name = namer(shown_names(ctx.ledger, room))
    if args.json:
        return emit(scores_json(room, table, name))
    print(_("{room}: {rules}").format(room=room.name, rules=table.policy.title or _("custom rules")))
    if not table.people:
        print(_("nobody here yet"))
    for rank, person in enumerate(table.ranking(), 1):
        score = table.people[person]
        doors = sum(tier.state == "open" for tier in table.tiers(person))
        labels = ", ".join(table.labels(person))
        print(_("{rank:>3}. {name:<24} {score:>9}  drag {drag:>7}  {doors}/{tiers} doors  {labels}").format(
            rank=rank, name=name(person), score=table.format(score.final), drag=table.format_signed(score.drag),
            doors=doors, tiers=len(table.policy.tiers), labels=labels))
    locked = locked_by_friends_lines(table, name)
    if locked:
        print()
        print(_("Doors locked by friends:"))
        for line in locked:
            print(f"  {line}")
    if args.hash:
        print(_("table hash {hash}").format(hash=table.hash()))
    return 0


def locked_by_friends_lines(table: ScoreTable, name: Callable[[str], str]) -> list[str]:
    """One sentence per person whose ratings would open a door their friends keep shut."""
    lines = []
    for person in table.ranking():
        doors = [tier.name for tier in table.tiers(person) if tier.state == "locked_by_friends"]
        if not doors:
            continue
        pullers = [part for part in explain(table, person).friends if part.drag < 0]
        worst = _(", ").join(name(part.friend) for part in sorted(pullers, key=lambda p: (p.drag, name(p.friend))))
        lines.append(_("{name}: {doors} (pulled down by {friends})").format(
            name=name(person), doors=_(", ").join(doors), friends=worst))
    return lines


def cmd_explain(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = room_table(ctx.ledger, room.id)
    name = namer(shown_names(ctx.ledger, room))
    person = resolve_person(ctx.ledger, room.id, args.person)
    if args.json:
        extra = {} if not table.society else {"agencies": agencies_json(table, person, name, mine=False),
                                              "chains": chains_json(table, person, name)}
        return emit(explain_json(room, table, person, name) | extra)
    for line in render_explanation(table, explain(table, person), name):
        print(line)
    for line in explain_records(table, person, name) + explain_society(table, person, name):
        print(line)
    for headline, what in _what_ifs(args, ctx.ledger, room.id, table, person, name):
        print()
        for line in render_what_if(table, what, name, headline):
            print(line)
    return 0


def _what_ifs(
    args: argparse.Namespace, ledger: Ledger, room_id: str, table: ScoreTable, person: str, name: Callable[[str], str],
) -> Iterator[tuple[str, WhatIf]]:
    """(headline, what-if) for each --unfriend, --befriend and --rating, in that order."""
    for text in args.unfriend:
        friend = resolve_person(ledger, room_id, text)
        headline = _("What if {person} and {friend} stopped being friends?")
        yield headline.format(person=name(person), friend=name(friend)), what_if_unfriend(table, person, friend)
    for text in args.befriend:
        other = resolve_person(ledger, room_id, text)
        yield (_("What if {person} and {other} became friends?").format(person=name(person), other=name(other)),
               what_if_befriend(table, person, other))
    for rater_text, stars_text in args.rating:
        rater = resolve_person(ledger, room_id, rater_text)
        stars = None if stars_text == "0" else parse_stars(stars_text)
        if rater == person:
            raise UsageError(_("self-ratings never count; pick someone else as the rater"))
        headline = (_("What if {rater} had not rated {person}?") if stars is None else
                    _("What if {rater} gave {person} {stars} star?") if stars == 1 else
                    _("What if {rater} gave {person} {stars} stars?")).format(
            rater=name(rater), person=name(person), stars=stars)
        yield headline, what_if_rating(table, person, rater, stars)


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    if args.minutes < 1:
        raise UsageError(_("--minutes must be 1 or more"))
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    person = resolve_person(ctx.ledger, room.id, args.person)
    name = namer(shown_names(ctx.ledger, room))
    result = replay(room.id, (m for _, m in ctx.ledger.messages(room.id)),
                    forks=ctx.ledger.forked_authors(room.id), bucket_ms=args.minutes * 60_000)
    table = result.table
    points = result.timeline(person)
    if args.json:
        return emit(history_json(room, table, person, name, points, args.minutes))
    print(_("{name}: {score} now").format(name=name(person), score=table.format(table.score(person).final)))
    if not points:
        print(_("  no change yet: still at the starting score"))
    previous = table.policy.prior_value
    for stamp, final in points:
        when = dt.datetime.fromtimestamp(stamp / 1000).strftime("%H:%M")
        print(f"  {when}  {table.format(final)}  ({table.format_signed(final - previous)})")
        previous = final
    return 0


def cmd_rules(args: argparse.Namespace, ctx: Context) -> int:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    table = room_table(ctx.ledger, room.id)
    for line in render_policy(table) + render_rules(table.policy) + render_society_rules(table.policy):
        print(line)
    return 0
