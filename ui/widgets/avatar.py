"""Round avatars: the person's own image, or a pastel one generated from their key.

A picture is bytes another participant sent, so it is decoded under our own rules:
``QImage.fromData`` without a format asks every image plugin Qt has (a 1.9 KB SVG can take
seconds per decode; a small PNG can declare a gigabyte bitmap). Only PNG and JPEG, recognised by
their first bytes, read by that one decoder, within an allocation limit, and only when the
declared size is at most ``MAX_SIDE`` pixels a side. Anything else gets the generated avatar.
"""
from __future__ import annotations

import hashlib
import zlib

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPainter, QPainterPath, QPixmap

from .. import theme

MAX_SIDE = 1024  # pixels, either way
ALLOCATION_LIMIT_MB = 16  # Qt refuses to allocate more than this for one decode
_PNG = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"  # the last chunk of every complete PNG
_JPEG = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"


def picture_format(data: bytes) -> bytes | None:
    """``b"png"`` or ``b"jpeg"`` when ``data`` is a complete file of that kind, else None."""
    if data.startswith(_PNG) and data.endswith(_PNG_END) and _png_has_header(data):
        return b"png"
    if data.startswith(_JPEG) and data.rstrip(b"\x00").endswith(_JPEG_END) and _jpeg_has_frame(data):
        return b"jpeg"
    return None  # another format, or cut short (whose decoder would only complain)


def _png_has_header(data: bytes) -> bool:
    """Whether the first chunk is an intact IHDR (its checksum holds): random bytes are not."""
    header = data[8:33]
    return (len(header) == 25 and header[:8] == b"\x00\x00\x00\x0dIHDR"
            and zlib.crc32(header[4:21]) == int.from_bytes(header[21:25], "big"))


_SOF = (0xC0, 0xC1, 0xC2)  # baseline, extended and progressive frames: what libjpeg decodes


def _jpeg_has_frame(data: bytes) -> bool:
    """Whether the segments before the scan are well formed and one is a plausible frame header."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return False
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if length < 2 or marker in (0xD8, 0xD9, 0xDA) or 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xCC):
            return False  # a bogus length; the scan, the end or another image before any frame; a rare process
        if marker in _SOF:
            frame = data[at + 4:at + 2 + length]
            if len(frame) < 6:
                return False
            precision, height, width, parts = frame[0], frame[1] << 8 | frame[2], frame[3] << 8 | frame[4], frame[5]
            return (precision == 8 and 0 < height <= MAX_SIDE and 0 < width <= MAX_SIDE and parts in (1, 3, 4)
                    and length == 8 + 3 * parts)
        at += 2 + length
    return False


def decode_picture(data: bytes) -> QImage | None:
    """The image in ``data`` under the rules above, or None."""
    kind = picture_format(data)
    if kind is None:
        return None
    raw = QByteArray(data)  # the buffer reads this; it must outlive the reader
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(kind))
    reader.setAutoDetectImageFormat(False)  # that one decoder or none: never probe the others
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    declared = reader.size()  # from the header, before anything is allocated
    if not declared.isValid() or not (0 < declared.width() <= MAX_SIDE and 0 < declared.height() <= MAX_SIDE):
        return None
    image = reader.read()
    buffer.close()
    return None if image.isNull() else image


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
    image = decode_picture(data)
    if image is None:
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
