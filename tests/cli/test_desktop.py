"""``nosedive install-desktop``: a valid menu entry and icon under XDG_DATA_HOME, and a second run changes nothing."""
from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path


def install(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share"), "NOSEDIVE_DATA": str(tmp_path / "data")}
    return subprocess.run([sys.executable, "-m", "nosedive", "install-desktop"], capture_output=True, text=True,
                          env=env, timeout=60)


def test_the_menu_entry_and_icon_are_installed_once(tmp_path: Path) -> None:
    first = install(tmp_path)
    assert first.returncode == 0 and "installed the menu entry" in first.stdout, first.stderr
    entry_path = tmp_path / "share" / "applications" / "nosedive.desktop"
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "nosedive.svg"
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(entry_path.read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Nosedive" and entry["Icon"] == "nosedive"
    assert entry["Exec"].endswith("-m nosedive") and "Education" in entry["Categories"].split(";")
    assert icon.read_bytes().lstrip().startswith(b"<")
    stamps = (entry_path.stat().st_mtime_ns, icon.stat().st_mtime_ns)
    second = install(tmp_path)
    assert second.returncode == 0 and second.stdout.startswith("already installed"), second.stderr
    assert (entry_path.stat().st_mtime_ns, icon.stat().st_mtime_ns) == stamps
