"""Both a built wheel and the editable install find every file of ui/ and resources/."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from nosedive.core import assets

REPO = Path(__file__).parents[2]


def shipped_files(folder: str, package: str) -> set[str]:
    """Every file git would ship from *folder*, as its path inside the installed package."""
    base = REPO / folder
    return {
        f"{package}/{path.relative_to(base).as_posix()}"
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = out.glob("nosedive-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.slow
def test_wheel_holds_every_engine_ui_and_resource_file(wheel_names: set[str]) -> None:
    expected = (shipped_files("ui", "nosedive/ui") | shipped_files("resources", "nosedive/resources")
                | shipped_files("nosedive", "nosedive"))
    assert expected, "nothing to check"
    assert expected - wheel_names == set()
    assert "nosedive/ledger/store.py" in wheel_names


def test_installed_package_reaches_every_resource() -> None:
    root = resources.files("nosedive.resources")
    for name in shipped_files("resources", "nosedive/resources"):
        relative = name.removeprefix("nosedive/resources/")
        assert root.joinpath(*relative.split("/")).is_file(), relative
    assert "nosedive.json" in assets.listing("presets")


@pytest.mark.parametrize("bad", ["../pyproject.toml", "presets/../../x", "", "/", "a\\b"])
def test_resource_paths_cannot_leave_the_package(bad: str) -> None:
    with pytest.raises(ValueError):
        assets.resource(bad)
