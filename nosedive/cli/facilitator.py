"""The facilitator's session commands: ``nosedive round``, ``nosedive announce`` and ``nosedive policy``.

Each signs one facilitator-only message into the local ledger (a running node on the same data
folder picks it up and spreads it). The refusals are the node's own (:mod:`nosedive.node.facilitator`).
"""
from __future__ import annotations

import argparse
from typing import Any

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands, room_option
from nosedive.core import keys, policy
from nosedive.core.bodies import MAX_ANNOUNCEMENT_CHARS, MAX_ROUND_MINUTES, ROUND_ACTIONS
from nosedive.core.errors import NotFacilitatorError, UsageError
from nosedive.core.i18n import _
from nosedive.core.messages import now_ms
from nosedive.core.policy_source import read_rules
from nosedive.core.text import normalise
from nosedive.ledger.records import RoomRecord
from nosedive.ledger.store import Ledger
from nosedive.node.facilitator import ALLOWED
from nosedive.room.facilitation import round_info
from nosedive.room.resolve import resolve_room, shown_names
from nosedive.room.snapshot import RoundInfo
from nosedive.scoring import ScoreEngine
from nosedive.scoring.changes import describe_change


def register(commands: Commands) -> None:
    p = commands.add("round", cmd_round, help="start, pause, resume or end rating (facilitator only)")
    p.add_argument("action", choices=ROUND_ACTIONS)
    p.add_argument("--minutes", type=int, default=None,
                   help=f"with start or resume: close rating after this many minutes (1–{MAX_ROUND_MINUTES})")
    room_option(p)
    p = commands.add("announce", cmd_announce, help="tell everyone in the room something (facilitator only)")
    p.add_argument("text", help=f"plain text, up to {MAX_ANNOUNCEMENT_CHARS} characters")
    room_option(p)
    p = commands.add("policy", cmd_policy, help="change the room's rules (facilitator only)")
    p.add_argument("rules", metavar="PRESET|FILE",
                   help=f"a preset ({', '.join(policy.preset_names())}) or a policy JSON file")
    room_option(p)


def room_engine(ledger: Ledger, room_id: str) -> ScoreEngine:
    engine = ScoreEngine(room_id)
    engine.set_forks(ledger.forked_authors(room_id))
    engine.apply(message for _, message in ledger.messages(room_id))
    return engine


def round_now(ledger: Ledger, room_id: str) -> RoundInfo:
    """Whether rating is open in the room now, by the round messages this ledger holds."""
    engine = room_engine(ledger, room_id)
    return round_info(engine.rounds, engine.policy, now_ms())


def _facilitated_room(args: argparse.Namespace, ctx: Context, action: str) -> RoomRecord:
    room = resolve_room(ctx.ledger, ctx.data, args.room)
    if room.creator != ctx.identity.public_hex:
        facilitator = shown_names(ctx.ledger, room).get(room.creator, keys.fingerprint(room.creator))
        raise NotFacilitatorError(_("only the room's facilitator ({name}) may {action}").format(
            name=facilitator, action=action))
    return room


def cmd_round(args: argparse.Namespace, ctx: Context) -> int:
    room = _facilitated_room(args, ctx, _("start, pause or end rounds"))
    states, refusal = ALLOWED[args.action]
    now = round_now(ctx.ledger, room.id)
    if now.state not in states:
        raise UsageError(_(refusal).format(n=now.number, state=_(now.state)))
    body: dict[str, object] = {"action": args.action}
    if args.minutes is not None:
        if args.action not in ("start", "resume") or not 1 <= args.minutes <= MAX_ROUND_MINUTES:
            raise UsageError(_("--minutes goes with start or resume, from 1 to {most}").format(most=MAX_ROUND_MINUTES))
        body["minutes"] = args.minutes
    ctx.ledger.append(ctx.identity, room.id, "round", body)
    after = round_now(ctx.ledger, room.id)
    timed = _("; rating closes in {minutes} min").format(minutes=args.minutes) if args.minutes else ""
    said = {"start": _("round {n} started"), "pause": _("round {n} paused: ratings signed now count on no node"),
            "resume": _("round {n} resumed"), "end": _("round {n} ended")}[args.action]
    print(said.format(n=after.number) + timed)
    return 0


def cmd_announce(args: argparse.Namespace, ctx: Context) -> int:
    room = _facilitated_room(args, ctx, _("make announcements"))
    text = normalise(args.text)
    if not text:
        raise UsageError(_("an announcement needs something visible to say"))
    if len(text) > MAX_ANNOUNCEMENT_CHARS:
        raise UsageError(_("an announcement is at most {most} characters; this one has {count}").format(
            most=MAX_ANNOUNCEMENT_CHARS, count=len(text)))
    ctx.ledger.append(ctx.identity, room.id, "announce", {"text": text})
    print(_("announced to {room!r}: {text}").format(room=room.name, text=text))
    return 0


def load_rules(text: str) -> dict[str, Any]:
    """A preset by name, or a policy JSON file."""
    return read_rules(text)


def cmd_policy(args: argparse.Namespace, ctx: Context) -> int:
    room = _facilitated_room(args, ctx, _("change its policy"))
    rules = load_rules(args.rules)
    new = policy.parse_policy(rules)  # a clear error before anything is signed
    old = room_engine(ctx.ledger, room.id).policy
    if new.digest == old.digest:
        print(_("these are the room's rules already: nothing to sign"))
        return 0
    ctx.ledger.append(ctx.identity, room.id, "policy", {"policy": rules})
    print(describe_change(old, new))
    return 0
