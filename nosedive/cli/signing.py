"""Signing from the shell with the node's own checks: no self-fork after a restore, no clock the room refuses.

``nosedive rate``, ``profile``, ``friend`` and every other command that signs go through
:class:`ShellLedger.append` (the ledger :class:`~nosedive.cli.context.Context` opens), which
does what a node would (node/own_chain.py, node/clock.py), by the node's own code:

- **a node runs on this data folder** (it holds the data lock): the message is kept unsigned in
  the ledger (ledger/outbox.py) and that node signs it once my head is confirmed; the command
  waits for it (bounded) and says so when it is still kept;
- **no node runs, peers are known** (``peers.json``): a short-lived node on loopback dials them,
  learns my head and the room's clock from them, catches up, and only then signs (or refuses:
  "your clock is … ahead of the room's"); with no answer it signs once the room's wait alone
  passed, as a node would;
- **no node runs, no peer is known**: nobody could answer, so it signs at once, as a node alone
  with its wait passed would (the trade-off in docs/protocol.md).
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nosedive.core.datalock import DataLock
from nosedive.core.errors import DataDirInUseError, NosediveError, StorageError
from nosedive.core.i18n import _
from nosedive.core.identity import Identity
from nosedive.core.messages import Message, decode_trusted, now_ms
from nosedive.ledger import Ledger
from nosedive.ledger.outbox import Outbox
from nosedive.net.peers import PeerCache
from nosedive.node.node import PEERS_FILE, Node, NodeConfig
from nosedive.node.own_chain import KeptError, alone_wait_of

POLL = 0.1  # seconds between looks at the ledger while a node signs what the shell kept
SPARE = 5.0  # seconds beyond the room's wait alone that a command waits for its message to be signed


class ShellLedger(Ledger):
    """The ledger as the shell's commands see it: :meth:`append` signs only as a node would."""

    data: Path | None = None  # the data folder (set by the Context); None: sign directly, as Ledger does

    def append(self, identity: Identity, room: str, type: str, body: Mapping[str, Any], *,
               ts: int | None = None) -> Message:
        if self.data is None or ts is not None:
            return super().append(identity, room, type, body, ts=ts)
        try:
            lock = DataLock.acquire(self.data)
        except DataDirInUseError:
            return self._through_running_node(identity, room, type, dict(body))
        except StorageError:  # a folder nobody can write in: the ledger's own write says so, in its words
            return super().append(identity, room, type, body)
        try:
            if not PeerCache(self.data / PEERS_FILE).addresses():
                return super().append(identity, room, type, body)  # nobody to ask: as a node alone
        finally:
            lock.release()
        return self._through_short_node(identity, room, type, dict(body))

    def _wait(self, room: str) -> float:
        """The room's wait alone (its latest policy from the facilitator), plus a margin."""
        creator = self.creator(room)
        latest = max(((m.seq, m) for _, m in self.messages(room, types=("room", "policy")) if m.author == creator),
                     default=None, key=lambda item: item[0])
        policy = latest[1].body.get("policy") if latest else None
        return alone_wait_of(policy if isinstance(policy, dict) else {}) + SPARE

    def _through_running_node(self, identity: Identity, room: str, type_: str, body: dict[str, Any]) -> Message:
        """Keep it for the node that runs here; wait (bounded) until that node has signed it."""
        me = identity.public_hex
        kept = Outbox(self).keep(me, room, type_, body, now_ms())
        deadline = time.monotonic() + self._wait(room)
        while time.monotonic() < deadline:
            if not any(item.number == kept.number for item in Outbox(self).waiting(me, room)):
                return self._signed(me, room, type_, body)
            time.sleep(POLL)
        raise KeptError(_("kept on this machine, not signed yet: the node running here signs and sends it once a "
                          "peer confirms this machine holds your newest messages"))

    def _through_short_node(self, identity: Identity, room: str, type_: str, body: dict[str, Any]) -> Message:
        """Run a node for as long as it takes to learn my head from the known peers, then sign."""
        assert self.data is not None
        config = NodeConfig(data_dir=self.data, room=room, host="127.0.0.1", port=0, discovery=False,
                            no_peer_warning_after=3600.0, watch_interval=POLL, anti_entropy_interval=1.0)
        asyncio.run(_sign_through(Node.open(config), room, type_, body, self._wait(room)))
        return self._signed(identity.public_hex, room, type_, body)

    def _signed(self, me: str, room: str, type_: str, body: dict[str, Any]) -> Message:
        """My latest message saying *body* (the one just signed for me)."""
        head = self.head(room, me)[0]
        for raw in reversed(self.since(room, me, max(0, head - 50), 50)):
            message = decode_trusted(raw)
            if message.type == type_ and message.body == body:
                return message
        raise NosediveError(_("the message was signed but cannot be found in the ledger; run 'nosedive log'"))


async def _sign_through(node: Node, room: str, type_: str, body: dict[str, Any], wait: float) -> None:
    """Start *node*, wait until it may sign in *room* (bounded by *wait*), sign, give the push a moment."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    await node.start()
    try:
        await node.ready(wait)
        part = node._room  # the node's replication part: the one path every message of mine takes
        chain, me = part.own_chain, node.identity.public_hex
        while not (chain.confirmed(room) and not chain.behind(room)) and loop.time() < deadline:
            await asyncio.sleep(POLL)
        part.append(type_, body)  # signs now, or keeps it while a peer that answered nothing is still connected
        while chain.outbox.count(me, room) and loop.time() < deadline:
            await asyncio.sleep(POLL)
        if chain.outbox.count(me, room):
            raise KeptError(_("kept on this machine, not signed yet: no peer confirmed that this machine holds your "
                              "newest messages; it is signed the next time your node runs"))
        # Pushed to every open session at once; stay (a few anti-entropy rounds at most) until each peer's
        # have says it holds it, or it reaches them the next time a node runs here.
        held = loop.time() + 3.0
        while loop.time() < held and any(conn.session.claims.get(me, 0) < node.ledger.head(room, me)[0]
                                         for conn in node._links.open()):
            await asyncio.sleep(POLL)
    finally:
        await node.stop()
