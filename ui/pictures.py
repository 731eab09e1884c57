"""A picture a person chooses for themselves, made to fit what every peer accepts.

Peers refuse an avatar unless it is a PNG or JPEG of at most 512×512 pixels and 32 KiB
(:mod:`nosedive.core.images`). People choose photos straight from a phone, so the picker
scales a chosen picture down (keeping its shape) and encodes it again: PNG if that is
small enough, else JPEG at lower and lower quality, and smaller sides if even that is
too big. Only the person's own file is read here, with its format named from its first
bytes and a bound on how much is decoded; other people's pictures go through
``widgets.avatar.decode_picture`` alone.
"""
from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QImageWriter, QPainter

from nosedive.core.errors import MalformedError
from nosedive.core.images import image_info
from nosedive.core.messages import MAX_AVATAR_BYTES

from .widgets.avatar import decode_picture

MAX_CHOSEN_BYTES = 24 * 1024 * 1024  # a large phone photo; an endless "file" is cut here
MAX_CHOSEN_SIDE = 8000  # pixels a side before anything is decoded
DECODE_LIMIT_MB = 256  # Qt's allocation limit for decoding one's own picture
FIT_SIDES = (256, 192, 128, 96)  # tried in turn until an encoding is small enough
JPEG_QUALITIES = (90, 80, 70, 60, 50, 40, 30)


def accepted(data: bytes) -> bool:
    """Whether peers take *data* as an avatar and can show it."""
    if len(data) > MAX_AVATAR_BYTES:
        return False
    try:
        image_info(data)
    except MalformedError:
        return False
    return decode_picture(data) is not None


def _format(data: bytes) -> bytes | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82"):
        return b"png"
    if data.startswith(b"\xff\xd8\xff") and data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return b"jpeg"
    return None  # another format, or cut short


def decode_chosen(data: bytes) -> QImage | None:
    """The person's own picture, decoded by the one decoder its first bytes name, or None."""
    kind = _format(data)
    if kind is None:
        return None
    raw = QByteArray(data)  # the buffer reads this; it must outlive the reader
    buffer = QBuffer(raw)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(kind))
    reader.setAutoDetectImageFormat(False)
    reader.setAutoTransform(True)  # a phone's portrait photo stands upright
    reader.setAllocationLimit(DECODE_LIMIT_MB)
    declared = reader.size()
    if not declared.isValid() or not (0 < declared.width() <= MAX_CHOSEN_SIDE
                                      and 0 < declared.height() <= MAX_CHOSEN_SIDE):
        return None
    image = reader.read()
    buffer.close()
    return None if image.isNull() else image


def _encoded(image: QImage, kind: bytes, quality: int = -1) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(kind))
    writer.setQuality(quality)
    if not writer.write(image):
        return b""  # never accepted: the next encoding is tried
    return bytes(buffer.data().data())


def _on_white(image: QImage) -> QImage:
    """JPEG has no transparency: transparent parts become white, not black."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(QColor("white"))
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def _encodings(image: QImage) -> Iterator[bytes]:
    yield _encoded(image, b"PNG")
    flat = _on_white(image) if image.hasAlphaChannel() else image
    for quality in JPEG_QUALITIES:
        yield _encoded(flat, b"JPEG", quality)


def fit_picture(data: bytes) -> bytes | None:
    """*data* as it is if peers accept it already; else scaled to fit and encoded again so they do;
    None if it cannot be decoded (or nothing small enough came out)."""
    if accepted(data):
        return data
    image = decode_chosen(data)
    if image is None:
        return None
    for side in FIT_SIDES:
        fitted = image if image.width() <= side and image.height() <= side else image.scaled(
            side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        for encoded in _encodings(fitted):
            if accepted(encoded):
                return encoded
    return None
