"""Text that people type and peers send: names, notes, room names, tier names.

Everything from the ledger or the network is shown as plain text by the UI;
here the engine refuses what would let one person pass for another or break a
line: control characters, bidi overrides (U+202E…), zero-width and other
invisible characters, line separators, private-use and surrogate code points,
text that is only whitespace, and text not in Unicode NFC (so "é" typed two
ways is one name). Own input is normalised before it is signed
(:func:`normalise`), so a person never sees their own name refused.

The refused set is a fixed list of code points, not Unicode categories: which
messages are valid must be the same on every node, whatever Python (and so
Unicode database) it runs.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from nosedive.core.errors import MalformedError
from nosedive.core.i18n import _

_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F),  # C0 and C1 controls
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C),  # soft hyphen, grapheme joiner, Arabic mark
    (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),  # Hangul fillers, Khmer vowels, Mongolian selectors
    (0x200B, 0x200F),  # zero-width space/joiners, LRM/RLM
    (0x2028, 0x202E),  # line/paragraph separators, bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidi isolates
    (0x3164, 0x3164), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFFB),  # fillers, BOM, specials
    (0xD800, 0xDFFF), (0xE000, 0xF8FF),  # surrogates, private use
    (0x1D173, 0x1D17A), (0xE0000, 0xE007F), (0xF0000, 0x10FFFF),  # musical format, tags, private use
)


# The same ranges as one character class: a search in C instead of a Python loop per character
# (peer text is checked on the ingest hot path). Ranges of code points, so the same on every Python.
_REFUSED = re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _RANGES) + "]")


def is_refused(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _RANGES)


def first_refused(value: str, allowed: str = "") -> str | None:
    """The first character of *value* that peer text may not hold (ignoring those in *allowed*)."""
    if not allowed:
        found = _REFUSED.search(value)
        return found.group() if found is not None else None
    return next((ch for ch in value if ch not in allowed and is_refused(ch)), None)


def normalise(text: str) -> str:
    """What to sign for text a person typed: NFC, refused characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    spaced = (" " if ch.isspace() else ch for ch in text)  # line breaks and tabs become spaces first
    return " ".join("".join(ch for ch in spaced if not is_refused(ch)).split())


def check_text(value: Any, name: str, max_chars: int, allow_empty: bool = False) -> str:
    """*value* as valid peer text, or a MalformedError that names the field and the fault."""
    if not isinstance(value, str):
        raise MalformedError(_("{name} must be text").format(name=_(name)))
    if not allow_empty and not value.strip():
        raise MalformedError(_("{name} must not be empty (or only spaces)").format(name=_(name)))
    if len(value) > max_chars:
        raise MalformedError(_("{name} is {count} characters; the limit is {most}").format(
            name=_(name), count=len(value), most=max_chars))
    hidden = first_refused(value)
    if hidden is not None:
        raise MalformedError(_("{name} must not contain control characters or invisible formatting (found {code})")
                             .format(name=_(name), code=f"U+{ord(hidden):04X}"))
    if not unicodedata.is_normalized("NFC", value):
        raise MalformedError(_("{name} must be in Unicode NFC form").format(name=_(name)))
    return value
