"""What a node is told at start: which room, which peers, where to listen, how often to do things."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nosedive.core.messages import now_ms
from nosedive.net.peers import PeerCache
from nosedive.net.protocol import Limits

PEERS_FILE = "peers.json"  # the peers this machine once reached (net/peers.py)


@dataclass(frozen=True)
class NodeConfig:
    data_dir: Path
    room: str | None = None  # room id or name to join; None = the last room used, if any
    create_room: str | None = None  # create a room with this name (and join it)
    code: str | None = None  # a join code ("7-guitar-harbor"): join the room it opens, if not in it yet
    preset: str = "nosedive"
    name: str | None = None  # publish a profile with this name if it differs from my latest
    avatar: bytes | None = None
    peers: tuple[tuple[str, int], ...] = ()
    host: str = "0.0.0.0"
    port: int = 0
    discovery: bool = True
    no_peer_warning_after: float = 10.0
    limits: Limits = field(default_factory=Limits)
    anti_entropy_interval: float = 5.0
    redial_interval: float = 5.0
    watch_interval: float = 0.5  # how often to look for messages another process appended
    snapshot_interval: float = 0.1  # at most ten snapshots a second
    verify_workers: int | None = None  # processes verifying big batches (a cold join); None: one per core, 0: none
    clock: Callable[[], int] = now_ms  # unix ms: what I sign with and judge timestamps by (tests inject one)
    # Seconds with no peer at all before my own kept messages are signed anyway (node/own_chain.py);
    # None: the room policy's sign_alone_after_seconds; 0: sign at once (no restore protection).
    sign_alone_after: float | None = None

    def alone_wait(self, data: Path) -> float | None:
        """``sign_alone_after``, or 0 on a machine that knows no peer at all (none configured, none in
        ``peers.json``): nobody there could hold more of my chain, so signing waits for nobody."""
        if self.sign_alone_after is not None or self.peers:
            return self.sign_alone_after
        return None if PeerCache(data / PEERS_FILE).addresses() else 0.0
