"""The engine's sentences in the person's language: stdlib gettext, catalogues under ``resources/locale/``.

Why gettext and not Babel: the engine only looks strings up, which the standard library does;
Babel would add a dependency for extraction and compilation, which ``resources/locale/catalogue.py``
does in a page of stdlib code. The compiled ``.mo`` is committed beside its ``.po`` (a test keeps
them equal), so an install needs no tool.

English is the source text: ``_()`` returns it unchanged unless another language was chosen
with :func:`use` (``--lang``) or asked for by the environment (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``: the first one set wins, as in gettext). Sentences with blanks are
translated first and filled in after: ``_("{name} rated you").format(name=...)``.
"""
from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping

from nosedive.core import assets
from nosedive.core.errors import UsageError

DOMAIN = "nosedive"
ENGLISH = "en"
LANGUAGES = (ENGLISH, "zh_CN")  # what --lang accepts; each but English has a catalogue
_ALIASES = {"zh": "zh_CN", "zh_cn": "zh_CN", "zh_sg": "zh_CN", "zh_hans": "zh_CN", "zh_hans_cn": "zh_CN"}
_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: gettext.NullTranslations | None = None  # chosen on first use
_language = ENGLISH


def normalise(code: str) -> str | None:
    """``zh_CN.UTF-8`` → ``zh_CN``, ``en_GB`` → ``en``; None for a language we do not speak."""
    base = code.split(".")[0].split("@")[0].replace("-", "_").strip()
    if not base or base in ("C", "POSIX") or base.lower().startswith("en"):
        return ENGLISH
    return _ALIASES.get(base.lower())


def system_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language the environment asks for, if we ship it; English otherwise."""
    for name in _ENV:
        value = environ.get(name, "")
        if value:
            for code in value.split(":"):  # LANGUAGE may list several, best first
                found = normalise(code)
                if found is not None:
                    return found
            return ENGLISH
    return ENGLISH


def use(language: str | None = None) -> str:
    """Speak *language* (``zh_CN``, ``en``; None: the system's) from now on; returns the one chosen."""
    global _active, _language
    chosen = system_language() if language is None else normalise(language)
    if chosen is None:
        raise UsageError(f"no translation for {language!r}; choose one of: {', '.join(LANGUAGES)}")
    _language = chosen
    _active = catalogue(chosen)
    return chosen


def catalogue(language: str) -> gettext.NullTranslations:
    if language == ENGLISH:
        return gettext.NullTranslations()
    data = assets.read_bytes(f"locale/{language}/LC_MESSAGES/{DOMAIN}.mo")
    return gettext.GNUTranslations(io.BytesIO(data))


def in_every_language(message: str) -> frozenset[str]:
    """*message* as each shipped language says it: for checks that must not depend on who reads."""
    return frozenset({message} | {catalogue(code).gettext(message) for code in LANGUAGES})


def language() -> str:
    """The language in use (choosing the system's if nothing was chosen yet)."""
    if _active is None:
        use()
    return _language


def N_(message: str) -> str:
    """Marks *message* for the catalogue where it is translated later (``_(variable)``); returns it as is."""
    return message


def _(message: str) -> str:
    """*message* in the language in use; the English itself when it has no translation."""
    if _active is None:
        use()
    assert _active is not None
    return _active.gettext(message)
