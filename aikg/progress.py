"""Progress lines on stderr for long steps, so a user sees what the pipeline is doing and how long it took."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def step(label: str, quiet: bool = False) -> Iterator[None]:
    """Print `label …` before a step and its duration after it."""
    start = time.perf_counter()
    if not quiet:
        print(f"• {label} …", file=sys.stderr, flush=True)
    yield
    if not quiet:
        print(f"  done in {time.perf_counter() - start:.1f}s", file=sys.stderr, flush=True)


def bar(items: Iterable[T], total: int, label: str = "", width: int = 30, quiet: bool = False) -> Iterator[T]:
    """Yield ITEMS while drawing `label [#####     ] 3/10 name` on stderr (one line, redrawn)."""
    for done, item in enumerate(items):
        if not quiet:
            filled = int(width * done / max(total, 1))
            name = getattr(item, "name", str(item))[:40]
            print(f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done}/{total} {name:<40}", end="",
                  file=sys.stderr, flush=True)
        yield item
    if not quiet:
        print(f"\r{label} [{'#' * width}] {total}/{total} {'':<40}", file=sys.stderr, flush=True)
