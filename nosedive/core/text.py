"""Text that people type and peers send: names, notes, room names.

Everything from the ledger or the network is shown as plain text by the UI;
here the engine refuses what would let one person pass for another or break a
line: control and format characters (bidi overrides such as U+202E, zero-width
joiners), separators other than the space, text that is only whitespace, and
text not in Unicode NFC (so that "é" typed two ways is one name). Own input is
normalised before it is signed (:func:`normalise`), so a person never sees
their own name refused.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from nosedive.core.errors import MalformedError

# Cc control, Cf format (bidi, zero-width), Co private use, Cs surrogates, Cn unassigned,
# Zl/Zp line and paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def normalise(text: str) -> str:
    """What to sign for text a person typed: NFC, refused characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", text)
    spaced = (" " if ch.isspace() else ch for ch in text)  # line breaks and tabs become spaces first
    kept = "".join(ch for ch in spaced if unicodedata.category(ch) not in REFUSED_CATEGORIES)
    return " ".join(kept.split())


def check_text(value: Any, name: str, max_chars: int, allow_empty: bool = False) -> str:
    """*value* as valid peer text, or a MalformedError that names the field and the fault."""
    if not isinstance(value, str):
        raise MalformedError(f"{name} must be text")
    if not allow_empty and not value.strip():
        raise MalformedError(f"{name} must not be empty or only spaces")
    if len(value) > max_chars:
        raise MalformedError(f"{name} is {len(value)} characters; the limit is {max_chars}")
    for ch in value:
        if unicodedata.category(ch) in REFUSED_CATEGORIES:
            raise MalformedError(f"{name} must not contain invisible or control characters "
                                 f"(found U+{ord(ch):04X})")
    if not unicodedata.is_normalized("NFC", value):
        raise MalformedError(f"{name} must be in Unicode NFC form")
    return value
