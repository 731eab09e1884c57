"""SVG icons from resources/icons, rendered at any size (no compiled .qrc)."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon, QPixmap

from nosedive.core import assets


@lru_cache(maxsize=64)
def pixmap(name: str, size: int) -> QPixmap:
    image = QPixmap()
    image.loadFromData(assets.read_bytes(f"icons/{name}.svg"), "SVG")
    return image.scaled(size, size) if not image.isNull() else image


def icon(name: str) -> QIcon:
    return QIcon(pixmap(name, 256))
