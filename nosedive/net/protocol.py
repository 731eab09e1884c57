"""The peer protocol's public names, in one import.

The protocol is a plain object with no I/O: :class:`Session` (in
:mod:`nosedive.net.session`) takes bytes and the time and returns events. It is
built from :mod:`~nosedive.net.events` (what it emits),
:mod:`~nosedive.net.state` (its four states and their one transition table),
:mod:`~nosedive.net.handshake` (hello, auth, roominfo) and
:mod:`~nosedive.net.sync` (summary, have, backlog and push bookkeeping);
``docs/protocol.md`` describes the wire format.
"""
from __future__ import annotations

from nosedive.net.events import Authenticated, Closed, Event, Received, ReceivedFork, RoomAdvert, Send
from nosedive.net.handshake import HANDSHAKE_DOMAIN, NONCE_BYTES, PROTOCOL_VERSION
from nosedive.net.session import Limits, Session
from nosedive.net.state import IllegalTransition, SessionState
from nosedive.net.sync import Store, digest_of

__all__ = [
    "HANDSHAKE_DOMAIN", "NONCE_BYTES", "PROTOCOL_VERSION", "Authenticated", "Closed", "Event", "IllegalTransition",
    "Limits", "Received", "ReceivedFork", "RoomAdvert", "Send", "Session", "SessionState", "Store", "digest_of",
]
