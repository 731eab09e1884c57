"""The HTML report in a real browser: headless Chromium renders it, runs no peer script, and screenshots it."""
from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from nosedive.core import paths
from nosedive.debrief import collect, export
from nosedive.ledger.store import Ledger
from tests.debrief.classroom import classroom

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (.ci/run installs Debian's package)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1920,1080", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    session = classroom(base / "data")
    with Ledger(paths.ledger_path(base / "data")) as ledger:
        data = collect(ledger, session.room)
    return export(data, base / "out").report


def test_the_report_renders_to_a_full_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    result = chromium(tmp_path, f"--screenshot={shot}", report.as_uri())
    if not shot.exists():
        pytest.skip(f"chromium could not run here: {result.stderr.strip().splitlines()[-1:]}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1920, 1080)
    assert len(data) > 50_000  # a page of text and charts, not a blank one


def test_no_peer_text_becomes_a_script_in_the_browser(report: Path, tmp_path: Path) -> None:
    result = chromium(tmp_path, "--dump-dom", report.as_uri())
    if "<html" not in result.stdout:
        pytest.skip("chromium could not run here")
    dom = result.stdout
    assert "<script" not in dom  # the DOM after the page ran: nothing a name or note typed became markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "Class 5B" in dom and "Leaderboard" in dom
