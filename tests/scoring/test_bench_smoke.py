"""The scoring benchmark still runs (tiny sizes; no timings are asserted)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scoring.py"


def test_the_benchmark_runs_and_its_incremental_table_matches_a_full_recompute() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--people", "30", "--ratings", "300", "--friendships", "20", "--updates", "3"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "full recompute" in result.stdout and "incremental: one new rating" in result.stdout
    assert "incremental table hash equals a fresh full recompute: True" in result.stdout
