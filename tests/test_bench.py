"""`make bench`'s script runs at its default (smallest) size; no figure is checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"


@pytest.mark.slow
def test_bench_default_size_runs(tmp_path: Path) -> None:
    """Seed size (the default), two servers, one run per query: exits 0 and writes its figures and plot."""
    done = subprocess.run([sys.executable, str(BENCH), "--servers", "aikg,oxigraph", "--runs", "1", "--seconds",
                           "0.2", "--clients", "1,8", "--out", str(tmp_path)], capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert {p.name for p in tmp_path.iterdir()} >= {"bench.txt", "bench.json", "bench.png"}
