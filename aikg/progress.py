"""Progress lines on stderr for long steps, so a user sees what the pipeline is doing and how long it took."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Progress:
    """Counts within a step, printed at most every `every` seconds (and never when quiet)."""

    def __init__(self, label: str, quiet: bool, every: float = 2.0) -> None:
        self.label, self.quiet, self.every = label, quiet, every
        self.start = self._last = time.perf_counter()

    def update(self, done: int, total: int | None = None) -> None:
        now = time.perf_counter()
        if self.quiet or now - self._last < self.every:
            return
        self._last = now
        of = f"/{total}" if total else ""
        print(f"  … {done}{of} ({now - self.start:.0f}s)", file=sys.stderr, flush=True)


@contextmanager
def step(label: str, quiet: bool = False) -> Iterator[Progress]:
    """Print `label …` before a step and its duration after it; the step may report counts as it goes."""
    progress = Progress(label, quiet)
    if not quiet:
        print(f"• {label} …", file=sys.stderr, flush=True)
    yield progress
    if not quiet:
        print(f"  done in {time.perf_counter() - progress.start:.1f}s", file=sys.stderr, flush=True)


def bar(items: Iterable[T], total: int, label: str = "", quiet: bool = False) -> Iterator[T]:
    """Yield ITEMS while tqdm draws a progress bar on stderr."""
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=label, disable=quiet, file=sys.stderr, unit="plan")
