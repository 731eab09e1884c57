"""Engine-side checks of what peers send: avatars by their headers, text by its characters."""
from __future__ import annotations

import struct
import zlib

import pytest

from nosedive.core.errors import MalformedError
from nosedive.core.images import MAX_SIDE, image_info
from nosedive.core.text import check_text, normalise


def png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"


def test_png_and_jpeg_within_bounds_are_accepted() -> None:
    assert image_info(png(64, 48)) == image_info(png(64, 48))
    info = image_info(png(64, 48))
    assert (info.format, info.width, info.height) == ("PNG", 64, 48)
    info = image_info(jpeg(MAX_SIDE, 100))
    assert (info.format, info.width, info.height) == ("JPEG", MAX_SIDE, 100)


def test_a_real_qt_free_png_from_pillowless_bytes_is_read() -> None:
    # a 1×1 PNG written by hand, complete with IDAT and IEND
    raw = zlib.compress(b"\x00\xff\x00\x00")
    idat = struct.pack(">I", len(raw)) + b"IDAT" + raw + struct.pack(">I", zlib.crc32(b"IDAT" + raw))
    iend = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    assert image_info(png(1, 1) + idat + iend).width == 1


SVG_BOMB = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
            b'xmlns:xlink="http://www.w3.org/1999/xlink"><defs><g id="a"><circle r="1"/></g>'
            + b"".join(b'<g id="%c"><use xlink:href="#%c"/><use xlink:href="#%c"/></g>' % (c, c - 1, c - 1)
                       for c in range(ord("b"), ord("s")))
            + b'</defs><use xlink:href="#r"/></svg>')
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(("data", "says"), [
    (SVG_BOMB, "must be a PNG or JPEG"),
    (TIFF, "must be a PNG or JPEG"),
    (b"GIF89a" + b"\x00" * 20, "must be a PNG or JPEG"),
    (b"", "must be a PNG or JPEG"),
    (png(60000, 60000), "at most 512×512"),  # a decompression bomb declares its size up front
    (png(0, 10), "at most 512×512"),
    (jpeg(513, 10), "at most 512×512"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "damaged"),
    (b"\xff\xd8\xff\xe0\x00", "no readable size"),
    (b"\xff\xd8\xff\xe0\x00\x01", "damaged"),
])
def test_everything_else_is_refused_with_a_reason(data: bytes, says: str) -> None:
    with pytest.raises(MalformedError, match=says):
        image_info(data)


@pytest.mark.parametrize(("text", "says"), [
    ("Ben\u202etxt.exe", "U\\+202E"),  # right-to-left override
    ("Ben\u200d", "U\\+200D"),  # zero-width joiner
    ("\u2028Ana", "U\\+2028"),
    ("   ", "must not be empty"),
    ("\u3000", "must not be empty"),
    ("Cafe\u0301", "NFC"),
    ("x" * 41, "the limit is 40"),
    (["a list"], "must be text"),
])
def test_text_that_hides_or_breaks_is_refused(text: object, says: str) -> None:
    with pytest.raises(MalformedError, match=says):
        check_text(text, "display name", 40)


def test_ordinary_names_in_any_script_pass() -> None:
    for name in ("Ana", "张伟 Zhang", "Zoë", "Dmitri Ivanov", "<img src=/dev/zero>", "O'Brien & co"):
        assert check_text(name, "display name", 40) == name


def test_own_input_is_normalised_before_signing() -> None:
    assert normalise("  Cafe\u0301 \u202eBen\u200d  ") == "Café Ben"
    assert check_text(normalise("Ana\u2028Maria"), "name", 40) == "Ana Maria"


def test_the_fast_refused_class_matches_the_code_point_list_everywhere() -> None:
    """first_refused searches one compiled class; it must refuse exactly the listed code points."""
    from nosedive.core.text import _REFUSED, first_refused, is_refused

    differ = [code for code in range(0x110000) if (_REFUSED.fullmatch(chr(code)) is not None) != is_refused(chr(code))]
    assert differ == []
    assert first_refused("ab\u202ecd") == "\u202e"
    assert first_refused("plain name") is None
    assert first_refused("a\u200bb", allowed="\u200b") is None
