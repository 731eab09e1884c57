"""The canonical encoding, defined as the standard library's sorted compact JSON."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.encoding import MAX_INT, _decode_strict, canonical, decode_canonical
from nosedive.core.errors import MalformedError, NonCanonicalError

values = st.recursive(
    st.none() | st.booleans() | st.integers(-MAX_INT, MAX_INT) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=25,
)


def reference(value: object) -> bytes:
    """The definition a compatible peer implements."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@settings(max_examples=500, deadline=None)
@given(values)
def test_canonical_is_the_reference_form_and_round_trips(value: object) -> None:
    try:
        expected = reference(value)
    except UnicodeEncodeError:  # lone surrogates cannot be UTF-8
        with pytest.raises(MalformedError):
            canonical(value)
        return
    assert canonical(value) == expected
    assert decode_canonical(expected) == value


@pytest.mark.parametrize("text", ['"\\ud800"', '{"b":1,"a":2}', '{"a":1,"a":1}', '{"a": 1}', '"\\u00e9"'])
def test_non_canonical_or_unencodable_text_is_refused(text: str) -> None:
    with pytest.raises(MalformedError):
        decode_canonical(text.encode())


def test_escapes_match_the_reference() -> None:
    tricky = "\x00\x1f\b\t\n\f\r\"\\\x7f\u2028é😀"
    assert canonical(tricky) == reference(tricky)
    with pytest.raises(NonCanonicalError):
        decode_canonical(json.dumps(tricky).encode())  # ensure_ascii escapes are not canonical


# What a peer may send: any JSON at all, canonical or not, floats, huge numbers, deep nesting.
hostile_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=20,
)


def _outcome(decode: object, data: bytes) -> tuple[object, ...]:
    try:
        return ("value", decode(data))  # type: ignore[operator]
    except MalformedError as exc:
        return (type(exc).__name__, str(exc))


@settings(max_examples=600, deadline=None)
@given(hostile_values, st.sampled_from(["canonical", "spaced", "unsorted", "ascii"]))
def test_the_fast_path_and_the_strict_path_agree_on_every_payload(value: object, spelling: str) -> None:
    """Same value or the same refusal (its sentence too), whichever path decodes."""
    try:
        data = {"canonical": reference, "spaced": lambda v: json.dumps(v, sort_keys=True).encode(),
                "unsorted": lambda v: json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode(),
                "ascii": lambda v: json.dumps(v, sort_keys=True, separators=(",", ":")).encode()}[spelling](value)
    except (UnicodeEncodeError, ValueError):
        return
    assert _outcome(decode_canonical, data) == _outcome(_decode_strict, data)


@pytest.mark.parametrize("data", [b"[1.5]", b'{"a":1e+16}', b"[-0.0]", b"[18446744073709551616]", b"[1E5]",
                                  b'{"a":1,"a":1}', b"NaN", b"[Infinity]", b"[1e400]", b'"\\ud800"', b"\xff",
                                  b"[" * 70 + b"]" * 70, b"[" * 3000 + b"]" * 3000, b'{"a":[1,2.5]}', b"  {}"])
def test_hostile_bytes_are_refused_as_the_strict_path_refuses_them(data: bytes) -> None:
    assert _outcome(decode_canonical, data) == _outcome(_decode_strict, data)
    if data in (b"[1.5]", b"[1E5]"):
        assert "floats are not allowed" in _outcome(decode_canonical, data)[1]  # type: ignore[operator]
