"""Canonical JSON: the exact bytes that are signed, sent, stored and verified.

Lessons from Scuttlebutt (shared/notes/ledger-and-network.md): never sign a
re-serialisation. We sign bytes, and accept only bytes that are already in the
one canonical form (sorted keys, no spaces, UTF-8, integers only), so two
honest encoders can never produce two "different" messages with equal content.
"""
from __future__ import annotations

import json
from typing import Any

import orjson

from nosedive.core.errors import MalformedError, NonCanonicalError

MAX_INT = 2**53 - 1  # safe in every JSON implementation a compatible peer might use


def _no_floats(text: str) -> Any:
    raise MalformedError(f"floats are not allowed (found {text!r}); use integers")


def _no_constants(text: str) -> Any:
    raise MalformedError(f"{text} is not allowed in a message")


# No object_pairs_hook: a repeated key cannot survive the canonical re-encoding check
# below (the re-encoded object is shorter), and the C fast path for objects is kept.
# Integers are bounded where they mean something (seq, ts, stars); a hook on every
# integer would cost more than the rest of decoding. orjson refuses beyond 64 bits.
_decoder = json.JSONDecoder(parse_float=_no_floats, parse_constant=_no_constants)
# The canonical form is exactly what ``json.dumps(value, sort_keys=True,
# separators=(",", ":"), ensure_ascii=False)`` gives (tests/core/test_encoding.py checks
# that orjson agrees byte for byte); orjson produces it ~10x faster on the ingest path.
_SORTED = orjson.OPT_SORT_KEYS


def _encode(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=_SORTED)
    except (orjson.JSONEncodeError, TypeError) as exc:
        raise MalformedError(f"cannot encode canonically: {exc}") from None


def canonical(value: Any) -> bytes:
    """Encode *value* canonically. Raises MalformedError on floats or huge ints."""
    _check_value(value)
    return _encode(value)


def _check_value(value: Any, depth: int = 0) -> None:
    if depth > 16:
        raise MalformedError("nesting is deeper than 16 levels")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise MalformedError(f"integer {value} is outside ±2^53")
        return
    if isinstance(value, float):
        raise MalformedError("floats are not allowed; use integers")
    if isinstance(value, list):
        for item in value:
            _check_value(item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise MalformedError("object keys must be strings")
            _check_value(item, depth + 1)
        return
    raise MalformedError(f"cannot encode a {type(value).__name__}")


# The fast path of :func:`decode_canonical` takes bytes with few brackets: that bounds the
# nesting far below either parser's recursion limit, so both accept exactly the same bytes.
_FAST_MAX_BRACKETS = 64


def decode_canonical(data: bytes) -> Any:
    """Parse *data* and insist it is the canonical encoding of what it holds.

    Canonical bytes (nearly everything a peer sends) take the fast path: orjson parses them and
    re-encodes them to the same bytes, and they hold no float. Anything else goes the strict
    way, which says what is wrong — so every refusal reads as it always did."""
    if isinstance(data, bytes) and data.count(b"[") + data.count(b"{") <= _FAST_MAX_BRACKETS:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        else:
            if orjson.dumps(value, option=_SORTED) == data and _holds_no_float(value):
                return value
    return _decode_strict(data)


def _holds_no_float(value: Any) -> bool:
    """Whether no float hides anywhere in a parsed value (a loop, not recursion: it is the hot path)."""
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is float:
            return False
        if kind is dict:
            push(item.values())
        elif kind is list:
            push(item)
    return True


def _decode_strict(data: bytes) -> Any:
    """:func:`decode_canonical` by the standard parser, whose hooks name each fault."""
    try:
        text = data.decode("utf-8")
        value = _decoder.decode(text)
    except MalformedError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedError(f"not valid UTF-8 JSON: {exc}") from None
    # The decoder hooks already refused floats, NaN, huge ints and repeated keys, so
    # re-encoding needs no second walk over the value (this is the ingest hot path).
    if _encode(value) != data:
        raise NonCanonicalError(
            "payload is not in canonical form (sorted keys, no spaces, UTF-8, integers only)"
        )
    return value
