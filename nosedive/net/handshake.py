"""The v2 handshake of one session: hellos with a PAKE, then sealed auth (and welcome).

1. The dialer sends a cleartext ``hello`` {v, mode, tag | plate, nonce, pake}:
   ``mode`` "member" proves the room secret (tag = room_tag(secret)),
   "join" proves the join code (plate = the code's number).
2. The acceptor refuses every mismatch with the same ``no-room`` (so a
   stranger learns nothing), limits join tries per address *before* any PAKE
   work (``throttled``), and otherwise answers ``hello`` {v, nonce, pake}.
3. Both derive the session keys from the PAKE and the hash of the two hellos as
   sent (:func:`~nosedive.net.crypto.session_keys`); from here every frame is
   sealed.
4. Each sends ``auth`` {key, sig, port, name, clock}, ``sig`` by its identity over
   ``HANDSHAKE_DOMAIN || binding || role``: a signature from another session
   has another binding and fails.
5. In a join, the acceptor then sends ``welcome`` {room, secret, code}.

Every refusal raises :class:`~nosedive.net.state.Refused`; the session turns it
into an error frame (sealed once keys exist) and :class:`~nosedive.net.events.Closed`.
"""
from __future__ import annotations

import hmac
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nosedive.core import joincode, keys
from nosedive.core.encoding import MAX_INT
from nosedive.core.errors import NosediveError, UsageError
from nosedive.core.i18n import N_
from nosedive.core.identity import Identity
from nosedive.core.joincode import JoinCode
from nosedive.core.messages import now_ms
from nosedive.net.crypto import HandshakeError, Pake, SessionKeys, room_tag, session_keys, transcript_hash
from nosedive.net.events import Authenticated, Event, Send, Welcomed
from nosedive.net.frames import control
from nosedive.net.state import Refused
from nosedive.net.throttle import AttemptLimiter

__all__ = ["HANDSHAKE_DOMAIN", "NONCE_BYTES", "PROTOCOL_VERSION", "Credentials", "Handshake", "JoiningWith",
           "MemberOf", "admit_everyone"]

PROTOCOL_VERSION = 2
HANDSHAKE_DOMAIN = b"nosedive/handshake/v2\x00"
NONCE_BYTES = 32
SECRET_BYTES = 32
MAX_NAME_CHARS = 40
MAX_PAKE_HEX = 200  # a SPAKE2 (Ed25519 group) message is 33 bytes
ROLE_DIALER, ROLE_ACCEPTOR = b"D", b"A"
NO_ROOM = "no such room here"
WRONG_CODE = N_("the join code is wrong (or the room changed its code): check it with the facilitator, "
                 "whose screen shows it, and try again")  # said by the dialer itself: the node shows it translated
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class MemberOf:
    """I am in *room_id* and hold its secret (dialer or acceptor of a member session)."""

    room_id: str
    secret: bytes

    def __post_init__(self) -> None:
        if len(self.secret) != SECRET_BYTES:
            raise ValueError(f"a room secret is {SECRET_BYTES} bytes, not {len(self.secret)}")

    @property
    def tag(self) -> str:
        return room_tag(self.secret)


@dataclass(frozen=True)
class JoiningWith:
    """I only have the join code someone showed me (a dialer only)."""

    code: JoinCode


Credentials = MemberOf | JoiningWith


def admit_everyone(peer_key: str) -> bool:
    return True


