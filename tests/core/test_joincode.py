"""Join codes: generated from the fixed word list, parsed as people type them, refused clearly."""
from __future__ import annotations

import pytest

from nosedive.core import joincode
from nosedive.core.errors import UsageError


def test_the_word_list_is_256_distinct_short_words() -> None:
    words = joincode.wordlist()
    assert len(words) == 256 == len(set(words))
    assert all(word.isascii() and word.isalpha() and word.islower() and len(word) <= 10 for word in words)


def test_a_generated_code_parses_back_to_itself() -> None:
    for _ in range(50):
        code = joincode.generate()
        assert 1 <= code.plate <= joincode.MAX_PLATE
        assert joincode.parse(str(code)) == code


@pytest.mark.parametrize("typed", ["7-guitar-harbor", " 7 Guitar Harbor ", "7_GUITAR_harbor", "7--guitar.harbor"])
def test_codes_are_parsed_as_people_type_them(typed: str) -> None:
    code = joincode.parse(typed)
    assert str(code) == "7-guitar-harbor"
    assert code.password == b"7-guitar-harbor"


@pytest.mark.parametrize(("typed", "says"), [
    ("guitar-harbor", "not a join code"),
    ("7-guitar", "not a join code"),
    ("0-guitar-harbor", "from 1 to 99"),
    ("123-guitar-harbor", "from 1 to 99"),
    ("7-guitarr-harbor", "'guitarr' is not one of the code words"),
    ("<img src=x>", "not a join code"),
])
def test_a_wrong_code_says_what_is_wrong(typed: str, says: str) -> None:
    with pytest.raises(UsageError, match=says):
        joincode.parse(typed)
