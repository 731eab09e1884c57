"""The canonical encoding, defined as the standard library's sorted compact JSON."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosedive.core.encoding import MAX_INT, canonical, decode_canonical
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
