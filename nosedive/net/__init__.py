"""Talking to peers: framing, the I/O-free session protocol, its asyncio transport, discovery.

Discovery (zeroconf) is not imported here, so using the protocol never loads it.
"""
from nosedive.net.protocol import (
    AttemptLimiter,
    Authenticated,
    Closed,
    Event,
    IllegalTransition,
    JoiningWith,
    Limits,
    MemberOf,
    Received,
    ReceivedFork,
    Send,
    Session,
    SessionState,
    Welcomed,
)
from nosedive.net.transport import Connection, Handler

__all__ = [
    "AttemptLimiter", "Authenticated", "Closed", "Connection", "Event", "Handler", "IllegalTransition",
    "JoiningWith", "Limits", "MemberOf", "Received", "ReceivedFork", "Send", "Session", "SessionState", "Welcomed",
]
