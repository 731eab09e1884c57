"""The one way to reach packaged resources (styles, icons, presets): importlib.resources."""
from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

PACKAGE = "nosedive.resources"


def resource(relative: str) -> Traversable:
    """The packaged file at *relative* (``/``-separated); refuses paths leaving the package."""
    parts = [part for part in relative.split("/") if part]
    if not parts or any(part in (".", "..") or "\\" in part for part in parts):
        raise ValueError(f"not a resource path: {relative!r}")
    node = resources.files(PACKAGE)
    for part in parts:
        node = node.joinpath(part)
    return node


def read_bytes(relative: str) -> bytes:
    return resource(relative).read_bytes()


def read_text(relative: str) -> str:
    return resource(relative).read_text(encoding="utf-8")


def listing(folder: str) -> list[str]:
    """Names of the files in a packaged folder, sorted."""
    return sorted(entry.name for entry in resource(folder).iterdir() if entry.is_file())
