"""Round avatars: the person's own image, or a pastel one generated from their key."""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPixmap

from nosedive.ui import theme


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p]
    if not parts:
        return "?"
    return (parts[0][0] + (parts[1][0] if len(parts) > 1 else "")).upper()


def generated(key: str, name: str, size: int) -> QPixmap:
    """A deterministic pastel disc with initials: the same key looks the same everywhere."""
    digest = hashlib.sha256(key.encode()).digest()
    base = QColor(theme.PASTELS[digest[0] % len(theme.PASTELS)])
    ring = QColor(theme.PASTELS[digest[1] % len(theme.PASTELS)])
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ring)
    painter.drawEllipse(0, 0, size, size)
    painter.setBrush(base)
    inset = max(2, size // 14)
    painter.drawEllipse(inset, inset, size - 2 * inset, size - 2 * inset)
    font = QFont()
    font.setPixelSize(int(size * 0.38))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(base.darker(190))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    return pixmap


def from_bytes(data: bytes, size: int) -> QPixmap | None:
    image = QImage.fromData(data)
    if image.isNull():
        return None
    side = min(image.width(), image.height())
    square = image.copy((image.width() - side) // 2, (image.height() - side) // 2, side, side)
    scaled = QPixmap.fromImage(square).scaled(size, size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation)
    rounded = QPixmap(size, size)
    rounded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(rounded)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addEllipse(0, 0, size, size)
    painter.setClipPath(path)
    painter.drawPixmap(0, 0, scaled)
    painter.end()
    return rounded


_cache: dict[tuple[str, str, int, int], QPixmap] = {}


def avatar(key: str, name: str, data: bytes, size: int) -> QPixmap:
    cache_key = (key, name, hash(data), size)
    pixmap = _cache.get(cache_key)
    if pixmap is None:
        pixmap = (from_bytes(data, size) if data else None) or generated(key, name, size)
        if len(_cache) > 500:
            _cache.clear()
        _cache[cache_key] = pixmap
    return pixmap
