"""All user-visible text goes through Qt's translation mechanism: ``resources/translations/`` (see language.py)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = ""  # pyside6-lupdate files our module-level tr() calls under the empty context


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)
