"""Join codes: ``N-word-word``, short enough to read aloud or show on a projector.

In the spirit of magic-wormhole's ``7-guitarist-revenge``: a number (the
*plate*, advertised on the LAN so a joiner knows which nodes to ask) and two
words from a fixed list of 256. The code is never hashed into a key: it is the
password of a PAKE (SPAKE2, :mod:`nosedive.net.crypto`), so a captured
handshake gives no way to test guesses offline, and online guesses are
rate-limited by every node.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from functools import lru_cache

from nosedive.core import assets
from nosedive.core.errors import UsageError
from nosedive.core.i18n import _

WORDS_RESOURCE = "words/join-words.txt"
MAX_PLATE = 99
_SEPARATORS = re.compile(r"[\s\-_.,/]+")


@lru_cache(maxsize=1)
def wordlist() -> tuple[str, ...]:
    """The 256 words, in their fixed order (the list is part of the protocol)."""
    lines = assets.read_text(WORDS_RESOURCE).splitlines()
    words = tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    if len(words) != 256 or len(set(words)) != 256:
        raise RuntimeError(f"{WORDS_RESOURCE} must hold 256 distinct words, holds {len(set(words))}")
    return words


@dataclass(frozen=True)
class JoinCode:
    plate: int
    words: tuple[str, str]

    def __str__(self) -> str:
        return f"{self.plate}-{self.words[0]}-{self.words[1]}"

    @property
    def password(self) -> bytes:
        """What the PAKE is run with: the canonical text of the code."""
        return str(self).encode("ascii")


def generate() -> JoinCode:
    words = wordlist()
    return JoinCode(1 + secrets.randbelow(MAX_PLATE), (secrets.choice(words), secrets.choice(words)))


def parse(text: str) -> JoinCode:
    """A code as a person types it: any case, spaces or dashes between the parts."""
    parts = [part for part in _SEPARATORS.split(text.strip().lower()) if part]
    hint = _("a join code looks like 7-guitar-harbor: a number and two words, as the facilitator shows it")
    if len(parts) != 3 or not parts[0].isdigit():
        raise UsageError(_("{text!r} is not a join code; {hint}").format(text=text.strip()[:40], hint=hint))
    plate = int(parts[0])
    if not 1 <= plate <= MAX_PLATE:
        raise UsageError(_("the number of a join code is from 1 to {most}; {hint}").format(most=MAX_PLATE, hint=hint))
    known = set(wordlist())
    unknown = [word for word in parts[1:] if word not in known]
    if unknown:
        raise UsageError(_("{word!r} is not one of the code words: check the spelling; {hint}").format(
            word=unknown[0][:20], hint=hint))
    return JoinCode(plate, (parts[1], parts[2]))
