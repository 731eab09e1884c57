"""The records benchmark still runs (tiny sizes; no timings are asserted)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_records.py"


def test_the_records_benchmark_runs_and_names_its_instant() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--people", "40", "--ratings", "300", "--records", "60"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "x the read" in result.stdout and "(v2: True)" in result.stdout
