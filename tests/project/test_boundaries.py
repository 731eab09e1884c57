"""The engine never imports Qt, and the checks that say so really fail when it does."""
from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).parents[2]
FORBIDDEN = ("PySide6", "shiboken6", "qasync", "nosedive.ui")


def forbidden_imports(source: str) -> list[str]:
    """Static imports of Qt or the UI in *source*."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found += [name for name in names if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    return found


def test_no_engine_module_imports_qt_or_the_ui() -> None:
    offenders = {
        str(path.relative_to(REPO)): hits
        for path in (REPO / "nosedive").rglob("*.py")
        if (hits := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_scanner_catches_violations() -> None:
    assert forbidden_imports("import PySide6.QtCore") == ["PySide6.QtCore"]
    assert forbidden_imports("from nosedive.ui import app") == ["nosedive.ui", "nosedive.ui.app"]
    assert forbidden_imports("from nosedive import ui") == ["nosedive.ui"]
    assert forbidden_imports("import json") == []


def test_import_linter_contract_is_kept() -> None:
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_layers_contract_breaks_when_a_lower_layer_imports_a_higher_one(tmp_path: Path) -> None:
    """A copy of the real engine and the real contracts, with one upward import: core → node."""
    import shutil

    shutil.copytree(REPO / "nosedive", tmp_path / "nosedive", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    keys = tmp_path / "nosedive" / "core" / "keys.py"
    keys.write_text(keys.read_text(encoding="utf-8") + "\nfrom nosedive.node import Node  # upward\n")
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=tmp_path,
                            capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    assert result.returncode != 0, result.stdout
    assert "The engine's layers" in result.stdout and "BROKEN" in result.stdout
    assert "nosedive.core.keys -> nosedive.node" in result.stdout
    assert "1 kept, 1 broken" in result.stdout


def test_import_linter_breaks_on_a_qt_import(tmp_path: Path) -> None:
    package = tmp_path / "fakeengine"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "window.py").write_text("from PySide6 import QtWidgets\n")
    (tmp_path / ".importlinter").write_text(textwrap.dedent("""
        [importlinter]
        root_package = fakeengine
        include_external_packages = True
        [importlinter:contract:noqt]
        name = no Qt
        type = forbidden
        source_modules = fakeengine
        forbidden_modules = PySide6
    """))
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=tmp_path,
                            capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path), "PATH": ""})
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_importing_the_whole_engine_loads_no_qt() -> None:
    code = textwrap.dedent("""
        import importlib, pkgutil, sys, nosedive
        for info in pkgutil.walk_packages(nosedive.__path__, "nosedive."):
            if not info.name.startswith(("nosedive.ui", "nosedive.resources")) and not info.name.endswith(".__main__"):
                importlib.import_module(info.name)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
