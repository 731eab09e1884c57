"""Screenshots with no display and no environment variable: the app picks Qt's offscreen platform itself."""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QImage

from nosedive.cli.app import choose_headless_platform
from nosedive.core import paths
from nosedive.core.identity import Identity
from nosedive.ledger.store import Ledger
from nosedive.room.resolve import current_room_id

MEMORY_LIMIT = 3 * 1024**3  # address space: an endless "picture" read into memory would hit it


def clean_environment(home: Path) -> dict[str, str]:
    """What a cron job or a service has: no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM."""
    home.mkdir(parents=True, exist_ok=True)
    return {"PATH": "/usr/bin:/bin", "HOME": str(home)}


def nosedive(data: Path, *arguments: str, env: dict[str, str], timeout: float,
             memory_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit_memory() -> None:
        if memory_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run([sys.executable, "-m", "nosedive.cli", "--data", str(data), *arguments],
                          capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=limit_memory)


def drawn_image(path: Path, size: tuple[int, int]) -> QImage:
    image = QImage(str(path))
    assert not image.isNull() and (image.width(), image.height()) == size
    colours = {image.pixelColor(x, y).name() for x in range(0, size[0], 16) for y in range(0, size[1], 16)}
    assert "#fdf1ee" in colours and len(colours) > 20  # the pastel window, drawn, not a blank grab
    return image


def test_the_platform_is_chosen_only_for_a_screenshot_without_a_display() -> None:
    shot, window = argparse.Namespace(screenshot="x.png"), argparse.Namespace(screenshot=None)
    for args, environ, expected in [
        (shot, {}, "offscreen"),
        (shot, {"DISPLAY": ":0"}, None),
        (shot, {"WAYLAND_DISPLAY": "wayland-0"}, None),
        (shot, {"QT_QPA_PLATFORM": "xcb"}, "xcb"),
        (window, {}, None),
    ]:
        choose_headless_platform(args, environ)
        assert environ.get("QT_QPA_PLATFORM") == expected


def test_the_demo_screenshot_needs_no_display(tmp_path: Path) -> None:
    target = tmp_path / "demo.png"
    result = nosedive(tmp_path / "data", "demo", "--people", "3", "--seed", "2", "--screenshot", str(target),
                      "--after", "4", env=clean_environment(tmp_path / "home"), timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "could not connect to display" not in result.stderr
    drawn_image(target, (1280, 800))


def test_the_app_screenshots_a_room_with_a_hostile_name_in_bounded_memory(tmp_path: Path) -> None:
    data, env = tmp_path / "alice", clean_environment(tmp_path / "home")
    for step in (("room", "create", "Studio"), ("profile", "Alice")):
        made = nosedive(data, *step, env=env, timeout=30)
        assert made.returncode == 0, made.stderr
    room = current_room_id(data)
    assert room is not None
    with Ledger(paths.ledger_path(data)) as ledger:  # a member who never connects: their messages came in
        mallory = Identity.generate()
        ledger.append(mallory, room, "profile", {"name": "<img src=/dev/zero>"})
        ledger.append(mallory, room, "rate", {"subject": ledger.room(room).creator, "stars": 2})  # type: ignore[union-attr]
    target = tmp_path / "app.png"
    started = time.monotonic()
    result = nosedive(data, "app", "--screenshot", str(target), "--after", "3", "--size", "1024x640",
                      env=env, timeout=60, memory_limit=MEMORY_LIMIT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and f"saved {target}" in result.stdout
    assert time.monotonic() - started < 60
    drawn_image(target, (1024, 640))
    logs = list((tmp_path / "home").rglob("app.log"))  # the app keeps a rotating log in the user's log dir
    assert logs and "the app logs to" in logs[0].read_text(encoding="utf-8")


def test_the_wall_screenshot_needs_no_display(tmp_path: Path) -> None:
    """`nosedive wall --screenshot` in what a cron job has (PATH and HOME only): the platform is chosen as
    for the app, and the wall is painted at the size asked for, not grabbed blank."""
    target = tmp_path / "wall.png"
    result = nosedive(tmp_path / "data", "wall", "--screenshot", str(target), "--after", "2", "--size", "1920x1080",
                      env=clean_environment(tmp_path / "home"), timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "could not connect to display" not in result.stderr
    assert f"saved {target}" in result.stdout
    image = QImage(str(target))
    assert not image.isNull() and (image.width(), image.height()) == (1920, 1080)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1920, 8) for y in range(0, 1080, 8)}
    assert len(colours) > 20  # the wall's header and its waiting line, painted


def test_the_wall_follows_the_system_language(tmp_path: Path) -> None:
    """Under LANG=zh_CN.UTF-8 the wall's own words (the boards' headers, 'Waiting for the room…') are painted
    from the Qt catalogue, not left in English: the same wall in C and in zh_CN differ exactly there."""
    shots = {}
    for lang in ("C.UTF-8", "zh_CN.UTF-8"):
        target = tmp_path / f"wall-{lang}.png"
        env = clean_environment(tmp_path / "home") | {"LANG": lang}
        result = nosedive(tmp_path / lang, "wall", "--screenshot", str(target), "--after", "1", "--size", "960x540",
                          env=env, timeout=60)
        assert result.returncode == 0, result.stderr[-2000:]
        shots[lang] = QImage(str(target))
    english, chinese = shots["C.UTF-8"], shots["zh_CN.UTF-8"]
    assert english.copy(0, 0, 480, 70) == chinese.copy(0, 0, 480, 70)  # "nosedive" is the same in every language
    assert english.copy(0, 80, 300, 40) != chinese.copy(0, 80, 300, 40)  # SHAME WALL / 曝光墙
    assert english.copy(200, 210, 560, 60) != chinese.copy(200, 210, 560, 60)  # Waiting for the room… / 等待房间…
