"""What a session allows a peer: time, silence, rates and refusals (docs/protocol.md, "Limits")."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits"]


@dataclass(frozen=True)
class Limits:
    handshake_timeout: float = 10.0  # seconds to complete hellos, auth (and welcome)
    idle_timeout: float = 45.0  # silence after which the peer is considered gone
    ping_interval: float = 15.0
    backlog_batch: int = 2000  # messages read from the ledger per backlog step
    max_invalid: int = 200  # refused messages before the peer is dropped
    messages_per_second: float = 20_000.0  # sustained receive rate per peer
    message_burst: float = 150_000.0  # a cold join may take a whole room at once


DEFAULT_LIMITS = Limits()
