"""The groups benchmark still runs (tiny sizes; no timings are asserted)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_groups.py"


def test_the_groups_benchmark_runs_and_prints_its_ratio() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--people", "40", "--groups", "10", "--ratings", "300",
                             "--records", "60"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "x the read" in result.stdout and "(v2: True)" in result.stdout and "groups 10;" in result.stdout
