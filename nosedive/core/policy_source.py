"""Rules a person names on a command line: a preset's name, or the path of a policy JSON file."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nosedive.core.errors import UsageError
from nosedive.core.i18n import _
from nosedive.core.policy import load_preset, preset_names


def read_rules(text: str) -> dict[str, Any]:
    """The raw policy object a preset name or a JSON file holds, or one clear UsageError."""
    if text in preset_names():
        return load_preset(text)
    path = Path(text)
    if not path.is_file():
        raise UsageError(_("no policy preset or file {text!r}: it is neither a preset ({presets}) nor a file").format(
            text=text, presets=", ".join(preset_names())))
    try:
        rules = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(_("{path} is not a JSON policy: {reason}").format(path=path, reason=exc)) from None
    if not isinstance(rules, dict):
        raise UsageError(_("{path} must hold one JSON object (a policy)").format(path=path))
    return rules
