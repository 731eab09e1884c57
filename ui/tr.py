"""All user-visible text goes through Qt's translation mechanism (a Chinese translation will follow)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "Nosedive"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)
