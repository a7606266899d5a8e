"""Errors the CLI turns into clear messages and exit codes (2 = bad input)."""

from __future__ import annotations

from pathlib import Path


class AikgError(Exception):
    """Base class for errors reported to the user without a traceback."""

    exit_code = 1


class InputError(AikgError):
    """An input file cannot be read: names the file and, where known, the line."""

    exit_code = 2

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


class EnvironmentProblem(AikgError):
    """Something the machine lacks (e.g. Java for HermiT)."""

    exit_code = 3
