"""Talking to peers: framing, the I/O-free session protocol, its asyncio transport, discovery.

Discovery (zeroconf) is not imported here, so using the protocol never loads it.
"""
from nosedive.net.protocol import (
    Authenticated,
    Closed,
    Event,
    IllegalTransition,
    Limits,
    Received,
    ReceivedFork,
    RoomAdvert,
    Send,
    Session,
    SessionState,
)
from nosedive.net.transport import Connection, Handler

__all__ = [
    "Authenticated", "Closed", "Connection", "Event", "Handler", "IllegalTransition", "Limits", "Received",
    "ReceivedFork", "RoomAdvert", "Send", "Session", "SessionState",
]
