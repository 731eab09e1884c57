"""``nosedive join CODE``: be let into a room with its join code, keep its secret, and exit.

It runs a node just long enough: until a node of the room welcomes this machine and the room's
first message (its name) is here. A wrong code, too many tries, or nobody answering within
``--timeout`` is one clear line and a non-zero exit. Afterwards ``nosedive node`` (or the app)
enters the room with the secret kept in ``rooms.json``; the code is never needed again here.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands
from nosedive.core import joincode
from nosedive.core.errors import NosediveError, UsageError
from nosedive.core.i18n import _
from nosedive.net.peers import parse_address
from nosedive.node.node import Node, NodeConfig
from nosedive.room.events import NodeError, NodeEvent

GIVE_UP = ("wrong-code", "throttled")  # nothing changes by waiting longer
LINGER = 1.0  # seconds in the room before leaving: my profile reaches the others


class JoinError(NosediveError):
    code = "join"


def register(commands: Commands) -> None:
    p = commands.add("join", cmd_join, help="join a room with the code its facilitator shows",
                     description="Join a room with its code (e.g. 7-guitar-harbor): found on this network by "
                                 "mDNS, or through --peer. Prints the room's name once let in.")
    p.add_argument("code", help="the join code, e.g. 7-guitar-harbor")
    p.add_argument("--peer", action="append", default=[], metavar="HOST:PORT",
                   help="a node of the room to ask (repeatable); for networks that block multicast")
    p.add_argument("--name", help="your display name in the room")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="give up after S seconds (default 30)")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on meanwhile (default all)")
    p.add_argument("--no-discovery", action="store_true", help="no zeroconf: only --peer and known peers")


def cmd_join(args: argparse.Namespace, ctx: Context) -> int:
    code = joincode.parse(args.code)
    peers = tuple(parse_address(text) for text in args.peer)
    if not args.timeout > 0:
        raise UsageError(_("--timeout must be a positive number of seconds"))
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(name)s: %(message)s")
    config = NodeConfig(data_dir=ctx.data, code=str(code), name=args.name, peers=peers, host=args.host,
                        discovery=not args.no_discovery, no_peer_warning_after=args.timeout + 3600)
    room_id, name = asyncio.run(_join(config, args.timeout, code.plate))
    print(_("joined {name!r} ({id}); 'nosedive node' or the app takes you there").format(name=name, id=room_id[:12]))
    return 0


async def _join(config: NodeConfig, timeout: float, plate: int) -> tuple[str, str]:
    node = Node.open(config)
    refused: asyncio.Future[NodeError] = asyncio.get_running_loop().create_future()

    def on_event(event: NodeEvent) -> None:
        if isinstance(event, NodeError) and event.code in GIVE_UP and not refused.done():
            refused.set_result(event)

    node.subscribe(on_event)
    try:
        await node.start()
        ready: asyncio.Future[None] = asyncio.ensure_future(node.ready())
        waiting: set[asyncio.Future[Any]] = {ready, refused}
        done, _pending = await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if refused in done:
            raise JoinError(refused.result().text)
        if ready not in done or node.view is None:
            where = _("the --peer given") if config.peers else _("this network")
            raise JoinError(_("nobody let this machine in within {seconds} s: no node of a room with code number "
                              "{plate} answered on {where}. Is the facilitator's node running? If multicast is "
                              "blocked, add --peer HOST:PORT (the facilitator's screen shows it)").format(
                seconds=f"{timeout:.0f}", plate=plate, where=where))
        await asyncio.sleep(LINGER)
        return node.view.room_id, node.view.room_name
    finally:
        await node.stop()
