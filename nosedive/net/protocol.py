"""One peer session as a plain object: bytes and events in, bytes and events out.

No sockets, no clock, no loop: the asyncio adapter (:mod:`nosedive.net.transport`)
feeds received bytes to :meth:`Session.receive`, calls :meth:`Session.tick` with
the time, writes what comes out as :class:`Send`, and pulls backlog frames with
:meth:`Session.next_backlog_frame` as fast as the socket drains.

Handshake (both sides at once): each sends ``hello`` {v, room, key, nonce, port,
name}; on the other's hello each signs, with its identity key,
``HANDSHAKE_DOMAIN || room || own nonce || peer nonce || own key || peer key``
and sends ``auth`` {sig}. A replayed auth fails because it signs someone else's
nonce. ``hello`` with room "" asks "which room are you in?": the answer is
``roominfo`` and the session ends.

Sync: after auth each side sends ``summary`` {digest}; on a different digest,
``have`` {have: {author: seq}, forks: n}; each then streams what the other
lacks, per author in chain order, in message-batch frames, plus its fork proofs
if the other holds fewer. New messages are pushed eagerly (:meth:`push`),
skipping what the peer is known to hold.
"""
from __future__ import annotations

import hashlib
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from nosedive.core import keys
from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.core.messages import Message
from nosedive.ledger.store import ForkProof
from nosedive.net.frames import (
    KIND_CONTROL,
    KIND_FORK,
    KIND_MESSAGES,
    FrameDecoder,
    FrameError,
    control,
    encode_frame,
    message_batches,
    pack_messages,
    parse_control,
    unpack_messages,
)

PROTOCOL_VERSION = 1
HANDSHAKE_DOMAIN = b"nosedive/handshake/v1\x00"
NONCE_BYTES = 32


@dataclass(frozen=True)
class Limits:
    handshake_timeout: float = 10.0  # seconds to complete hello + auth
    idle_timeout: float = 45.0  # silence after which the peer is considered gone
    ping_interval: float = 15.0
    backlog_batch: int = 2000  # messages read from the ledger per backlog step
    max_invalid: int = 200  # refused messages before the peer is dropped
    messages_per_second: float = 20_000.0  # sustained receive rate per peer
    message_burst: float = 150_000.0  # a cold join may take a whole room at once


class Store(Protocol):
    """What a session reads from the ledger (``nosedive.ledger.Ledger`` fits)."""

    def have(self, room: str) -> dict[str, tuple[int, str]]: ...
    def since(self, room: str, author: str, after_seq: int, limit: int = ...) -> list[bytes]: ...
    def forks(self, room: str) -> list[ForkProof]: ...
    def creator(self, room: str) -> str | None: ...


# ---------------------------------------------------------------- events out
@dataclass(frozen=True)
class Send:
    data: bytes


@dataclass(frozen=True)
class Authenticated:
    peer_key: str
    peer_name: str
    peer_port: int


@dataclass(frozen=True)
class Received:
    raws: list[bytes]


@dataclass(frozen=True)
class ReceivedFork:
    raw_a: bytes
    raw_b: bytes


@dataclass(frozen=True)
class RoomAdvert:
    room_id: str
    name: str
    facilitator: str
    people: int


@dataclass(frozen=True)
class Closed:
    reason: str  # one line a facilitator can read in the log
    code: str  # machine-readable: wrong-room, self, weak-key, version, bad-auth, timeout, …
    by_peer: bool = False


Event = Send | Authenticated | Received | ReceivedFork | RoomAdvert | Closed


