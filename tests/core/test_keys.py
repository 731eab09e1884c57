"""Weak public keys are refused: the 8 small-order points and non-canonical encodings."""
from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core import keys
from nosedive.core import messages as msgs
from nosedive.core.encoding import canonical
from nosedive.core.errors import WeakKeyError
from nosedive.core.i18n import _ as translated
from nosedive.core.identity import Identity

# The 8 points of small order on Ed25519, canonically encoded (libsodium's blocklist).
SMALL_ORDER = [
    "0100000000000000000000000000000000000000000000000000000000000000",  # identity, order 1
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # order 2
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
    "0000000000000000000000000000000000000000000000000000000000000080",  # order 4
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  # order 8
]
NON_CANONICAL = [
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # y = p (≡ 0)
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # y = p + 1 (≡ 1, the identity)
    "0100000000000000000000000000000000000000000000000000000000000080",  # x = 0 with the sign bit
]


def test_the_eight_small_order_points_are_distinct() -> None:
    assert len(set(SMALL_ORDER)) == 8


@pytest.mark.parametrize("key_hex", SMALL_ORDER + NON_CANONICAL)
def test_weak_keys_are_refused(key_hex: str) -> None:
    keys._parsed_key.cache_clear()
    with pytest.raises(WeakKeyError):
        keys.public_key(key_hex)
    assert keys.is_weak(bytes.fromhex(key_hex))


def test_openssl_accepts_the_identity_key_and_a_trivial_signature() -> None:
    """The hole itself: why we must check keys ourselves."""
    identity_point = bytes.fromhex(SMALL_ORDER[0])
    openssl_key = Ed25519PublicKey.from_public_bytes(identity_point)
    trivial_signature = identity_point + bytes(32)  # R = identity, S = 0
    openssl_key.verify(trivial_signature, b"any message at all")  # does not raise


def test_a_message_forged_under_the_identity_key_is_refused() -> None:
    victim = Identity.generate().public_hex
    envelope = {
        "v": 1, "room": "ab" * 32, "author": SMALL_ORDER[0], "seq": 1, "prev": None,
        "ts": 1, "type": "rate", "body": {"subject": victim, "stars": 1},
    }
    payload = canonical(envelope)
    forged = bytes.fromhex(SMALL_ORDER[0]) + bytes(32) + payload
    with pytest.raises(WeakKeyError):
        msgs.parse(forged)


@pytest.mark.parametrize("key_hex", SMALL_ORDER)
def test_weak_key_as_rating_subject_is_refused(key_hex: str) -> None:
    me = Identity.generate()
    with pytest.raises(WeakKeyError):
        msgs.create(me, room="ab" * 32, seq=1, prev=None, type="rate",
                    body={"subject": key_hex, "stars": 5}, ts=1)


@pytest.mark.parametrize("sign", [0, 1])
def test_every_encoding_with_y_at_least_p_is_refused(sign: int) -> None:
    p = 2**255 - 19
    for y in range(p, 2**255):  # the 19 non-canonical y values
        raw = bytearray(y.to_bytes(32, "little"))
        raw[31] |= sign << 7
        assert keys.is_weak(bytes(raw)), hex(y)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_keys_that_load_are_never_small_order(raw: bytes) -> None:
    """Whatever random bytes come in, a key we accept has 8·P != identity."""
    if not keys.is_weak(raw):
        point = keys._decode_point(raw)
        for _ in range(3):
            point = keys._add(point, point)
        assert point != (0, 1)
        Ed25519PublicKey.from_public_bytes(raw)  # and OpenSSL loads it too


def test_generated_keys_are_strong_and_fingerprints_are_short() -> None:
    for _ in range(20):
        identity = Identity.generate()
        assert not keys.is_weak(bytes.fromhex(identity.public_hex))
        assert len(identity.fingerprint) == 9 and identity.fingerprint[4] == "-"


def test_malformed_key_text_is_refused() -> None:
    good = Identity.generate().public_hex
    for bad in (good[:-2], good.upper(), "zz" * 32, 123, [good], {"key": good}, None):  # lists: unhashable
        with pytest.raises(WeakKeyError):
            keys.public_key(bad)  # type: ignore[arg-type]


def _encode(point: tuple[int, int]) -> bytes:
    x, y = point
    return (y | (x & 1) << 255).to_bytes(32, "little")


def _affine_times_eight_is_identity(point: tuple[int, int]) -> bool:
    for _ in range(3):
        point = keys._add(point, point)
    return point == (0, 1)


def test_the_projective_small_order_check_agrees_with_the_affine_one() -> None:
    """Every small-order point, strong keys, and strong keys plus each small-order point (mixed order)."""
    torsion = [keys._decode_point(bytes.fromhex(key)) for key in SMALL_ORDER]
    strong = [keys._decode_point(bytes.fromhex(Identity.generate().public_hex)) for _ in range(12)]
    points = torsion + strong + [keys._add(p, t) for p in strong[:4] for t in torsion]
    for point in points:
        assert keys._times_eight_is_identity(point) == _affine_times_eight_is_identity(point)
        assert keys.is_weak(_encode(point)) == (point in torsion)
    assert sum(keys._times_eight_is_identity(point) for point in points) == 8


def _reference_decode(encoded: bytes) -> tuple[int, int] | str:
    """RFC 8032 §5.1.3 the long way (an inversion, then a square root): the point, or why there is none."""
    p, d, sqrt_m1 = keys._P, keys._D, keys._SQRT_M1
    y = int.from_bytes(encoded, "little") & ((1 << 255) - 1)
    sign = encoded[31] >> 7
    if y >= p:
        return "y >= p"
    x2 = (y * y - 1) * pow(d * y * y + 1, p - 2, p) % p
    x = pow(x2, (p + 3) // 8, p)
    if (x * x - x2) % p != 0:
        x = x * sqrt_m1 % p
    if (x * x - x2) % p != 0:
        return "not on the curve"
    if x == 0 and sign == 1:
        return "x = 0 with sign bit"
    return (p - x if x & 1 != sign else x), y


def _decoded(encoded: bytes) -> tuple[int, int] | str:
    try:
        return keys._decode_point(encoded)
    except WeakKeyError as exc:
        reasons = {translated("public key is a non-canonical encoding (y >= p)"): "y >= p",
                   translated("public key is not a point on the Ed25519 curve"): "not on the curve",
                   translated("public key is a non-canonical encoding (x = 0 with sign bit)"): "x = 0 with sign bit"}
        return reasons[str(exc)]


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_decoding_a_point_with_one_exponentiation_agrees_with_the_long_way(raw: bytes) -> None:
    assert _decoded(raw) == _reference_decode(raw)


@pytest.mark.parametrize("key_hex", SMALL_ORDER + NON_CANONICAL)
def test_the_small_order_and_non_canonical_encodings_decode_as_the_long_way_says(key_hex: str) -> None:
    assert _decoded(bytes.fromhex(key_hex)) == _reference_decode(bytes.fromhex(key_hex))
