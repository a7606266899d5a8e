"""Progress lines on stderr for long steps, so a user sees what the pipeline is doing and how long it took."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def step(label: str, quiet: bool = False) -> Iterator[None]:
    """Print `label …` before a step and its duration after it."""
    start = time.perf_counter()
    if not quiet:
        print(f"• {label} …", file=sys.stderr, flush=True)
    yield
    if not quiet:
        print(f"  done in {time.perf_counter() - start:.1f}s", file=sys.stderr, flush=True)
