"""The app's language: one choice for the engine's sentences (gettext) and the window's text (Qt).

:func:`install` takes ``--lang`` (or, when absent, the system locale through
:func:`nosedive.core.i18n.use`), loads the packaged ``resources/translations/nosedive_<lang>.qm``
into a ``QTranslator`` (read through :mod:`nosedive.core.assets`, so it works from a wheel), and,
for Chinese, makes sure a family with CJK glyphs stands behind every family the style sheet names
(Debian: ``fonts-wqy-microhei`` or ``fonts-noto-cjk``; ``.ci/run`` and the README install one).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

from nosedive.core import assets, i18n

log = logging.getLogger("nosedive.ui.language")
# Families with Simplified Chinese glyphs, best first: what Debian's font packages install.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "AR PL UMing CN", "Droid Sans Fallback")
STYLE_FAMILIES = ("Nunito", "Inter", "Segoe UI", "Helvetica Neue", "DejaVu Sans", "Sans Serif")


def install(app: QCoreApplication, language: str | None = None) -> str:
    """Speak *language* (None: the system's) in the engine and the window; returns the one chosen."""
    chosen = i18n.use(language)
    if chosen == i18n.ENGLISH:
        return chosen
    translator = Catalogue(chosen, app)  # owned by the application: lives as long as it does
    if not translator.loaded():
        log.warning("the %s translation of the window could not be loaded; it stays in English", chosen)
        return chosen
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(chosen))
    if chosen.startswith("zh"):
        use_cjk_font()
    return chosen


class Catalogue(QTranslator):
    """A packaged ``.qm``: Qt reads the bytes in place without copying them, so this object keeps them."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = assets.read_bytes(f"translations/nosedive_{language}.qm")

    def loaded(self) -> bool:
        return self.load(self.data)


def cjk_family() -> str | None:
    """The first installed family that has Simplified Chinese glyphs, or None."""
    installed = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    preferred = next((family for family in CJK_FAMILIES if family in installed), None)
    return preferred or (min(installed) if installed else None)


def use_cjk_font() -> None:
    family = cjk_family()
    if family is None:
        log.warning("no font with Chinese glyphs is installed (Debian: apt install fonts-wqy-microhei)")
        return
    for name in STYLE_FAMILIES:  # the style sheet's families fall back to it for the glyphs they lack
        QFont.insertSubstitution(name, family)
