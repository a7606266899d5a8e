"""Reporting deadlines as iCalendar, so that an officer's calendar shows when each report is due.

The obligations come from the named query `reporting-calendar`; those with a fixed day and month become
all-day events in the requested year. Urgent and on-request reports have no date and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rdflib import Graph, URIRef

from aikg.config import Settings
from aikg.errors import AikgError
from aikg.namespaces import AIKG
from aikg.query import find_query, rows, run

_FREQUENCY_VI = {"semiannual": "Báo cáo định kỳ 6 tháng", "annual": "Báo cáo năm", "ad-hoc": "Báo cáo đột xuất",
                 "urgent": "Báo cáo khi phát sinh vấn đề cấp bách"}


@dataclass(frozen=True)
class Deadline:
    """One reporting obligation of a plan, with its due day and month when the plan gives them."""

    obligation: URIRef
    plan: URIRef
    plan_name: str
    frequency: str
    day: int | None
    month: int | None
    due_text: str
    reporters: str
    reports_to: str
    content: str

    @property
    def dated(self) -> bool:
        return self.day is not None and self.month is not None

    @property
    def summary(self) -> str:
        what = _FREQUENCY_VI.get(self.frequency, "Báo cáo")
        route = " → ".join(p for p in (self.reporters, self.reports_to) if p)
        return f"{self.plan_name}: {what}" + (f" ({route})" if route else "")


def _int(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def _sorted_list(value: object) -> str:
    """A "; "-joined GROUP_CONCAT in a fixed order (SPARQL leaves the order open; the file must not change)."""
    return "; ".join(sorted(str(value).split("; "))) if value else ""


def _plan_name(graph: Graph, plan: URIRef) -> str:
    number = graph.value(plan, AIKG.number)
    place = graph.value(plan, AIKG.territory)
    city = ""
    if place is not None:
        labels = [str(v) for v in graph.objects(place, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
                  if getattr(v, "language", None) == "vi"]
        city = labels[0].removeprefix("Thành phố ").strip() if labels else ""
    return " ".join(p for p in (city, str(number) if number is not None else "dự thảo") if p)


def deadlines(graph: Graph, settings: Settings) -> list[Deadline]:
    """Every reporting obligation in the graph, in plan and date order."""
    found = []
    for row in rows(run(graph, find_query("reporting-calendar", settings))):
        plan = row["plan"]
        found.append(Deadline(
            obligation=row["obligation"], plan=plan, plan_name=_plan_name(graph, plan),
            frequency=str(row["frequency"] or ""), day=_int(row["dueDay"]), month=_int(row["dueMonth"]),
            due_text=str(row["dueText"] or ""), reporters=_sorted_list(row["reporters"]),
            reports_to=_sorted_list(row["reportsTo"]), content=str(row["content"] or ""),
        ))
    return found


def to_calendar(items: list[Deadline], year: int):  # -> icalendar.Calendar
    """An iCalendar object with one all-day event per dated obligation in `year`.

    DTSTAMP is fixed at the start of the year rather than the moment of writing, so that the same
    graph gives the same file (and calendar clients see an unchanged event as unchanged).
    """
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//aikg//reporting deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"aikg: hạn báo cáo triển khai Luật Trí tuệ nhân tạo {year}")
    stamp = datetime(year, 1, 1, tzinfo=UTC)
    for item in items:
        if not item.dated:
            continue
        try:
            day = date(year, item.month, item.day)  # type: ignore[arg-type]
        except ValueError as error:
            raise AikgError(f"{item.obligation}: no such date {item.day}/{item.month}/{year} ({error})") from None
        event = Event()
        event.add("uid", f"{year}/{item.obligation}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", item.summary)
        details = [item.content, f"Hạn: {item.due_text}" if item.due_text else "", f"Kế hoạch: {item.plan}",
                   f"Nguồn: {item.obligation}"]
        event.add("description", "\n".join(d for d in details if d))
        event.add("url", str(item.obligation))
        event.add("categories", [item.plan_name])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar


def write_ics(items: list[Deadline], year: int, out: Path) -> Path:
    """Write the year's dated deadlines to `out` (.ics)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(to_calendar(items, year).to_ical())
    return out