class Handshake:
    """Who the peer is, and the keys of this session, once the hellos and auth are through."""

    def __init__(
        self,
        identity: Identity,
        credentials: Credentials,
        nonce: bytes,
        *,
        dialer: bool,
        join_code: JoinCode | None = None,
        limiter: AttemptLimiter | None = None,
        peer_address: str = "",
        admits: Callable[[str], bool] = admit_everyone,
        listen_port: int = 0,
        name: str = "",
        clock: Callable[[], int] = now_ms,
    ) -> None:
        if not dialer and not isinstance(credentials, MemberOf):
            raise ValueError("only a member of a room can accept sessions")
        if not dialer and join_code is not None and limiter is None:
            raise ValueError("an acceptor that takes joins needs the node's shared AttemptLimiter")
        self.identity, self.credentials, self.nonce, self.dialer = identity, credentials, nonce, dialer
        self.join_code, self.limiter, self.peer_address, self.admits = join_code, limiter, peer_address, admits
        self.listen_port, self.name, self.clock = listen_port, name, clock
        self.joining = isinstance(credentials, JoiningWith)  # acceptor: set by the dialer's hello
        self.pake: Pake | None = None
        self.keys: SessionKeys | None = None
        self._my_hello = b""
        self.peer_key = ""  # set once the peer's auth is verified
        self.peer_name = ""
        self.peer_port = 0  # where the peer listens; 0 when it did not say
        self.peer_clock: int | None = None  # the peer's clock (unix ms) as its auth said; None: it did not

    # ------------------------------------------------------------ hellos
    @property
    def mode(self) -> str:
        return "join" if self.joining else "member"

    def _password(self) -> bytes:
        if isinstance(self.credentials, JoiningWith):
            return self.credentials.code.password
        if self.joining:
            assert self.join_code is not None
            return self.join_code.password
        return self.credentials.secret

    def hello(self) -> Send:
        """The dialer's opening hello."""
        assert self.dialer
        self.pake = Pake(self._password())
        frame: dict[str, Any] = {"t": "hello", "v": PROTOCOL_VERSION, "mode": self.mode,
                                 "nonce": self.nonce.hex(), "pake": self.pake.message.hex()}
        if isinstance(self.credentials, JoiningWith):
            frame["plate"] = self.credentials.code.plate
        else:
            frame["tag"] = self.credentials.tag
        self._my_hello = control(frame)
        return Send(self._my_hello, clear=True)

    def on_hello(self, frame: dict[str, Any], raw: bytes) -> list[Event]:
        """The peer's hello (*raw*: the whole frame as received). Afterwards :attr:`keys` is set."""
        if self.keys is not None:
            raise Refused("second hello", "protocol")
        version = frame.get("v")
        if version != PROTOCOL_VERSION:
            raise Refused(f"protocol version {str(version)[:10]!r} is not {PROTOCOL_VERSION}; update Nosedive",
                          "version")
        peer_pake = _hex_field(frame, "pake", max_chars=MAX_PAKE_HEX)
        _hex_field(frame, "nonce", exact_bytes=NONCE_BYTES)
        events: list[Event] = []
        if not self.dialer:
            self._check_room(frame)
            self.pake = Pake(self._password())  # the PAKE work happens only past every check
            self._my_hello = control({"t": "hello", "v": PROTOCOL_VERSION, "nonce": self.nonce.hex(),
                                      "pake": self.pake.message.hex()})
            events.append(Send(self._my_hello, clear=True))
        assert self.pake is not None
        try:
            shared = self.pake.finish(peer_pake)
        except HandshakeError as exc:
            raise Refused(str(exc), "protocol") from None
        dialer_hello, acceptor_hello = (self._my_hello, raw) if self.dialer else (raw, self._my_hello)
        self.keys = session_keys(shared, transcript_hash(dialer_hello, acceptor_hello), dialer=self.dialer)
        events.append(self._auth())  # sealed: the session seals everything from here
        return events

    def _check_room(self, frame: dict[str, Any]) -> None:
        """The acceptor's checks: the same answer for every mismatch; joins rate-limited before the PAKE."""
        assert isinstance(self.credentials, MemberOf)
        mode = frame.get("mode")
        if mode == "member":
            tag = frame.get("tag")
            if not (isinstance(tag, str) and hmac.compare_digest(tag.encode(), self.credentials.tag.encode())):
                raise Refused(NO_ROOM, "no-room")
            if self.limiter is not None and self.limiter.retry_after(self.peer_address) > 0:
                raise self._throttled()  # members never fail; only failed member tries cost (see session)
            return
        plate = frame.get("plate")
        if mode != "join" or self.join_code is None or type(plate) is not int or plate != self.join_code.plate:
            raise Refused(NO_ROOM, "no-room")
        assert self.limiter is not None
        if not self.limiter.allow(self.peer_address):
            raise self._throttled()
        self.joining = True

    def _throttled(self) -> Refused:
        assert self.limiter is not None
        wait = max(1, math.ceil(self.limiter.retry_after(self.peer_address)))
        return Refused(f"too many tries from this address; wait {wait} s", "throttled", retry_after=wait)

    def seal_failure(self, exc: Exception, *, opened_any: bool) -> Refused:
        """A sealed frame from the peer did not open: tampering once others have, else a wrong code or secret
        (which costs the peer a try, and tells a joiner its code is wrong)."""
        if opened_any:
            return Refused(str(exc), "bad-seal", silent=True)
        self.failed_try()
        if self.joining:  # a wrong code: the very first sealed frame does not open
            return Refused(WRONG_CODE if self.dialer else "a join attempt with a wrong code", "wrong-code", silent=True)
        return Refused("the first sealed frame did not open: a wrong room secret, or tampering", "bad-seal",
                       silent=True)

    def failed_try(self) -> None:
        """The peer's first sealed frame did not open: a wrong code or secret costs a try."""
        if self.limiter is not None and not self.dialer and not self.joining:
            self.limiter.allow(self.peer_address)  # a join's try was taken before the PAKE

    # ------------------------------------------------------------ auth
    def _auth(self) -> Send:
        assert self.keys is not None
        role = ROLE_DIALER if self.dialer else ROLE_ACCEPTOR
        signature = self.identity.sign(HANDSHAKE_DOMAIN + self.keys.binding + role)
        return Send(control({"t": "auth", "key": self.identity.public_hex, "sig": signature.hex(),
                             "port": self.listen_port, "name": self.name[:MAX_NAME_CHARS],
                             "clock": self.clock()}))  # optional: older v2 peers ignore it

    def on_auth(self, frame: dict[str, Any]) -> Authenticated:
        """Verify the peer signed *this* session's binding with the key it names."""
        assert self.keys is not None
        if self.peer_key:
            raise Refused("second auth", "protocol")
        key = frame.get("key")
        if not isinstance(key, str):  # keys.public_key is cached: an unhashable key would raise TypeError
            raise Refused(f"auth key must be 64 hex digits, not a {type(key).__name__}", "weak-key")
        try:
            public = keys.public_key(key)
        except NosediveError as exc:
            raise Refused(f"weak or malformed key: {exc}", "weak-key") from None
        if key == self.identity.public_hex:
            raise Refused("this is a connection to myself", "self")
        role = ROLE_ACCEPTOR if self.dialer else ROLE_DIALER
        try:
            public.verify(_hex_field(frame, "sig", exact_bytes=64), HANDSHAKE_DOMAIN + self.keys.binding + role)
        except Exception:
            raise Refused("handshake signature is not valid for this session (replayed or forged)",
                          "bad-auth") from None
        if not self.admits(key):
            raise Refused("this person was expelled from the room", "expelled")
        name, port = frame.get("name"), frame.get("port")
        self.peer_key = key
        self.peer_name = name[:MAX_NAME_CHARS] if isinstance(name, str) else ""
        self.peer_port = port if type(port) is int and 0 <= port < 65536 else 0
        clock = frame.get("clock")
        self.peer_clock = clock if type(clock) is int and 0 <= clock <= MAX_INT else None
        return Authenticated(self.peer_key, self.peer_name, self.peer_port)

    # ------------------------------------------------------------ welcome (joins only)
    def welcome(self) -> Send:
        """What the acceptor of a join tells the joiner: the room, its secret and its code."""
        assert isinstance(self.credentials, MemberOf) and self.join_code is not None
        return Send(control({"t": "welcome", "room": self.credentials.room_id,
                             "secret": self.credentials.secret.hex(), "code": str(self.join_code)}))

    def on_welcome(self, frame: dict[str, Any]) -> Welcomed:
        """The joiner's side: check the welcome, and become a member of its room."""
        if not isinstance(self.credentials, JoiningWith) or not self.peer_key:
            raise Refused("unexpected welcome", "protocol")
        room, code_text = frame.get("room"), frame.get("code")
        if not (isinstance(room, str) and _HEX64.fullmatch(room) and isinstance(code_text, str)):
            raise Refused("welcome needs a room id and a code", "protocol")
        secret = _hex_field(frame, "secret", exact_bytes=SECRET_BYTES)
        try:
            code = joincode.parse(code_text)
        except UsageError:
            raise Refused("welcome carries a malformed code", "protocol") from None
        self.credentials = MemberOf(room, secret)
        return Welcomed(room, secret, str(code))


def _hex_field(frame: dict[str, Any], name: str, *, exact_bytes: int = 0, max_chars: int = 0) -> bytes:
    value = frame.get(name)
    if not isinstance(value, str) or (exact_bytes and len(value) != 2 * exact_bytes) or (
            max_chars and len(value) > max_chars):
        raise Refused(f"{name} is missing or has the wrong length", "protocol")
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise Refused(f"{name} is not hex", "protocol") from None
