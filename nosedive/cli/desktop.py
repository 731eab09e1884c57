"""``nosedive install-desktop``: a freedesktop menu entry and icon for this person, idempotent."""
from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from nosedive.cli.context import Context
from nosedive.cli.registry import Commands
from nosedive.core import assets
from nosedive.core.i18n import _

ENTRY_NAME = "nosedive.desktop"
ICON_NAME = "nosedive.svg"


def register(commands: Commands) -> None:
    commands.add("install-desktop", cmd_install_desktop, help="add Nosedive to this person's applications menu",
                 description="Write a .desktop entry and the app's icon into $XDG_DATA_HOME "
                             "(~/.local/share by default). Running it again changes nothing.")


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def desktop_entry() -> str:
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "nosedive"))
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=Nosedive",
        "GenericName=Rating game",
        "Comment=Rate the people in the room. Watch what it does to you.",
        f"Exec={command}",
        "Icon=nosedive",
        "Terminal=false",
        "Categories=Education;Game;Network;",
        "Keywords=rating;social credit;classroom;",
        "",
    ])


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True


def cmd_install_desktop(args: argparse.Namespace, ctx: Context) -> int:
    base = data_home()
    entry = base / "applications" / ENTRY_NAME
    icon = base / "icons" / "hicolor" / "scalable" / "apps" / ICON_NAME
    changed = _write_if_changed(entry, desktop_entry().encode("utf-8"))
    changed |= _write_if_changed(icon, assets.read_bytes(f"icons/{ICON_NAME}"))
    if changed:
        print(_("installed the menu entry {entry} and its icon {icon}").format(entry=entry, icon=icon))
    else:
        print(_("already installed: {entry}").format(entry=entry))
    return 0
