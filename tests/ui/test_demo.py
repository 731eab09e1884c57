"""`nosedive demo` end to end, as a person would run it: a real process, a real window, a PNG."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_demo_screenshot(tmp_path: Path) -> None:
    target = tmp_path / "demo.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "nosedive.cli", "--data", str(tmp_path / "data"), "demo", "--people", "6", "--seed", "1",
         "--tempo", "0.3",
         "--screenshot", str(target), "--after", "6", "--size", "1280x800"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "Task was destroyed" not in result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)
    # the pastel background and the pink accent are both on screen: a drawn window, not a blank one
    colours = {image.pixelColor(x, y).name() for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert "#fdf1ee" in colours and len(colours) > 40
    # the demo's room is kept under the data folder, to be debriefed afterwards
    kept = tmp_path / "data" / "demo"
    assert (kept / "you" / "ledger.sqlite3").is_file() and (kept / "people" / "sim-0" / "ledger.sqlite3").is_file()
    assert f"The demo room is kept in {kept}" in result.stdout


def test_demo_refuses_bad_arguments() -> None:
    result = subprocess.run([sys.executable, "-m", "nosedive.cli", "demo", "--people", "99"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "--people must be from 2 to 16" in result.stderr
