"""The handshake of one session: hello, auth, and the lobby's roominfo.

Both sides at once: each sends ``hello`` {v, room, key, nonce, port, name}; on the
other's hello each signs, with its identity key,
``HANDSHAKE_DOMAIN || room || own nonce || peer nonce || own key || peer key``
and sends ``auth`` {sig}. A replayed auth fails because it signs someone else's
nonce. ``hello`` with room "" asks "which room are you in?": the answer is
``roominfo`` and the session ends.

Every refusal raises :class:`~nosedive.net.state.Refused`; the session turns it
into an error frame and :class:`~nosedive.net.events.Closed`.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nosedive.core import keys
from nosedive.core.errors import NosediveError
from nosedive.core.identity import Identity
from nosedive.net.events import Authenticated, Event, RoomAdvert, Send
from nosedive.net.frames import control
from nosedive.net.state import Refused

PROTOCOL_VERSION = 1
HANDSHAKE_DOMAIN = b"nosedive/handshake/v1\x00"
NONCE_BYTES = 32
MAX_NAME_CHARS = 40


def no_room_info() -> RoomAdvert | None:
    return None


class Handshake:
    """Who the peer is, once it has said hello and proved its key."""

    def __init__(
        self,
        identity: Identity,
        room_id: str | None,
        nonce: bytes,
        *,
        listen_port: int = 0,
        name: str = "",
        room_info: Callable[[], RoomAdvert | None] = no_room_info,
    ) -> None:
        self.identity, self.room_id, self.nonce = identity, room_id, nonce
        self.listen_port, self.name, self.room_info = listen_port, name, room_info
        self.peer_key = ""  # set once the peer's hello is accepted (not yet proven)
        self.peer_nonce = b""
        self.peer_name = ""
        self.peer_port = 0  # where the peer listens; 0 when it did not say

    def hello(self) -> Send:
        return Send(control({
            "t": "hello", "v": PROTOCOL_VERSION, "room": self.room_id or "", "key": self.identity.public_hex,
            "nonce": self.nonce.hex(), "port": self.listen_port, "name": self.name[:MAX_NAME_CHARS],
        }))

    def on_hello(self, frame: dict[str, Any]) -> list[Event]:
        """Check the peer's hello; the answer is our auth (or nothing, when we only asked)."""
        if self.peer_key:
            raise Refused("second hello", "protocol")
        version = frame.get("v")
        if version != PROTOCOL_VERSION:
            raise Refused(f"protocol version {version!r} is not {PROTOCOL_VERSION}; update Nosedive", "version")
        key, nonce_hex = frame.get("key"), frame.get("nonce")
        try:
            keys.public_key(key)
        except NosediveError as exc:
            raise Refused(f"weak or malformed key: {exc}", "weak-key") from None
        assert isinstance(key, str)  # public_key refuses anything else
        if key == self.identity.public_hex:
            raise Refused("this is a connection to myself", "self")
        if not isinstance(nonce_hex, str) or len(nonce_hex) != 2 * NONCE_BYTES:
            raise Refused("hello needs a 32-byte nonce", "protocol")
        try:
            self.peer_nonce = bytes.fromhex(nonce_hex)
        except ValueError:
            raise Refused("nonce is not hex", "protocol") from None
        room = frame.get("room")
        if self.room_id is None:
            return []  # we only asked which room the peer is in: wait for its roominfo
        if room == "":
            raise Refused("told the room I am in", "roominfo", self._room_answer())
        if room != self.room_id:
            info = self.room_info()
            name = f" ({info.name})" if info else ""
            raise Refused(f"I am in room {self.room_id[:12]}{name}, not {str(room)[:12]}", "wrong-room")
        self.peer_key = key
        self.peer_name = str(frame.get("name", ""))[:MAX_NAME_CHARS]
        port = frame.get("port")
        self.peer_port = port if isinstance(port, int) and 0 <= port < 65536 else 0
        signature = self.identity.sign(self._transcript(self.identity.public_hex, key, self.nonce, self.peer_nonce))
        return [Send(control({"t": "auth", "sig": signature.hex()}))]

    def on_auth(self, frame: dict[str, Any]) -> Authenticated:
        """Verify the peer signed *this* session's nonces with the key it said hello with."""
        if not self.peer_key:
            raise Refused("auth out of order", "protocol")
        try:
            signature = bytes.fromhex(frame.get("sig", ""))
            transcript = self._transcript(self.peer_key, self.identity.public_hex, self.peer_nonce, self.nonce)
            keys.public_key(self.peer_key).verify(signature, transcript)
        except Exception:
            raise Refused("handshake signature is not valid for this session (replayed or forged)",
                          "bad-auth") from None
        return Authenticated(self.peer_key, self.peer_name, self.peer_port)

    def on_roominfo(self, frame: dict[str, Any]) -> RoomAdvert:
        room, name = frame.get("room"), frame.get("name")
        facilitator, people = frame.get("facilitator", ""), frame.get("people", 0)
        if self.room_id is not None or not (isinstance(room, str) and len(room) == 64 and isinstance(name, str)):
            raise Refused("unexpected roominfo", "protocol")
        return RoomAdvert(room, name[:60], facilitator if isinstance(facilitator, str) else "",
                          people if isinstance(people, int) else 0)

    def _room_answer(self) -> tuple[Event, ...]:
        info = self.room_info()
        if info is None:
            return ()
        return (Send(control({"t": "roominfo", "room": info.room_id, "name": info.name,
                              "facilitator": info.facilitator, "people": info.people})),)

    def _transcript(self, signer: str, other: str, signer_nonce: bytes, other_nonce: bytes) -> bytes:
        return (HANDSHAKE_DOMAIN + str(self.room_id).encode() + signer_nonce + other_nonce
                + bytes.fromhex(signer) + bytes.fromhex(other))
