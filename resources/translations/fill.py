"""Refresh the app's Qt catalogue: ``python resources/translations/fill.py`` (from the repository root).

Runs ``pyside6-lupdate`` over ui/ (new strings appear as unfinished, translations kept), then
``pyside6-lrelease`` to the ``.qm`` the app loads. Both ``.ts`` and ``.qm`` are committed, so an
install needs neither tool; ``tests/ui/test_chinese.py`` fails when a string is unfinished or the
``.qm`` is stale.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent


def main(language: str = "zh_CN") -> None:
    ts = HERE / f"nosedive_{language}.ts"
    sources = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources, "-ts", str(ts)],
                   cwd=ROOT, check=True)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(HERE / f"nosedive_{language}.qm")],
                   cwd=ROOT, check=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
