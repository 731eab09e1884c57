"""The engine keeps the shape docs/architecture.md describes: small modules, small classes, one face each."""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).parents[2]
ENGINE = REPO / "nosedive"
PACKAGES = ("core", "ledger", "scoring", "room", "net", "debrief", "node", "sim", "cli")
MAX_MODULE_LINES = 300
MAX_CLASS_LINES = 200
MAX_PART_METHODS = 15  # the node's single-purpose parts
# Node itself is the public face the CLI, the app and tests drive: its methods are the commands
# (rate, befriend, admit, …) plus open/start/stop, each a line or two delegating to a part.
MAX_NODE_METHODS = 24


def engine_modules() -> list[Path]:
    return sorted(ENGINE.rglob("*.py"))


def classes(path: Path) -> list[ast.ClassDef]:
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.ClassDef)]


def test_the_engine_is_the_packages_of_the_architecture() -> None:
    top = {p.name for p in ENGINE.iterdir() if not p.name.startswith("__pycache__")}
    assert top == {"__init__.py", "__main__.py", *PACKAGES}, "a new top-level module belongs in a package"
    for package in PACKAGES:
        face = ENGINE / package / "__init__.py"
        assert face.is_file() and ast.get_docstring(ast.parse(face.read_text(encoding="utf-8"))), package


def test_no_engine_module_is_over_300_lines() -> None:
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in engine_modules()}
    assert {name: lines for name, lines in sizes.items() if lines > MAX_MODULE_LINES} == {}


def test_no_engine_class_is_over_200_lines() -> None:
    big = {f"{p.relative_to(REPO)}:{c.name}": (c.end_lineno or c.lineno) - c.lineno + 1
           for p in engine_modules() for c in classes(p)}
    assert {name: lines for name, lines in big.items() if lines > MAX_CLASS_LINES} == {}


def test_the_node_package_has_no_god_class() -> None:
    counts = {f"{p.name}:{c.name}": sum(isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) for n in c.body)
              for p in (ENGINE / "node").glob("*.py") for c in classes(p)}
    limit = {"node.py:Node": MAX_NODE_METHODS}
    assert counts and {name: n for name, n in counts.items() if n > limit.get(name, MAX_PART_METHODS)} == {}


def test_every_package_has_tests_of_its_own() -> None:
    for package in PACKAGES:
        assert list((REPO / "tests" / package).glob("test_*.py")), f"tests/{package}/ has no tests"
