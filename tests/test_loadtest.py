"""The load test's short run (issue 8 item 7): `loadtest/run.py` for 30 s against a real `aikg serve`.

It is the suite's one slow test (about a minute). Only errors are asserted, never timings: every answer
must be a 200, apart from the heavy query's expected 400 (row limit) or 503 (time limit), and the server
must survive the run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
DURATION = "30s"

pytestmark = pytest.mark.slow


def test_load_test_short_run_has_no_unexpected_error(project_copy: Path) -> None:
    env = {**os.environ, "AIKG_HOME": str(project_copy), "LOADTEST_DURATION": DURATION}
    run = subprocess.run([sys.executable, str(PROJECT / "loadtest" / "run.py")], env=env, cwd=project_copy,
                         capture_output=True, text=True, timeout=900, check=False)
    output = run.stdout + run.stderr
    assert "unexpected errors: 0" in output, output[-6000:]
    assert run.returncode == 0, output[-6000:]
    assert "/queries/NAME" in output and "/analysis/coverage" in output and "/sparql (heavy)" in output
    assert "peak" in output
