"""Real nodes on loopback for tests: start, wait for conditions (event-driven), stop."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from nosedive.core.roomkeys import RoomKeys
from nosedive.net.protocol import Limits
from nosedive.node.node import Node, NodeConfig

FAST = dict(host="127.0.0.1", port=0, discovery=False, anti_entropy_interval=0.3, redial_interval=0.3,
            watch_interval=0.1, snapshot_interval=0.02, no_peer_warning_after=60.0,
            sign_alone_after=0.0)  # sign at once, as before kept messages existed; restore tests set a wait


def code_of(node: Node) -> str:
    """The join code of *node*'s room, as its snapshot shows it."""
    snapshot = node.snapshot()
    assert snapshot is not None and snapshot.join_code, "the node holds no join code"
    return snapshot.join_code


class Cluster:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.nodes: list[Node] = []
        self._changed = asyncio.Event()

    async def add(self, name: str, *, create: str | None = None, room: str | None = None, code: str | None = None,
                  peers: tuple[tuple[str, int], ...] = (), limits: Limits | None = None, **extra) -> Node:
        """A node that creates a room, joins one with its *code*, or enters *room*: given the room's key
        (as if it had joined before) when a node of this cluster holds it."""
        options = dict(FAST, **extra)
        if limits is not None:
            options["limits"] = limits
        if room is not None:
            self.give_key(name, room)
        node = Node.open(NodeConfig(data_dir=self.base / name, create_room=create, room=room, code=code, name=name,
                               peers=peers, **options))
        node.subscribe(lambda event: self._changed.set())
        await node.start()
        self.nodes.append(node)
        return node

    def give_key(self, name: str, room: str) -> None:
        """Put the key of *room* (an id) into the room keys of the node called *name*."""
        for node in self.nodes:
            key = node._keyring.key(room)
            if key is not None:
                (self.base / name).mkdir(parents=True, exist_ok=True)
                RoomKeys.open(self.base / name).remember(key)
                return

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
        """Re-check *condition* whenever any node publishes an event (bounded in time)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))
            except TimeoutError:
                pass

    def converged(self, nodes: list[Node] | None = None) -> bool:
        nodes = nodes or self.nodes
        room = nodes[0].room_id
        if any(n.room_id != room or n.view is None for n in nodes):
            return False
        haves = [n.ledger.have(room) for n in nodes]
        hashes = {n.view.scores_hash() for n in nodes}
        return all(h == haves[0] for h in haves) and len(hashes) == 1

    async def stop(self) -> None:
        await asyncio.gather(*(node.stop() for node in self.nodes), return_exceptions=True)


class Proxy:
    """A TCP relay on loopback that a test can cut (partition) and restore (heal)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.blocked = False
        self._pairs: list[asyncio.StreamWriter] = []
        self.server: asyncio.Server | None = None

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.blocked:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self._pairs += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def cut(self) -> None:
        self.blocked = True
        for writer in self._pairs:
            writer.close()
        self._pairs.clear()

    def heal(self) -> None:
        self.blocked = False

    async def stop(self) -> None:
        self.cut()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
