"""``nosedive check``: re-verify every stored message, quarantine what no longer verifies, say what was found."""
from __future__ import annotations

import argparse

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands
from nosedive.core import keys
from nosedive.core.i18n import _
from nosedive.room.resolve import display_names


def register(commands: Commands) -> None:
    commands.add("check", cmd_check, help="re-verify every stored message; quarantine any that fails",
                 description="Check every stored message's signature, id and chain link again. A message that "
                             "no longer verifies is moved to quarantine; peers send a good copy at the next sync.")


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    ledger = ctx.ledger
    report = ledger.check()
    if report.ok:
        print(_("checked {count} stored messages: every signature, id and chain link verifies").format(
            count=report.checked))
        return 0
    room_names = {room.id: room.name for room in ledger.rooms()}
    for damage in report.damaged:
        who = display_names(ledger, damage.room).get(damage.author, keys.fingerprint(damage.author))
        room = room_names.get(damage.room, damage.room[:12])
        print(_("message {seq} of {who} in room {room!r} no longer verifies ({reason}); moved it to quarantine")
              .format(seq=damage.seq, who=who, room=room, reason=damage.reason))
    print(_("checked {count} stored messages: {damaged} quarantined, {held} later message(s) of the same people "
            "wait for them. Run 'nosedive node' (or the app) where the room's peers are: they send good copies at "
            "the next sync, and the scores follow").format(count=report.checked, damaged=len(report.damaged),
                                                           held=report.held))
    return 1
