"""Room policy: scoring parameters and access tiers. (Filled in by the scoring work.)"""
from __future__ import annotations

from typing import Any, Mapping


def validate_policy(value: Mapping[str, Any]) -> None:
    """Raise MalformedError if *value* is not a usable policy."""


def preset_names() -> list[str]:
    from . import assets

    return [name.removesuffix(".json") for name in assets.listing("presets") if name.endswith(".json")]


def load_preset(name: str) -> dict[str, Any]:
    import json

    from . import assets
    from .errors import UsageError

    if name not in preset_names():
        raise UsageError(f"no policy preset {name!r}; choose one of {', '.join(preset_names())}")
    return json.loads(assets.read_text(f"presets/{name}.json"))
