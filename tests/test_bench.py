"""The benchmarks still run (their figures are read by people, never asserted here)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import postgres_url

pytestmark = pytest.mark.once_per_run

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.mark.parametrize(
    "script, args, last_line",
    [
        ("live_latency.py", ["5"], "ratio of medians"),
        (
            "stream_latency.py",
            ["--sessions", "4", "--rate", "4", "--seconds", "2"],
            "ratio of medians",
        ),
        ("open_streams.py", ["60"], "ratio of p99s"),
        ("first_step_bytes.py", [], "30 guides"),
        ("upload_pipeline.py", ["1"], "ratio of medians"),
        ("webhook_delivery.py", ["4"], "ratio of medians"),
        ("help_sheet.py", ["1"], "1 guides"),
        ("analytics_funnel.py", ["3000"], "ratio"),
        ("observability.py", ["5"], "ratio of medians"),
        ("slow_clients.py", ["20", "40"], "ratio of p99s"),
        ("sign_in_timing.py", ["2"], "ratio of medians"),
        # PostgreSQL, a real server: a short sweep, then a small log for the at-scale part.
        ("step_throughput.py", ["--seconds=0.5", "--levels=1,2", "--events=3000"], "ratio:"),
    ],
)
def test_a_benchmark_runs_to_its_summary(script, args, last_line):
    if script == "step_throughput.py":
        args = [*args, "--postgres", postgres_url()]  # the production database, or skip
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=BENCH.parent,
        # This checkout's code, as pytest's pythonpath gives the tests (not an installed copy).
        env={**os.environ, "PYTHONPATH": str(BENCH.parent)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1].startswith(last_line)
