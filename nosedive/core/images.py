"""Avatars: only PNG or JPEG of bounded size, judged from their headers before any decoder sees them.

Qt's `QImage.fromData` without a format tries every image plugin it has (SVG,
TIFF, ICO…): a 1.9 KB SVG froze the GUI for seconds, an 8 KB PNG declared a
256 MB bitmap. So the engine refuses an avatar unless its magic bytes say PNG
or JPEG and its header declares at most :data:`MAX_SIDE` pixels a side; the UI
then decodes it with that explicit format.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from nosedive.core.errors import MalformedError
from nosedive.core.i18n import _

MAX_SIDE = 512
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# JPEG start-of-frame markers (baseline, progressive, …) carry the dimensions; not DHT/JPG/DAC.
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset(range(0xD0, 0xD9)) | {0x01}


@dataclass(frozen=True)
class ImageInfo:
    format: str  # "PNG" or "JPEG": the format to decode with, explicitly
    width: int
    height: int


def image_info(data: bytes) -> ImageInfo:
    """The format and declared size of an avatar, or a MalformedError saying what to do."""
    if data.startswith(PNG_MAGIC):
        info = _png(data)
    elif data.startswith(JPEG_MAGIC):
        info = _jpeg(data)
    else:
        raise MalformedError(_("an avatar must be a PNG or JPEG image"))
    if not (0 < info.width <= MAX_SIDE and 0 < info.height <= MAX_SIDE):
        raise MalformedError(_("an avatar may be at most {most}×{most} pixels; this one is {width}×{height}: use a "
                               "smaller picture").format(most=MAX_SIDE, width=info.width, height=info.height))
    return info


def _png(data: bytes) -> ImageInfo:
    # The first chunk must be IHDR: length 13, then width and height as 32-bit big-endian.
    if len(data) < 33 or data[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise MalformedError(_("the avatar's PNG header is damaged"))
    width, height = struct.unpack(">II", data[16:24])
    return ImageInfo("PNG", width, height)


def _jpeg(data: bytes) -> ImageInfo:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise MalformedError(_("the avatar's JPEG header is damaged"))
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        if length < 2:
            raise MalformedError(_("the avatar's JPEG header is damaged"))
        if marker in _SOF_MARKERS:
            if position + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return ImageInfo("JPEG", width, height)
        if marker == 0xDA:  # start of scan before any frame header
            break
        position += 2 + length
    raise MalformedError(_("the avatar's JPEG has no readable size"))
