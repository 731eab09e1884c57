"""One peer session as a plain object: bytes and events in, bytes and events out.

No sockets, no clock, no loop: the asyncio adapter (:mod:`nosedive.net.transport`)
feeds received bytes to :meth:`Session.receive`, calls :meth:`Session.tick` with
the time, writes what comes out as :class:`~nosedive.net.events.Send`, and pulls
backlog frames with :meth:`Session.next_backlog_frames` as fast as the socket
drains. The handshake lives in :mod:`~nosedive.net.handshake`, the sync
bookkeeping in :mod:`~nosedive.net.sync`, the states in :mod:`~nosedive.net.state`;
this ties them together, and once closed it emits nothing more.

Everything after the two hellos is sealed: every :class:`~nosedive.net.events.Send`
the session emits is passed through :meth:`Session.wire` at the moment it is
written (sealed frames are numbered, so order matters from there on).
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.core.joincode import JoinCode
from nosedive.core.messages import now_ms
from nosedive.net.channel import Channel
from nosedive.net.crypto import SealError
from nosedive.net.events import (
    MAX_REASON_CHARS,
    Authenticated,
    Closed,
    Event,
    Received,
    ReceivedFork,
    Send,
    closed_by_peer,
)
from nosedive.net.face import SessionFace
from nosedive.net.frames import (
    KIND_CONTROL,
    KIND_MESSAGES,
    FrameDecoder,
    FrameError,
    control,
    encode_frame,
    parse_control,
    parse_inner,
    unpack_messages,
)
from nosedive.net.handshake import NONCE_BYTES, Credentials, Handshake, admit_everyone
from nosedive.net.limits import DEFAULT_LIMITS, Limits
from nosedive.net.plumtree import TREE_FRAMES
from nosedive.net.state import Lifecycle, Refused, SessionState
from nosedive.net.sync import Store, Sync
from nosedive.net.throttle import AttemptLimiter

__all__ = ["Limits", "Session"]


class Session(SessionFace):
    """The protocol state of one connection to one peer.

    *dialer*: we opened the connection and speak first. An acceptor holds
    :class:`MemberOf` credentials, and takes joins when given its room's
    *join_code* and the node's shared *limiter*; *peer_address* is the peer's
    IP (what the limiter counts). *admits* is asked about every authenticated
    peer key; False refuses it as ``expelled``.
    """

    def __init__(
        self,
        identity: Identity,
        credentials: Credentials,
        store: Store,
        *,
        dialer: bool,
        join_code: JoinCode | None = None,
        limiter: AttemptLimiter | None = None,
        peer_address: str = "",
        admits: Callable[[str], bool] = admit_everyone,
        limits: Limits = DEFAULT_LIMITS,
        listen_port: int = 0,
        name: str = "",
        nonce: bytes | None = None,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.identity, self.store, self.limits = identity, store, limits
        self.handshake = Handshake(identity, credentials, nonce or secrets.token_bytes(NONCE_BYTES), dialer=dialer,
                                   join_code=join_code, limiter=limiter, peer_address=peer_address,
                                   admits=admits, listen_port=listen_port, name=name, clock=clock)
        self._sync: Sync | None = None  # made once the room is known and the session opens
        self.channel = Channel()  # keyed once the hellos are through
        self.decoder = FrameDecoder()
        self._lifecycle = Lifecycle()
        self._started = self._last_heard = self._last_sent = 0.0
        self.invalid = 0
        self.received_messages = 0

    # ------------------------------------------------------------ what others read: SessionFace
    # ------------------------------------------------------------ lifecycle
    def start(self, now: float) -> list[Event]:
        """Begin: the dialer says hello; the acceptor waits for the dialer's."""
        if self.is_closed:
            return []
        self._lifecycle.move(SessionState.GREETING)
        self._started = self._last_heard = self._last_sent = now
        return [self.handshake.hello()] if self.dialer else []

    def close(self, reason: str, code: str, *, tell_peer: bool = True, retry_after: float = 0.0) -> list[Event]:
        if self.is_closed:
            return []
        self._lifecycle.move(SessionState.CLOSED)
        events: list[Event] = []
        if tell_peer:
            error: dict[str, Any] = {"t": "error", "code": code, "text": reason[:MAX_REASON_CHARS]}
            if retry_after:
                error["retry_after"] = int(retry_after)
            events.append(Send(control(error), clear=not self.channel.keyed))
        events.append(Closed(reason, code, retry_after=retry_after))
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

    # ------------------------------------------------------------ output
    def wire(self, send: Send) -> bytes:
        """The bytes to write for *send*, called in write order: sealed unless it is a cleartext frame."""
        return self.channel.wire(send)

    # ------------------------------------------------------------ input
    def receive(self, data: bytes, now: float) -> list[Event]:
        if self.is_closed:
            return []
        self._last_heard = now
        try:
            frames = self.decoder.feed(data)
        except FrameError as exc:  # the framing itself is broken: after the hellos, say nothing
            return self.close(str(exc), exc.code, tell_peer=not self.channel.keyed)
        events: list[Event] = []
        for kind, body in frames:
            try:
                events += self._outer(kind, body)
            except Refused as refusal:
                events += self.close(refusal.reason, refusal.code, tell_peer=not refusal.silent,
                                     retry_after=refusal.retry_after)
            except NosediveError as exc:  # FrameError included: a frame that opened, or a hello
                events += self.close(str(exc), exc.code)
            if self.is_closed:
                break
        return events

    def _outer(self, kind: int, body: bytes) -> list[Event]:
        if not self.channel.keyed:  # greeting: cleartext hello and error only
            if kind != KIND_CONTROL:
                raise Refused("only a hello may come before the session keys", "protocol")
            return self._greeting(parse_control(body), encode_frame(kind, body))
        try:
            plain = self.channel.open(kind, body)
        except SealError as exc:
            raise self.handshake.seal_failure(exc, opened_any=self.channel.opened_any) from None
        try:
            inner_kind, inner_body = parse_inner(plain)
        except FrameError as exc:  # it opened, so the peer itself sent this: tell it (sealed)
            raise Refused(str(exc), "bad-frame") from None
        return self._frame(inner_kind, inner_body)

    def _greeting(self, frame: dict[str, Any], raw: bytes) -> list[Event]:
        kind = frame["t"]
        if kind == "error":
            return self._refused_by_peer(frame)
        if kind != "hello" or self.state is not SessionState.GREETING:
            raise Refused(f"{kind!r} before the hellos", "protocol")
        events = self.handshake.on_hello(frame, raw)
        assert self.handshake.keys is not None
        self.channel.key(self.handshake.keys)
        self._lifecycle.move(SessionState.SEALED)
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
        if kind == "auth":
            return self._auth(frame)
        if kind == "welcome":
            return self._welcome(frame)
        if not self.is_open:
            raise Refused(f"{kind!r} before the handshake completed", "protocol")
        if kind == "ping":
            return [Send(control({"t": "pong"}))]
        if kind == "summary":
            return self.sync.on_summary(frame)
        if kind == "have":
            return self.sync.on_have(frame)
        if kind in TREE_FRAMES:
            return self.tree_frame(frame)
        if kind == "peers":
            return self.peers_said(frame)
        if kind == "hello":
            raise Refused("second hello", "protocol")
        return []  # pong, and unknown control types from newer peers, need no answer

    def _refused_by_peer(self, frame: dict[str, Any]) -> list[Event]:
        self._lifecycle.move(SessionState.CLOSED)
        return [closed_by_peer(frame)]

    def _auth(self, frame: dict[str, Any]) -> list[Event]:
        if self.state is not SessionState.SEALED:
            raise Refused("auth out of order", "protocol")
        authenticated = self.handshake.on_auth(frame)
        if self.handshake.joining and self.dialer:
            return []  # a joiner waits for the welcome
        events: list[Event] = [self.handshake.welcome()] if self.handshake.joining else []
        return [*events, *self._open(authenticated)]

    def _welcome(self, frame: dict[str, Any]) -> list[Event]:
        if self.state is not SessionState.SEALED:
            raise Refused("unexpected welcome", "protocol")
        welcomed = self.handshake.on_welcome(frame)
        authenticated = Authenticated(self.peer_key, self.peer_name, self.peer_port)
        return [welcomed, *self._open(authenticated)]

    def _open(self, authenticated: Event) -> list[Event]:
        self._sync = Sync(self.store, self.room_id, self.limits.backlog_batch)
        self._lifecycle.move(SessionState.OPEN)
        return [authenticated, *self.summary()]

