"""The node's connections: every one that is running, and the one that speaks for each peer."""
from __future__ import annotations

import time

from nosedive.net.transport import Connection


class Links:
    """Shared by the parts that accept, dial, push and count: the one place connections are listed."""

    def __init__(self) -> None:
        self.all: set[Connection] = set()  # running, authenticated or not
        self.by_key: dict[str, Connection] = {}  # authenticated: one connection per peer key

    def open(self) -> list[Connection]:
        return [conn for conn in self.all if conn.is_open]

    def catching_up(self, now: float | None = None, quiet: float = 1.0) -> bool:
        """A catch-up flows: a backlog is streamed to a peer, or a peer's messages came within *quiet* s
        (*now* on the connections' clock, ``time.monotonic``)."""
        now = time.monotonic() if now is None else now
        return any(conn.session.backlog_pending or now - conn.last_received < quiet for conn in self.open())

    def online(self) -> frozenset[str]:
        return frozenset(self.by_key)

    def dialed(self) -> set[tuple[str, int]]:
        return {conn.dialed for conn in self.all if conn.dialed}

    def reachable(self) -> set[tuple[str, int]]:
        """Where the peers I have a connection to listen: what I dialled, and what accepted peers said."""
        heard = {(conn.address.rpartition(":")[0], conn.session.peer_port)
                 for conn in self.by_key.values() if conn.session.peer_port}
        return self.dialed() | heard

    def listening(self, *, but: str) -> list[tuple[str, str, int]]:
        """(key, host, port) where each authenticated peer but *but* listens: what I dialled, or what it said."""
        found = []
        for key, conn in self.by_key.items():
            if key == but:
                continue
            address = conn.dialed or ((conn.address.rpartition(":")[0], conn.session.peer_port)
                                      if conn.session.peer_port else None)
            if address is not None:
                found.append((key, *address))
        return found