def digest_of(have: dict[str, tuple[int, str]], forks: int) -> str:
    """A cheap summary: equal digests mean equal ledgers for the room."""
    h = hashlib.sha256(b"nosedive/digest/v1\x00")
    for author in sorted(have):
        seq, head = have[author]
        h.update(f"{author}:{seq}:{head};".encode())
    h.update(f"forks:{forks}".encode())
    return h.hexdigest()


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
        room_info: Callable[[], RoomAdvert | None] = lambda: None,
        nonce: bytes | None = None,
    ) -> None:
        self.identity, self.room_id, self.store, self.limits = identity, room_id, store, limits
        self.listen_port, self.name, self.room_info = listen_port, name, room_info
        self.nonce = nonce or secrets.token_bytes(NONCE_BYTES)
        self.decoder = FrameDecoder()
        self.state = "new"  # new → hello-sent → open → closed
        self.peer_key = ""
        self.peer_nonce = b""
        self.peer_have: dict[str, int] = {}  # what the peer surely holds: its claims + streamed + sent us
        self._known: dict[str, int] = {}  # streamed to it in order, or received from it: reliable
        self._pushed: dict[str, int] = {}  # eagerly pushed: may have been dropped under load
        self.peer_forks = 0
        self.claims: dict[str, int] = {}  # the peer's latest have vector, as it said it
        self._backlog: deque[tuple[str, int, int]] = deque()  # (author, after_seq, up_to_seq)
        self._fork_backlog: deque[ForkProof] = deque()
        self._started = self._last_heard = self._last_sent = 0.0
        self.invalid = 0
        self.received_messages = 0

    # ------------------------------------------------------------ lifecycle
    def start(self, now: float) -> list[Event]:
        self._started = self._last_heard = self._last_sent = now
        self.state = "hello-sent"
        return [Send(control({
            "t": "hello", "v": PROTOCOL_VERSION, "room": self.room_id or "", "key": self.identity.public_hex,
            "nonce": self.nonce.hex(), "port": self.listen_port, "name": self.name[:40],
        }))]

    def close(self, reason: str, code: str, *, tell_peer: bool = True) -> list[Event]:
        if self.state == "closed":
            return []
        self.state = "closed"
        events: list[Event] = []
        if tell_peer:
            events.append(Send(control({"t": "error", "code": code, "text": reason[:300]})))
        events.append(Closed(reason, code))
        return events

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def tick(self, now: float) -> list[Event]:
        if self.state == "closed":
            return []
        if self.state != "open" and now - self._started > self.limits.handshake_timeout:
            return self.close("handshake did not complete in time", "timeout", tell_peer=False)
        if now - self._last_heard > self.limits.idle_timeout:
            return self.close(f"silent for {self.limits.idle_timeout:.0f} s", "timeout", tell_peer=False)
        if self.state == "open" and now - self._last_sent > self.limits.ping_interval:
            self._last_sent = now
            return [Send(control({"t": "ping"}))]
        return []

    def sent(self, now: float) -> None:
        self._last_sent = now

    # ------------------------------------------------------------ input
    def receive(self, data: bytes, now: float) -> list[Event]:
        if self.state == "closed":
            return []
        self._last_heard = now
        events: list[Event] = []
        try:
            for kind, body in self.decoder.feed(data):
                events += self._frame(kind, body)
                if self.state == "closed":
                    break
        except (FrameError, NosediveError) as exc:
            events += self.close(str(exc), getattr(exc, "code", "bad-frame"))
        return events

    def _frame(self, kind: int, body: bytes) -> list[Event]:
        if kind == KIND_CONTROL:
            return self._control(parse_control(body))
        if self.state != "open":
            return self.close("data before the handshake completed", "protocol")
        if kind == KIND_MESSAGES:
            raws = unpack_messages(body)
            self.received_messages += len(raws)
            return [Received(raws)]
        raws = unpack_messages(body)
        if len(raws) != 2:
            raise FrameError("a fork proof frame holds exactly two messages")
        return [ReceivedFork(raws[0], raws[1])]

    def _control(self, frame: dict[str, Any]) -> list[Event]:
        kind = frame["t"]
        if kind == "error":
            self.state = "closed"
            return [Closed(f"peer refused: {str(frame.get('text', ''))[:300]}", str(frame.get("code", "error"))[:40], True)]
        if kind == "hello":
            return self._hello(frame)
        if kind == "auth":
            return self._auth(frame)
        if kind == "roominfo":
            return self._roominfo(frame)
        if self.state != "open":
            return self.close(f"{kind!r} before the handshake completed", "protocol")
        if kind == "ping":
            return [Send(control({"t": "pong"}))]
        if kind == "pong":
            return []
        if kind == "summary":
            return self._summary(frame)
        if kind == "have":
            return self._have(frame)
        return []  # unknown control types from newer peers are ignored

    # ------------------------------------------------------------ handshake
    def _hello(self, frame: dict[str, Any]) -> list[Event]:
        if self.peer_key:
            return self.close("second hello", "protocol")
        if frame.get("v") != PROTOCOL_VERSION:
            return self.close(f"protocol version {frame.get('v')!r} is not {PROTOCOL_VERSION}; update Nosedive", "version")
        key, nonce_hex = frame.get("key"), frame.get("nonce")
        try:
            keys.public_key(key)
        except NosediveError as exc:
            return self.close(f"weak or malformed key: {exc}", "weak-key")
        if key == self.identity.public_hex:
            return self.close("this is a connection to myself", "self")
        if not isinstance(nonce_hex, str) or len(nonce_hex) != 2 * NONCE_BYTES:
            return self.close("hello needs a 32-byte nonce", "protocol")
        try:
            self.peer_nonce = bytes.fromhex(nonce_hex)
        except ValueError:
            return self.close("nonce is not hex", "protocol")
        room = frame.get("room")
        if self.room_id is None:
            return []  # we only asked which room the peer is in: wait for its roominfo
        if room == "":
            info = self.room_info()
            events: list[Event] = []
            if info is not None:
                events.append(Send(control({"t": "roominfo", "room": info.room_id, "name": info.name,
                                            "facilitator": info.facilitator, "people": info.people})))
            return events + self.close("told the room I am in", "roominfo")
        if room != self.room_id:
            info = self.room_info()
            name = f" ({info.name})" if info else ""
            return self.close(f"I am in room {str(self.room_id)[:12]}{name}, not {str(room)[:12]}", "wrong-room")
        self.peer_key = key
        self.peer_name = str(frame.get("name", ""))[:40]
        port = frame.get("port")
        self.peer_port = port if isinstance(port, int) and 0 <= port < 65536 else 0
        signature = self.identity.sign(self._transcript(self.identity.public_hex, key, self.nonce, self.peer_nonce))
        return [Send(control({"t": "auth", "sig": signature.hex()}))]

    def _roominfo(self, frame: dict[str, Any]) -> list[Event]:
        room, name = frame.get("room"), frame.get("name")
        facilitator, people = frame.get("facilitator", ""), frame.get("people", 0)
        if self.room_id is not None or not (isinstance(room, str) and len(room) == 64 and isinstance(name, str)):
            return self.close("unexpected roominfo", "protocol")
        return [RoomAdvert(room, name[:60], facilitator if isinstance(facilitator, str) else "",
                         people if isinstance(people, int) else 0)]

    def _transcript(self, signer: str, other: str, signer_nonce: bytes, other_nonce: bytes) -> bytes:
        return (HANDSHAKE_DOMAIN + str(self.room_id).encode() + signer_nonce + other_nonce
                + bytes.fromhex(signer) + bytes.fromhex(other))

    def _auth(self, frame: dict[str, Any]) -> list[Event]:
        if not self.peer_key or self.state == "open":
            return self.close("auth out of order", "protocol")
        try:
            signature = bytes.fromhex(frame.get("sig", ""))
            transcript = self._transcript(self.peer_key, self.identity.public_hex, self.peer_nonce, self.nonce)
            keys.public_key(self.peer_key).verify(signature, transcript)
        except Exception:
            return self.close("handshake signature is not valid for this session (replayed or forged)", "bad-auth")
        self.state = "open"
        return [Authenticated(self.peer_key, self.peer_name, self.peer_port), *self.summary()]

    # ------------------------------------------------------------ sync
    def _my_have(self) -> tuple[dict[str, tuple[int, str]], int]:
        assert self.room_id is not None
        return self.store.have(self.room_id), len(self.store.forks(self.room_id))

    def summary(self) -> list[Event]:
        """Anti-entropy: tell the peer our digest; a difference starts a have exchange."""
        if self.state != "open":
            return []
        have, forks = self._my_have()
        return [Send(control({"t": "summary", "digest": digest_of(have, forks)}))]

    def _summary(self, frame: dict[str, Any]) -> list[Event]:
        have, forks = self._my_have()
        if frame.get("digest") == digest_of(have, forks):
            return []
        return [Send(control({"t": "have", "have": {a: s for a, (s, _) in have.items()}, "forks": forks}))]

    def _have(self, frame: dict[str, Any]) -> list[Event]:
        theirs, their_forks = frame.get("have"), frame.get("forks", 0)
        if not isinstance(theirs, dict) or not isinstance(their_forks, int):
            raise FrameError("have must map authors to sequence numbers")
        mine, forks = self._my_have()
        claims = {a: s for a, s in theirs.items() if isinstance(a, str) and isinstance(s, int) and s >= 0}
        # A fresh claim is the truth about pushes (a dropped push shows up here and is
        # streamed again), but never restarts a stream this session already sent in order.
        self.peer_have = {a: max(claims.get(a, 0), self._known.get(a, 0)) for a in claims.keys() | self._known.keys()}
        self._pushed = {}
        self.claims = claims
        self.peer_forks = their_forks
        self._backlog.clear()
        creator = self.store.creator(self.room_id)  # type: ignore[arg-type]
        # The facilitator's chain first: it starts with the room's genesis, without which
        # a joiner can only hold everything else back.
        for author in sorted(mine, key=lambda a: (a != creator, a)):
            my_seq = mine[author][0]
            if my_seq > self.peer_have.get(author, 0):
                self._backlog.append((author, self.peer_have.get(author, 0), my_seq))
        if their_forks < forks:
            self._fork_backlog.extend(self.store.forks(self.room_id))  # type: ignore[arg-type]
        reply: list[Event] = []
        if any(mine.get(a, (0, ""))[0] < s for a, s in claims.items()):
            # They hold something we lack: make sure they know what we have, once.
            if frame.get("reply") is not True:
                reply.append(Send(control({"t": "have", "have": {a: s for a, (s, _) in mine.items()},
                                           "forks": forks, "reply": True})))
        return reply

    @property
    def backlog_pending(self) -> bool:
        return bool(self._backlog or self._fork_backlog)

    def next_backlog_frames(self) -> list[bytes]:
        """The next frames of what the peer lacks (empty when done)."""
        if self._fork_backlog:
            proof = self._fork_backlog.popleft()
            return [encode_frame(KIND_FORK, pack_messages([proof.raw_a, proof.raw_b]))]
        if not self._backlog or self.state != "open":
            return []
        author, after, up_to = self._backlog.popleft()
        raws = self.store.since(self.room_id, author, after, self.limits.backlog_batch)  # type: ignore[arg-type]
        if not raws:
            return []
        last = after + len(raws)
        if last < up_to:
            self._backlog.appendleft((author, last, up_to))
        self._note_known(author, last)
        return list(message_batches(raws))

    def push(self, messages: list[Message]) -> list[Event]:
        """Eagerly send new messages the peer is not known to hold."""
        if self.state != "open":
            return []
        fresh = [m for m in messages if m.room == self.room_id
                 and m.seq > max(self.peer_have.get(m.author, 0), self._pushed.get(m.author, 0))]
        for m in fresh:
            self._pushed[m.author] = max(self._pushed.get(m.author, 0), m.seq)
        return [Send(frame) for frame in message_batches(m.raw for m in fresh)]

    def push_fork(self, proof: ForkProof) -> list[Event]:
        if self.state != "open":
            return []
        return [Send(encode_frame(KIND_FORK, pack_messages([proof.raw_a, proof.raw_b])))]

    def peer_holds(self, messages: list[Message]) -> None:
        """The peer sent us these, so it holds them: never push them back."""
        for m in messages:
            self._note_known(m.author, m.seq)

    def _note_known(self, author: str, seq: int) -> None:
        if seq > self._known.get(author, 0):
            self._known[author] = seq
        if seq > self.peer_have.get(author, 0):
            self.peer_have[author] = seq

    def count_invalid(self, count: int) -> list[Event]:
        self.invalid += count
        if self.invalid > self.limits.max_invalid:
            return self.close(f"sent {self.invalid} invalid messages", "invalid")
        return []
