"""`aikg calendar`: the reporting deadlines written as iCalendar and read back."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from icalendar import Calendar

AIKG_CLI = str(Path(sys.executable).with_name("aikg"))
HUE = "https://w3id.org/aikg/eli/vn/hue/kh/2026/213-kh-ubnd"


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIKG_HOME": str(home)}
    return subprocess.run([AIKG_CLI, *args], env=env, capture_output=True, text=True, timeout=600)


def events(path: Path) -> list:
    return [c for c in Calendar.from_ical(path.read_bytes()).walk() if c.name == "VEVENT"]


def test_hue_deadlines_read_back(project_copy: Path, tmp_path: Path) -> None:
    """Huế IV.4 (lines 117 and 123): before 15/6 and 15/12 to the DOST, before 15/6 and 25/12 to the
    People's Committee. Hải Phòng fixes no date, and urgent reports (line 119) have none."""
    out = tmp_path / "deadlines.ics"
    result = run_cli(project_copy, "calendar", "--year", "2026", "--out", str(out))
    assert result.returncode == 0, result.stderr
    found = events(out)
    hue = [e for e in found if str(e.get("url")).startswith(HUE)]
    assert len(hue) == len(found) == 4
    assert sorted(e.decoded("dtstart") for e in hue) == [date(2026, 6, 15), date(2026, 6, 15),
                                                         date(2026, 12, 15), date(2026, 12, 25)]
    assert all(str(e.get("summary")).startswith("Huế 213/KH-UBND") for e in hue)
    assert all("Sở Khoa học và Công nghệ" in str(e.get("summary")) for e in hue)
    assert len({str(e.get("uid")) for e in found}) == 4
    assert "no fixed date" in result.stdout


def test_another_year_and_stable_bytes(project_copy: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run_cli(project_copy, "calendar", "-y", "2027", "-o", str(first)).returncode == 0
    assert run_cli(project_copy, "calendar", "-y", "2027", "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert {e.decoded("dtstart") for e in events(first)} == {date(2027, 6, 15), date(2027, 12, 15),
                                                             date(2027, 12, 25)}
