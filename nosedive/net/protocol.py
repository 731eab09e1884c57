"""The peer protocol's public names, in one import.

The protocol is a plain object with no I/O: :class:`Session` (in
:mod:`nosedive.net.session`) takes bytes and the time and returns events. It is
built from :mod:`~nosedive.net.events` (what it emits),
:mod:`~nosedive.net.state` (its states and their one transition table),
:mod:`~nosedive.net.handshake` (hellos with a PAKE, sealed auth and welcome;
the credentials :class:`MemberOf` and :class:`JoiningWith`),
:mod:`~nosedive.net.crypto` (keys and sealed frames) and
:mod:`~nosedive.net.sync` (summary, have, backlog and push bookkeeping);
``docs/protocol.md`` describes the wire format.
"""
from __future__ import annotations

from nosedive.net.events import Authenticated, Closed, Event, Received, ReceivedFork, Send, Welcomed
from nosedive.net.handshake import (
    HANDSHAKE_DOMAIN,
    NONCE_BYTES,
    PROTOCOL_VERSION,
    Credentials,
    JoiningWith,
    MemberOf,
    admit_everyone,
)
from nosedive.net.session import Limits, Session
from nosedive.net.state import IllegalTransition, SessionState
from nosedive.net.sync import Store, digest_of
from nosedive.net.throttle import AttemptLimiter

__all__ = [
    "HANDSHAKE_DOMAIN", "NONCE_BYTES", "PROTOCOL_VERSION", "AttemptLimiter", "Authenticated", "Closed",
    "Credentials", "Event", "IllegalTransition", "JoiningWith", "Limits", "MemberOf", "Received", "ReceivedFork",
    "Send", "Session", "SessionState", "Store", "Welcomed", "admit_everyone", "digest_of",
]
