"""Public keys: parsing, the weak-key blocklist, and fingerprints for screens.

OpenSSL accepts Ed25519 public keys of small order and non-canonical encodings;
under the identity point a trivial signature verifies for every message
(shared/notes/ledger-and-network.md). So every key that comes in from outside
passes :func:`public_key`, which decodes the point itself and refuses:

- encodings with y >= p (non-canonical),
- encodings of x = 0 with the sign bit set (non-canonical),
- bytes that are not a point on the curve,
- points of small order (8·P is the identity): all 8 small-order points.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from nosedive.core.errors import WeakKeyError
from nosedive.core.i18n import _

KEY_BYTES = 32
KEY_HEX_CHARS = 64

_P = 2**255 - 19
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _decode_point(encoded: bytes) -> tuple[int, int]:
    """Decode an Ed25519 point per RFC 8032 §5.1.3, strictly."""
    y = int.from_bytes(encoded, "little") & ((1 << 255) - 1)
    sign = encoded[31] >> 7
    if y >= _P:
        raise WeakKeyError(_("public key is a non-canonical encoding (y >= p)"))
    y2 = y * y % _P
    u, v = (y2 - 1) % _P, (_D * y2 + 1) % _P  # x² = u / v; v is never 0 (d is not a square)
    v3 = v * v * v % _P
    x = u * v3 * pow(u * v3 * v3 * v % _P, (_P - 5) // 8, _P) % _P  # a root of ±u/v, one exponentiation (§5.1.3)
    vxx = v * x * x % _P
    if vxx != u:
        x = x * _SQRT_M1 % _P
    if vxx != u and vxx != (-u) % _P:
        raise WeakKeyError(_("public key is not a point on the Ed25519 curve"))
    if x == 0 and sign == 1:
        raise WeakKeyError(_("public key is a non-canonical encoding (x = 0 with sign bit)"))
    if x & 1 != sign:
        x = _P - x
    return x, y


def _add(p1: tuple[int, int], p2: tuple[int, int]) -> tuple[int, int]:
    (x1, y1), (x2, y2) = p1, p2
    t = _D * x1 * x2 * y1 * y2 % _P
    x3 = (x1 * y2 + y1 * x2) * pow(1 + t, _P - 2, _P) % _P
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, _P - 2, _P) % _P
    return x3, y3


def _times_eight_is_identity(point: tuple[int, int]) -> bool:
    """Whether 8·P is the identity, by three doublings in projective coordinates (X:Y:Z).

    The doubling formula for a = -1 (dbl-2008-hwcd, as in ref10) holds for every point on the
    curve and needs no inversion: ~5 µs here instead of ~0.5 ms for three affine :func:`_add`
    calls — a cold join meets each author's key once, a worker process each one again.
    The identity is (0 : Z : Z); tests/core/test_keys.py checks this against :func:`_add`."""
    x, y, z = point[0], point[1], 1
    for _doubling in range(3):
        xx, yy = x * x % _P, y * y % _P
        e = ((x + y) * (x + y) - xx - yy) % _P
        g = (yy - xx) % _P  # a·X² + Y² with a = -1
        f = (g - 2 * z * z) % _P
        h = (-xx - yy) % _P  # a·X² - Y²
        x, y, z = e * f % _P, g * h % _P, f * g % _P
    return x == 0 and z != 0 and y == z


def is_weak(encoded: bytes) -> bool:
    """True when *encoded* must never be accepted as someone's key."""
    try:
        check_strong(encoded)
    except WeakKeyError:
        return True
    return False


def check_strong(encoded: bytes) -> None:
    if len(encoded) != KEY_BYTES:
        raise WeakKeyError(_("public key must be {size} bytes, got {count}").format(
            size=KEY_BYTES, count=len(encoded)))
    if _times_eight_is_identity(_decode_point(encoded)):  # small-order points land on the identity
        raise WeakKeyError(_("public key is a small-order point; it would let anyone forge messages"))


def public_key(key_hex: str) -> Ed25519PublicKey:
    """Parse a hex public key, refusing weak ones. Cached: keys repeat a lot.

    The type is checked before the cache: a peer's JSON may hand us a list or a dict, which the
    cache could not even hash (a TypeError instead of the refusal every caller expects).
    """
    if not isinstance(key_hex, str) or len(key_hex) != KEY_HEX_CHARS:
        raise WeakKeyError(_("public key must be {count} hex characters").format(count=KEY_HEX_CHARS))
    return _parsed_key(key_hex)


@lru_cache(maxsize=8192)
def _parsed_key(key_hex: str) -> Ed25519PublicKey:
    try:
        raw = bytes.fromhex(key_hex)
    except ValueError:
        raise WeakKeyError(_("public key is not hexadecimal")) from None
    if raw.hex() != key_hex:
        raise WeakKeyError(_("public key must be lower-case hex"))
    check_strong(raw)
    return Ed25519PublicKey.from_public_bytes(raw)


def fingerprint(key_hex: str) -> str:
    """A short, human-friendly tag for a key, e.g. ``K7QF-2M4D``."""
    digest = hashlib.sha256(bytes.fromhex(key_hex)).digest()
    text = base64.b32encode(digest[:5]).decode()
    return f"{text[:4]}-{text[4:8]}"
