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
from dataclasses import dataclass
from typing import Any

from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.core.joincode import JoinCode
from nosedive.core.messages import Message
from nosedive.ledger import ForkProof
from nosedive.net.crypto import Opener, Sealer, SealError
from nosedive.net.events import Authenticated, Closed, Event, Received, ReceivedFork, Send
from nosedive.net.frames import (
    KIND_CONTROL,
    KIND_MESSAGES,
    KIND_SEALED,
    FrameDecoder,
    FrameError,
    control,
    encode_frame,
    parse_control,
    parse_inner,
    split_frames,
    unpack_messages,
)
from nosedive.net.handshake import NONCE_BYTES, WRONG_CODE, Credentials, Handshake, MemberOf, admit_everyone
from nosedive.net.state import Lifecycle, Refused, SessionState
from nosedive.net.sync import Store, Sync, fork_frame
from nosedive.net.throttle import AttemptLimiter

__all__ = ["Limits", "Session"]

MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class Limits:
    handshake_timeout: float = 10.0  # seconds to complete hellos, auth (and welcome)
    idle_timeout: float = 45.0  # silence after which the peer is considered gone
    ping_interval: float = 15.0
    backlog_batch: int = 2000  # messages read from the ledger per backlog step
    max_invalid: int = 200  # refused messages before the peer is dropped
    messages_per_second: float = 20_000.0  # sustained receive rate per peer
    message_burst: float = 150_000.0  # a cold join may take a whole room at once


class Session:
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
        limits: Limits = Limits(),
        listen_port: int = 0,
        name: str = "",
        nonce: bytes | None = None,
    ) -> None:
        self.identity, self.store, self.limits = identity, store, limits
        self.handshake = Handshake(identity, credentials, nonce or secrets.token_bytes(NONCE_BYTES), dialer=dialer,
                                   join_code=join_code, limiter=limiter, peer_address=peer_address,
                                   admits=admits, listen_port=listen_port, name=name)
        self._sync: Sync | None = None  # made once the room is known and the session opens
        self._sealer: Sealer | None = None
        self._opener: Opener | None = None
        self._opened_any = False  # has a sealed frame from the peer opened yet?
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
    def dialer(self) -> bool:
        return self.handshake.dialer

    @property
    def credentials(self) -> Credentials:
        """What this session proves: a joiner's becomes :class:`MemberOf` once welcomed."""
        return self.handshake.credentials

    @property
    def room_id(self) -> str:
        """The room this session syncs; "" for a joiner not yet welcomed."""
        credentials = self.handshake.credentials
        return credentials.room_id if isinstance(credentials, MemberOf) else ""

    @property
    def joining(self) -> bool:
        """A join session (either side), as opposed to one between members."""
        return self.handshake.joining

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
    def sync(self) -> Sync:
        if self._sync is None:
            raise RuntimeError("a session syncs only once it is open")
        return self._sync

    @property
    def claims(self) -> dict[str, int]:
        return self._sync.claims if self._sync else {}

    @property
    def backlog_pending(self) -> bool:
        return self.is_open and self.sync.backlog_pending

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
            events.append(Send(control(error), clear=self._sealer is None))
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
        if send.clear:
            return send.data
        if self._sealer is None:
            raise RuntimeError("a sealed frame before the session keys exist")
        return b"".join(encode_frame(KIND_SEALED, self._sealer.seal(frame)) for frame in split_frames(send.data))

    # ------------------------------------------------------------ input
    def receive(self, data: bytes, now: float) -> list[Event]:
        if self.is_closed:
            return []
        self._last_heard = now
        try:
            frames = self.decoder.feed(data)
        except FrameError as exc:  # the framing itself is broken: after the hellos, say nothing
            return self.close(str(exc), exc.code, tell_peer=self._opener is None)
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
        if self._opener is None:  # greeting: cleartext hello and error only
            if kind != KIND_CONTROL:
                raise Refused("only a hello may come before the session keys", "protocol")
            return self._greeting(parse_control(body), encode_frame(kind, body))
        if kind != KIND_SEALED:
            raise Refused("a cleartext frame after the hellos", "bad-seal", silent=True)
        try:
            plain = self._opener.open(body)
        except SealError as exc:
            raise self._seal_failure(exc) from None
        self._opened_any = True
        try:
            inner_kind, inner_body = parse_inner(plain)
        except FrameError as exc:  # it opened, so the peer itself sent this: tell it (sealed)
            raise Refused(str(exc), "bad-frame") from None
        return self._frame(inner_kind, inner_body)

    def _seal_failure(self, exc: SealError) -> Refused:
        if self._opened_any:
            return Refused(str(exc), "bad-seal", silent=True)
        self.handshake.failed_try()
        if self.joining:  # a wrong code: the very first sealed frame does not open
            reason = WRONG_CODE if self.dialer else "a join attempt with a wrong code"
            return Refused(reason, "wrong-code", silent=True)
        return Refused("the first sealed frame did not open: a wrong room secret, or tampering", "bad-seal",
                       silent=True)

    def _greeting(self, frame: dict[str, Any], raw: bytes) -> list[Event]:
        kind = frame["t"]
        if kind == "error":
            return self._refused_by_peer(frame)
        if kind != "hello" or self.state is not SessionState.GREETING:
            raise Refused(f"{kind!r} before the hellos", "protocol")
        events = self.handshake.on_hello(frame, raw)
        assert self.handshake.keys is not None
        self._sealer, self._opener = Sealer(self.handshake.keys.send), Opener(self.handshake.keys.receive)
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
        if kind == "hello":
            raise Refused("second hello", "protocol")
        return []  # pong, and unknown control types from newer peers, need no answer

    def _refused_by_peer(self, frame: dict[str, Any]) -> list[Event]:
        self._lifecycle.move(SessionState.CLOSED)
        text = str(frame.get("text", ""))[:MAX_REASON_CHARS]
        code = str(frame.get("code", "error"))[:40]
        wait = frame.get("retry_after", 0)
        retry_after = float(min(max(wait, 0), 3600)) if type(wait) is int else 0.0
        return [Closed(f"peer refused: {text}", code, by_peer=True, retry_after=retry_after)]

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

    # ------------------------------------------------------------ sync
    def summary(self) -> list[Event]:
        """Anti-entropy: tell the peer our digest; a difference starts a have exchange."""
        return [self.sync.summary()] if self.is_open else []

    def next_backlog_frames(self) -> list[Send]:
        """The next frames of what the peer lacks (empty when done, or once closed)."""
        return [Send(frame) for frame in self.sync.next_backlog_frames()] if self.is_open else []

    def push(self, messages: list[Message]) -> list[Event]:
        """Eagerly send new messages the peer is not known to hold."""
        return self.sync.push(messages) if self.is_open else []

    def push_fork(self, proof: ForkProof) -> list[Event]:
        return [Send(fork_frame(proof))] if self.is_open else []

    def peer_holds(self, messages: list[Message]) -> None:
        """The peer sent us these, so it holds them: never push them back."""
        if self._sync is not None:
            self._sync.peer_holds(messages)

    def count_invalid(self, count: int) -> list[Event]:
        self.invalid += count
        if self.invalid > self.limits.max_invalid:
            return self.close(f"sent {self.invalid} invalid messages", "invalid")
        return []
