"""The only place the rest of Terpadu asks "is D a working day, and which hours are expected".

Other modules call these functions and get frozen dataclasses back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from terpadu.directory.models import Employee, Government

from . import rules
from .holiday_source import holidays_between
from .models import CalendarOverride, WorkPattern
from .rules import DayHours, DayKind, Holiday, Week

MAX_RANGE_DAYS = 366 * 2


@dataclass(frozen=True)
class CalendarDay:
    date: date
    kind: DayKind
    name: str
    expected_minutes: int
    start: time | None
    end: time | None
    break_minutes: int
    pattern: str
    timezone: str

    @property
    def is_working(self) -> bool:
        return self.kind is DayKind.WORKING

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def week_from_json(hours: dict[str, dict[str, object]]) -> Week:
    return {
        int(weekday): DayHours(time.fromisoformat(str(h["start"])), time.fromisoformat(str(h["end"])), int(h["break"]))  # type: ignore[call-overload]
        for weekday, h in hours.items()
    }


def week_to_json(week: Week) -> dict[str, dict[str, object]]:
    return {
        str(day): {"start": h.start.strftime("%H:%M"), "end": h.end.strftime("%H:%M"), "break": h.break_minutes}
        for day, h in sorted(week.items())
    }


class _Patterns:
    """The patterns that apply within a range, resolved per date without further queries."""

    def __init__(self, government_id: int, start: date, end: date) -> None:
        patterns = list(WorkPattern.objects.filter(government_id=government_id).order_by("start_date", "pk"))
        self.regular = [p for p in patterns if p.kind == WorkPattern.Kind.REGULAR]
        self.special = [p for p in patterns if p.kind == WorkPattern.Kind.SPECIAL and p.start_date <= end]
        self._weeks: dict[int, Week] = {p.pk: week_from_json(p.hours) for p in patterns}

    def for_day(self, day: date) -> tuple[str, Week]:
        for pattern in reversed(self.special):
            if pattern.start_date <= day <= (pattern.end_date or day):
                return pattern.name, self._weeks[pattern.pk]
        current = None
        for pattern in self.regular:
            if pattern.start_date <= day:
                current = pattern
        if current is None:
            return "Bawaan Perpres 21/2023", rules.DEFAULT_FIVE_DAY_WEEK
        return current.name, self._weeks[current.pk]


def _listed_days(government_id: int, start: date, end: date) -> dict[date, Holiday]:
    listed = holidays_between(start, end)
    overrides = CalendarOverride.objects.filter(government_id=government_id, date__range=(start, end))
    for override in overrides:
        listed[override.date] = Holiday(DayKind(override.kind), override.name)
    return listed


def calendar_days(*, government_id: int, start: date, end: date) -> list[CalendarDay]:
    """Every date from ``start`` to ``end`` inclusive, classified for the government (3 queries)."""
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        raise ValueError("range must be ordered and at most two years long")
    timezone = Government.objects.values_list("timezone", flat=True).get(pk=government_id)
    patterns = _Patterns(government_id, start, end)
    listed = _listed_days(government_id, start, end)
    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        pattern_name, week = patterns.for_day(day)
        kind, name, hours = rules.classify(day, week, listed)
        days.append(
            CalendarDay(
                date=day,
                kind=kind,
                name=name,
                expected_minutes=hours.expected_minutes if hours else 0,
                start=hours.start if hours else None,
                end=hours.end if hours else None,
                break_minutes=hours.break_minutes if hours else 0,
                pattern=pattern_name,
                timezone=timezone,
            )
        )
    return days


def calendar_day(*, government_id: int, day: date) -> CalendarDay:
    return calendar_days(government_id=government_id, start=day, end=day)[0]


def employee_day(*, employee_id: int, day: date) -> CalendarDay:
    """The day as it applies to one employee. Today the government's calendar; shift schedules of
    E-Absen will answer here too, so callers already ask per employee."""
    government_id = Employee.objects.values_list("government_id", flat=True).get(pk=employee_id)
    return calendar_day(government_id=government_id, day=day)
