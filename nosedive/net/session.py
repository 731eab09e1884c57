"""One peer session as a plain object: bytes and events in, bytes and events out.

No sockets, no clock, no loop: the asyncio adapter (:mod:`nosedive.net.transport`)
feeds received bytes to :meth:`Session.receive`, calls :meth:`Session.tick` with
the time, writes what comes out as :class:`~nosedive.net.events.Send`, and pulls
backlog frames with :meth:`Session.next_backlog_frames` as fast as the socket
drains. The handshake lives in :mod:`~nosedive.net.handshake`, the sync
bookkeeping in :mod:`~nosedive.net.sync`, the states in :mod:`~nosedive.net.state`;
this ties them together, and once closed it emits nothing more.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.ledger import ForkProof
from nosedive.net.events import Closed, Event, Received, ReceivedFork, RoomAdvert, Send
from nosedive.net.frames import (
    KIND_CONTROL,
    KIND_MESSAGES,
    FrameDecoder,
    FrameError,
    control,
    parse_control,
    unpack_messages,
)
from nosedive.net.handshake import NONCE_BYTES, Handshake, no_room_info
from nosedive.net.state import Lifecycle, Refused, SessionState
from nosedive.net.sync import Store, Sync, fork_frame

__all__ = ["Limits", "Session"]

MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class Limits:
    handshake_timeout: float = 10.0  # seconds to complete hello + auth
    idle_timeout: float = 45.0  # silence after which the peer is considered gone
    ping_interval: float = 15.0
    backlog_batch: int = 2000  # messages read from the ledger per backlog step
    max_invalid: int = 200  # refused messages before the peer is dropped
    messages_per_second: float = 20_000.0  # sustained receive rate per peer
    message_burst: float = 150_000.0  # a cold join may take a whole room at once


class Session:
    """The protocol state of one connection to one peer."""

    def __init__(
        self,
        identity: Identity,
        room_id: str | None,
        store: Store,
        *,
        limits: Limits = Limits(),
        listen_port: int = 0,
        name: str = "",
        room_info: Callable[[], RoomAdvert | None] = no_room_info,
        nonce: bytes | None = None,
    ) -> None:
        self.identity, self.room_id, self.store, self.limits = identity, room_id, store, limits
        self.handshake = Handshake(identity, room_id, nonce or secrets.token_bytes(NONCE_BYTES),
                                   listen_port=listen_port, name=name, room_info=room_info)
        # A lobby session (room None) never opens, so its sync is never asked anything.
        self.sync = Sync(store, room_id or "", limits.backlog_batch)
        self.decoder = FrameDecoder()
        self._lifecycle = Lifecycle()
        self._started = self._last_heard = self._last_sent = 0.0
        self.invalid = 0
        self.received_messages = 0

    # ------------------------------------------------------------ what others read
    @property
    def state(self) -> SessionState:
        return self._lifecycle.state

    @property
    def is_open(self) -> bool:
        return self.state is SessionState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state is SessionState.CLOSED

    @property
    def peer_key(self) -> str:
        return self.handshake.peer_key

    @property
    def peer_name(self) -> str:
        return self.handshake.peer_name

    @property
    def peer_port(self) -> int:
        return self.handshake.peer_port

    @property
    def claims(self) -> dict[str, int]:
        return self.sync.claims

    @property
    def backlog_pending(self) -> bool:
        return self.sync.backlog_pending

    # ------------------------------------------------------------ lifecycle
    def start(self, now: float) -> list[Event]:
        if self.is_closed:
            return []
        self._lifecycle.move(SessionState.HELLO_SENT)
        self._started = self._last_heard = self._last_sent = now
        return [self.handshake.hello()]

    def close(self, reason: str, code: str, *, tell_peer: bool = True) -> list[Event]:
        if self.is_closed:
            return []
        self._lifecycle.move(SessionState.CLOSED)
        events: list[Event] = []
        if tell_peer:
            events.append(Send(control({"t": "error", "code": code, "text": reason[:MAX_REASON_CHARS]})))
        events.append(Closed(reason, code))
        return events

    def connection_lost(self, reason: str, code: str = "io") -> list[Event]:
        """The socket is gone: close without a word to the peer (nothing if already closed)."""
        return self.close(reason, code, tell_peer=False)

    def tick(self, now: float) -> list[Event]:
        if self.is_closed:
            return []
        if not self.is_open and now - self._started > self.limits.handshake_timeout:
            return self.close("handshake did not complete in time", "timeout", tell_peer=False)
        if now - self._last_heard > self.limits.idle_timeout:
            return self.close(f"silent for {self.limits.idle_timeout:.0f} s", "timeout", tell_peer=False)
        if self.is_open and now - self._last_sent > self.limits.ping_interval:
            self._last_sent = now
            return [Send(control({"t": "ping"}))]
        return []

    def sent(self, now: float) -> None:
        self._last_sent = now

    # ------------------------------------------------------------ input
    def receive(self, data: bytes, now: float) -> list[Event]:
        if self.is_closed:
            return []
        self._last_heard = now
        events: list[Event] = []
        try:
            for kind, body in self.decoder.feed(data):
                events += self._frame(kind, body)
                if self.is_closed:
                    break
        except Refused as refusal:
            events += [*refusal.farewell, *self.close(refusal.reason, refusal.code)]
        except (FrameError, NosediveError) as exc:
            events += self.close(str(exc), getattr(exc, "code", "bad-frame"))
        return events

    def _frame(self, kind: int, body: bytes) -> list[Event]:
        if kind == KIND_CONTROL:
            return self._control(parse_control(body))
        if not self.is_open:
            raise Refused("data before the handshake completed", "protocol")
        raws = unpack_messages(body)
        if kind == KIND_MESSAGES:
            self.received_messages += len(raws)
            return [Received(raws)]
        if len(raws) != 2:
            raise FrameError("a fork proof frame holds exactly two messages")
        return [ReceivedFork(raws[0], raws[1])]

    def _control(self, frame: dict[str, Any]) -> list[Event]:
        kind = frame["t"]
        if kind == "error":
            return self._refused_by_peer(frame)
        if kind == "hello":
            return self.handshake.on_hello(frame)
        if kind == "auth":
            return self._auth(frame)
        if kind == "roominfo":
            return [self.handshake.on_roominfo(frame)]
        if not self.is_open:
            raise Refused(f"{kind!r} before the handshake completed", "protocol")
        if kind == "ping":
            return [Send(control({"t": "pong"}))]
        if kind == "summary":
            return self.sync.on_summary(frame)
        if kind == "have":
            return self.sync.on_have(frame)
        return []  # pong, and unknown control types from newer peers, need no answer

    def _refused_by_peer(self, frame: dict[str, Any]) -> list[Event]:
        self._lifecycle.move(SessionState.CLOSED)
        text = str(frame.get("text", ""))[:MAX_REASON_CHARS]
        return [Closed(f"peer refused: {text}", str(frame.get("code", "error"))[:40], by_peer=True)]

    def _auth(self, frame: dict[str, Any]) -> list[Event]:
        if self.state is not SessionState.HELLO_SENT:
            raise Refused("auth out of order", "protocol")
        authenticated = self.handshake.on_auth(frame)
        self._lifecycle.move(SessionState.OPEN)
        return [authenticated, *self.summary()]

    # ------------------------------------------------------------ sync
    def summary(self) -> list[Event]:
        """Anti-entropy: tell the peer our digest; a difference starts a have exchange."""
        return [self.sync.summary()] if self.is_open else []

    def next_backlog_frames(self) -> list[bytes]:
        """The next frames of what the peer lacks (empty when done, or once closed)."""
        return self.sync.next_backlog_frames() if self.is_open else []

    def push(self, messages: list[Message]) -> list[Event]:
        """Eagerly send new messages the peer is not known to hold."""
        return self.sync.push(messages) if self.is_open else []

    def push_fork(self, proof: ForkProof) -> list[Event]:
        return [Send(fork_frame(proof))] if self.is_open else []

    def peer_holds(self, messages: list[Message]) -> None:
        """The peer sent us these, so it holds them: never push them back."""
        self.sync.peer_holds(messages)

    def count_invalid(self, count: int) -> list[Event]:
        self.invalid += count
        if self.invalid > self.limits.max_invalid:
            return self.close(f"sent {self.invalid} invalid messages", "invalid")
        return []
