"""A person's own picture, chosen from disk, is scaled and encoded again until every peer accepts it."""
from __future__ import annotations

import base64
import random
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter
from pytestqt.qtbot import QtBot

from nosedive.core.identity import Identity
from nosedive.core.images import MAX_SIDE, image_info
from nosedive.core.messages import MAX_AVATAR_BYTES
from nosedive.ledger.store import Ledger
from nosedive.ui.onboarding import OnboardingDialog
from nosedive.ui.pictures import fit_picture
from nosedive.ui.widgets.avatar import decode_picture

KEY = "cd" * 32


def photo(width: int, height: int, kind: str, seed: int = 5) -> bytes:
    """A noisy picture (the worst case for both encoders), encoded as *kind*."""
    noise = random.Random(seed).randbytes(width * height * 4)
    image = QImage(noise, width, height, width * 4, QImage.Format.Format_RGB32).copy()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(kind.encode()))
    writer.setQuality(95)
    assert writer.write(image)
    return bytes(buffer.data().data())


@pytest.mark.parametrize("width, height, kind", [(2000, 1500, "PNG"), (1200, 900, "JPEG")])
def test_a_large_photo_becomes_an_avatar_every_peer_accepts(qtbot: QtBot, tmp_path: Path,
                                                           width: int, height: int, kind: str) -> None:
    chosen = tmp_path / f"holiday.{kind.lower()}"
    chosen.write_bytes(photo(width, height, kind))
    assert chosen.stat().st_size > MAX_AVATAR_BYTES  # as it is, peers would refuse it
    dialog = OnboardingDialog(KEY)
    qtbot.addWidget(dialog)
    dialog.load_picture(chosen)
    assert dialog.error.text() == ""
    fitted = dialog.avatar_bytes
    info = image_info(fitted)  # what the engine checks before accepting a profile
    assert len(fitted) <= MAX_AVATAR_BYTES and info.format in ("PNG", "JPEG")
    assert info.width <= 256 and info.height <= 256 and info.width <= MAX_SIDE
    assert abs(info.width / info.height - width / height) < 0.02  # the same shape, not squashed
    image = decode_picture(fitted)  # and the others' app decodes it
    assert image is not None and (image.width(), image.height()) == (info.width, info.height)

    dialog.name.setText("Mia")
    dialog.new_room.setText("Class 5B")
    dialog._create()
    assert dialog.choice is not None and dialog.choice.avatar == fitted
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:  # a real ledger validates it as a peer would
        me = Identity.generate()
        room = ledger.create_room(me, "Class 5B", {}).room
        ledger.append(me, room, "profile", {"name": "Mia", "avatar": base64.b64encode(fitted).decode()})
        assert len(list(ledger.messages(room, types=("profile",)))) == 1


def test_a_picture_that_fits_already_is_kept_byte_for_byte(qtbot: QtBot) -> None:
    small = photo(64, 48, "JPEG")
    assert len(small) <= MAX_AVATAR_BYTES
    assert fit_picture(small) == small


def test_transparent_pictures_keep_working_and_undecodable_ones_keep_the_message(qtbot: QtBot, tmp_path: Path) -> None:
    clear = QImage(900, 600, QImage.Format.Format_ARGB32)
    clear.fill(0)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(b"PNG")).write(clear)
    fitted = fit_picture(bytes(buffer.data().data()))
    assert fitted is not None and image_info(fitted).width == 256

    dialog = OnboardingDialog(KEY)
    qtbot.addWidget(dialog)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(photo(300, 200, "JPEG")[:400])  # cut short: no decoder gets it
    dialog.load_picture(broken)
    assert "PNG or JPEG" in dialog.error.text() and dialog.avatar_bytes == b""
