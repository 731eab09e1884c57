"""The cryptography of a session: a PAKE, the session keys, and sealed frames.

- **PAKE.** Both sides run SPAKE2 (symmetric) with a password: the room's join
  code when a newcomer joins, the room's 32-byte secret between members. A
  wrong password gives different keys, which shows as the first sealed frame
  failing to open. An eavesdropper who captured a handshake cannot test a
  guess of the code offline: without one side's ephemeral scalar the shared
  key cannot be recomputed (that is why a PAKE and not a hash of the code).
- **Keys.** HKDF-SHA256 over the PAKE key, bound to the hash of both hellos
  exactly as sent, gives one key per direction and a binding value the
  identities sign.
- **Sealed frames.** ChaCha20-Poly1305 with a per-direction counter as nonce:
  a flipped, injected, dropped, replayed or reordered frame fails to open, and
  the session ends.
"""
from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from spake2 import SPAKE2_Symmetric

from nosedive.core.errors import NosediveError

PAKE_IDENTITY = b"nosedive/pake/v2"
KEY_INFO = b"nosedive/session-keys/v2"
TAG_INFO = b"nosedive/room-tag/v2"
FRAME_AAD = b"nosedive/frame/v2"
KEY_BYTES = 32
TAG_BYTES = 16  # overhead of one sealed frame
MAX_COUNTER = (1 << 64) - 1


class HandshakeError(NosediveError):
    """The peer's handshake could not be completed (wrong code, tampering, bad PAKE message)."""

    code = "bad-auth"


class SealError(NosediveError):
    """A sealed frame that does not open: flipped, injected, dropped, replayed or reordered."""

    code = "bad-seal"


def room_tag(secret: bytes) -> str:
    """What members advertise so they recognise each other; tells a stranger nothing."""
    return hmac.new(secret, TAG_INFO, hashlib.sha256).hexdigest()[:16]


def transcript_hash(*frames: bytes) -> bytes:
    """The hash of the hellos, exactly as sent: every field in them is covered."""
    digest = hashlib.sha256(b"nosedive/transcript/v2\x00")
    for frame in frames:
        digest.update(struct.pack(">I", len(frame)) + frame)
    return digest.digest()


class Pake:
    """One side of SPAKE2 (symmetric): both sides send their message at once."""

    def __init__(self, password: bytes) -> None:
        self._spake = SPAKE2_Symmetric(password, idSymmetric=PAKE_IDENTITY)
        self.message = self._spake.start()

    def finish(self, peer_message: bytes) -> bytes:
        try:
            return bytes(self._spake.finish(peer_message))
        except Exception as exc:  # hostile bytes may fail anywhere in point decoding
            raise HandshakeError(f"the peer's key exchange message is not valid ({type(exc).__name__})") from None


@dataclass(frozen=True)
class SessionKeys:
    send: bytes
    receive: bytes
    binding: bytes  # signed by both identities: ties them to this very session


def session_keys(shared: bytes, transcript: bytes, *, dialer: bool) -> SessionKeys:
    material = HKDF(algorithm=hashes.SHA256(), length=3 * KEY_BYTES, salt=transcript, info=KEY_INFO).derive(shared)
    dialer_to_acceptor, acceptor_to_dialer, binding = (
        material[:KEY_BYTES], material[KEY_BYTES:2 * KEY_BYTES], material[2 * KEY_BYTES:])
    if dialer:
        return SessionKeys(dialer_to_acceptor, acceptor_to_dialer, binding)
    return SessionKeys(acceptor_to_dialer, dialer_to_acceptor, binding)


def _nonce(counter: int) -> bytes:
    return b"\x00\x00\x00\x00" + struct.pack(">Q", counter)


class Sealer:
    """Seals outgoing frames in order."""

    def __init__(self, key: bytes) -> None:
        self._aead = ChaCha20Poly1305(key)
        self._counter = 0

    def seal(self, plaintext: bytes) -> bytes:
        if self._counter >= MAX_COUNTER:
            raise SealError("too many frames in one session; reconnect")
        sealed = self._aead.encrypt(_nonce(self._counter), plaintext, FRAME_AAD)
        self._counter += 1
        return sealed


class Opener:
    """Opens incoming frames, each exactly once and in order."""

    def __init__(self, key: bytes) -> None:
        self._aead = ChaCha20Poly1305(key)
        self._counter = 0

    def open(self, sealed: bytes) -> bytes:
        if self._counter >= MAX_COUNTER:
            raise SealError("too many frames in one session; reconnect")
        try:
            plaintext = self._aead.decrypt(_nonce(self._counter), sealed, FRAME_AAD)
        except InvalidTag:
            raise SealError("a sealed frame did not open: it was altered, replayed, reordered or a frame "
                            "was lost (or the code is wrong)") from None
        self._counter += 1
        return plaintext
