"""Onboarding offers the rule presets by their titles and descriptions, and opens centred on the screen."""
from __future__ import annotations

from PySide6.QtCore import Qt

from nosedive.core.policy import load_preset, parse_policy, preset_names
from nosedive.ui.onboarding import OnboardingDialog


def test_presets_are_shown_by_title_and_description_and_chosen_by_name(qtbot) -> None:
    dialog = OnboardingDialog("ab" * 32)
    qtbot.addWidget(dialog)
    shown = [dialog.preset.itemText(i) for i in range(dialog.preset.count())]
    titles = [parse_policy(load_preset(name)).title for name in preset_names()]
    assert shown == titles and not set(shown) & set(preset_names())  # no internal names on screen
    assert dialog.preset_name() == "nosedive"
    assert dialog.preset_description.text() == parse_policy(load_preset("nosedive")).description
    city = dialog.preset.findData("city")
    dialog.preset.setCurrentIndex(city)
    assert dialog.preset_description.text() == parse_policy(load_preset("city")).description
    assert dialog.preset.itemData(city, Qt.ItemDataRole.ToolTipRole) == dialog.preset_description.text()
    qtbot.keyClicks(dialog.name, "Mia")
    qtbot.keyClicks(dialog.new_room, "Class 5B")
    dialog._create()
    assert dialog.choice is not None and dialog.choice.preset == "city"


def test_the_dialog_opens_centred_on_the_screen(qtbot) -> None:
    dialog = OnboardingDialog("ab" * 32)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry().center()
    centre = dialog.frameGeometry().center()
    assert abs(centre.x() - screen.x()) <= 1 and abs(centre.y() - screen.y()) <= 1
