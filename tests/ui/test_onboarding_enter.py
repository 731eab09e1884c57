"""Enter in onboarding submits what was typed; it never opens the picture chooser."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from nosedive.ui.onboarding import OnboardingDialog

KEY = "cd" * 32


@pytest.fixture()
def dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> OnboardingDialog:
    def no_file_dialog(*_: object, **__: object) -> tuple[str, str]:
        raise AssertionError("Enter opened the file dialog")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", no_file_dialog)
    shown = OnboardingDialog(KEY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def press_enter_in(qtbot: QtBot, dialog: OnboardingDialog, field: object) -> None:
    field.setFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(field.hasFocus)  # type: ignore[attr-defined]
    qtbot.keyClick(field, Qt.Key.Key_Return)  # type: ignore[arg-type]


def test_enter_after_the_name_joins_with_the_code_typed(qtbot: QtBot, dialog: OnboardingDialog) -> None:
    dialog.code.setText("7-guitar-harbor")
    qtbot.keyClicks(dialog.name, "Mia")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press_enter_in(qtbot, dialog, dialog.name)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice is not None and (dialog.choice.name, dialog.choice.join_code) == ("Mia", "7-guitar-harbor")


def test_enter_after_the_name_creates_the_room_named(qtbot: QtBot, dialog: OnboardingDialog) -> None:
    dialog.new_room.setText("Class 5B")
    qtbot.keyClicks(dialog.name, "Mia")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press_enter_in(qtbot, dialog, dialog.name)
    assert dialog.choice is not None and (dialog.choice.create_room, dialog.choice.join_code) == ("Class 5B", None)


def test_enter_in_the_new_room_field_creates_it(qtbot: QtBot, dialog: OnboardingDialog) -> None:
    qtbot.keyClicks(dialog.name, "Mia")
    qtbot.keyClicks(dialog.new_room, "Class 5B")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press_enter_in(qtbot, dialog, dialog.new_room)
    assert dialog.choice is not None and dialog.choice.create_room == "Class 5B"


def test_enter_after_only_a_name_goes_on_to_the_code(qtbot: QtBot, dialog: OnboardingDialog) -> None:
    qtbot.keyClicks(dialog.name, "Mia")
    press_enter_in(qtbot, dialog, dialog.name)
    qtbot.waitUntil(dialog.code.hasFocus)
    assert dialog.isVisible() and dialog.choice is None and dialog.error.text() == ""
