"""``nosedive node``: a headless peer that replicates the room and logs what it does."""
from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands
from nosedive.core import keys, policy
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.net.peers import parse_address
from nosedive.node.node import Node, NodeConfig
from nosedive.room.events import NodeError, NoPeersFound, PeerDown, PeerUp, RatedYou, RoomsDiscovered, SnapshotChanged


def register(commands: Commands) -> None:
    p = commands.add("node", cmd_node, help="run a headless peer: discover, replicate, score",
                     description="Run a headless peer. SIGINT or SIGTERM stop it cleanly.")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--room", help="room name or id to join (default: the last room used)")
    which.add_argument("--create-room", metavar="NAME", help="create a room and facilitate it")
    which.add_argument("--code", help="join the room with this join code (e.g. 7-guitar-harbor), then stay in it")
    p.add_argument("--policy", default="nosedive",
                   help=f"preset for --create-room ({', '.join(policy.preset_names())})")
    p.add_argument("--name", help="your display name in the room")
    p.add_argument("--peer", action="append", default=[], metavar="HOST:PORT",
                   help="a peer to connect to (repeatable); for networks that block multicast")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default all)")
    p.add_argument("--port", type=int, default=0, help="TCP port to listen on (default: any free port)")
    p.add_argument("--no-discovery", action="store_true", help="no zeroconf: only --peer and known peers")
    p.add_argument("--quiet", action="store_true", help="log only warnings")


def cmd_node(args: argparse.Namespace, ctx: Context) -> int:
    peers = tuple(parse_address(text) for text in args.peer)
    if not 0 <= args.port < 65536:
        raise UsageError(_("--port must be 0 (any) or 1–65535"))
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    config = NodeConfig(
        data_dir=ctx.data, room=args.room, create_room=args.create_room, code=args.code, preset=args.policy,
        name=args.name, peers=peers, host=args.host, port=args.port, discovery=not args.no_discovery,
    )
    return asyncio.run(_serve(config))


async def _serve(config: NodeConfig) -> int:
    node = Node.open(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    node.subscribe(lambda event: _log_event(node, event))
    await node.start()
    print(f"node {node.identity.fingerprint} listening on port {node.port}", flush=True)
    snapshot = node.snapshot()
    if snapshot is not None and snapshot.join_code:
        print(f"join code {snapshot.join_code}", flush=True)
    try:
        await stop.wait()
    finally:
        await node.stop()
        print(_("node stopped"), flush=True)
    return 0


_last_logged: dict[str, object] = {}


def _log_event(node: Node, event: object) -> None:
    log = logging.getLogger("nosedive.node")

    def who(key: str) -> str:
        return node.view.label_of(key) if node.view is not None else keys.fingerprint(key)

    if isinstance(event, PeerUp):
        log.info("connected to %s at %s", who(event.key), event.address)
    elif isinstance(event, PeerDown):
        log.info("lost %s: %s", who(event.key), event.reason)
    elif isinstance(event, RatedYou):
        log.info("%s rated you %d stars", who(event.item.author), event.item.stars)
    elif isinstance(event, NoPeersFound):
        log.warning("no peers yet; on another machine run: nosedive node --peer %s",
                    event.addresses[0] if event.addresses else f"THIS-HOST:{node.port}")
    elif isinstance(event, RoomsDiscovered):
        rooms = ", ".join(f"{r.name!r} (code number {r.plate})" for r in event.rooms)
        if _last_logged.get("rooms") != rooms:  # a new address of a known room is not news in the log
            _last_logged["rooms"] = rooms
            log.info("rooms on the LAN: %s", rooms)
    elif isinstance(event, NodeError):
        log.error("%s", event.text)
    elif isinstance(event, SnapshotChanged):
        snap = event.snapshot
        state = (snap.messages_held, snap.peers_connected, snap.scores.hash())
        if _last_logged.get("state") != state:  # one line per real change, not per snapshot
            _last_logged["state"] = state
            log.info("room %r: %d messages, %d peers, score hash %s", snap.room_name, snap.messages_held,
                     snap.peers_connected, snap.scores.hash()[:16])
