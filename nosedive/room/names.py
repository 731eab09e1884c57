"""Who is who: a label for every person that no one else in the room can share.

Display names are typed by the people themselves, so two may be "Ben", or "ben", or
"Ｂｅｎ" (fullwidth). Whoever shares a name, folded by NFKC and case, is told apart by the
start of their key's fingerprint: ``Ben · K7QF`` and ``Ben · 2M4D``. A name that already
looks like a label or a role (it holds a middle dot, or the word "facilitator") always
carries its fingerprint, so nobody can pass for someone's label or for the facilitator
by typing it. Labels depend only on the keys and names given: every node shows the same.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping

from nosedive.core import keys
from nosedive.core.i18n import N_, _, in_every_language

SEPARATOR = " · "
FINGERPRINT_CHARS = 4  # shown after a shared name; more only while two would still look alike
ROLE_WORD = N_("facilitator")  # translated where shown; every language's word is refused in names
# Dots a name could use to fake the separator (after folding: NFKC maps U+0387 and U+FF65 onto these).
_DOTS = frozenset("\u00b7\u2022\u2027\u2219\u22c5\u30fb\u2e31\u16eb")


def fold(name: str) -> str:
    """The form two names are compared in: "Ben", "ben" and "Ｂｅｎ" fold alike."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _role_words() -> frozenset[str]:
    """The role word in every shipped language: a name holding any of them is tagged on every node alike."""
    global _ROLE_WORDS
    if _ROLE_WORDS is None:
        _ROLE_WORDS = in_every_language(ROLE_WORD)
    return _ROLE_WORDS


_ROLE_WORDS: frozenset[str] | None = None


def looks_like_label(name: str) -> bool:
    """Whether *name* could be mistaken for someone's label or role marker."""
    folded = fold(name)
    return any(fold(word) in folded for word in _role_words()) or any(ch in _DOTS for ch in folded)


def fingerprint_tag(key: str, chars: int) -> str:
    """The first *chars* characters of the key's fingerprint (``K7QF``, ``K7QF-2``…)."""
    full = keys.fingerprint(key)  # "K7QF-2M4D"
    return full[:chars] if chars <= 4 else full[:chars + 1]


def _tag_width(group: list[str]) -> int | None:
    """The fewest fingerprint characters that tell *group* apart; None if even all of them do not."""
    significant = len(keys.fingerprint(group[0]).replace("-", ""))
    for chars in range(FINGERPRINT_CHARS, significant + 1):
        if len({fingerprint_tag(key, chars) for key in group}) == len(group):
            return chars
    return None


def labels(names: Mapping[str, str]) -> dict[str, str]:
    """key -> label for everyone in *names* (key -> display name): the name, plus a fingerprint tag
    when someone else's name folds the same or the name looks like a label."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(names):
        groups[fold(names[key])].append(key)
    result: dict[str, str] = {}
    for group in groups.values():
        if len(group) == 1 and not looks_like_label(names[group[0]]):
            result[group[0]] = names[group[0]]
            continue
        width = _tag_width(group)
        for key in group:
            tag = fingerprint_tag(key, width) if width is not None else key[:16]  # 40-bit tie: the key itself
            result[key] = f"{names[key]}{SEPARATOR}{tag}"
    return result


def with_role(label: str, is_facilitator: bool) -> str:
    """The label as plain text shows it: the facilitator's ends with the role, which no name can fake
    (a name holding the role word always ends with its fingerprint instead)."""
    return _("{label} (facilitator)").format(label=label) if is_facilitator else label
