"""What each employee is expected to work on each day: the government's calendar, or their shift.

An employee's own :class:`ShiftAssignment` beats their unit's; while one covers a date, its weekdays
are shift days and the others are days off ("libur sif"); the calendar's holidays do not apply to shift
work (hospitals, puskesmas and fire brigades work through them). Everyone else follows the calendar
(:mod:`terpadu.calendar.interfaces`, the only place that answers "is D a working day").

Each day also carries the window its events are looked for in: the local calendar day for office
hours, and from 4 hours before the start to 8 hours after the end for a shift, so that a night shift
(21:00–07:00) gets its next-morning check-out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from terpadu.calendar.interfaces import CalendarDay, calendar_days
from terpadu.directory.models import Employee

from .models import ShiftAssignment

SHIFT_EARLY = timedelta(hours=4)
SHIFT_LATE = timedelta(hours=8)
OFF = "off"


@dataclass(frozen=True)
class ExpectedDay:
    date: date
    kind: str  # calendar DayKind value, or "off" (a shift worker's day off)
    name: str  # holiday or weekday name, or the shift's
    start: datetime | None  # aware, in the government's zone; None when not a working day
    end: datetime | None
    break_minutes: int
    expected_minutes: int
    label: str  # the schedule it comes from: the calendar pattern, or "Sif Malam (21:00–07:00)"
    window_start: datetime
    window_end: datetime
    is_shift: bool = False

    @property
    def is_working(self) -> bool:
        return self.start is not None


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def from_calendar(day: CalendarDay) -> ExpectedDay:
    tz = day.tz
    start = datetime.combine(day.date, day.start, tzinfo=tz) if day.start else None
    end = datetime.combine(day.date, day.end, tzinfo=tz) if day.end else None
    return ExpectedDay(
        date=day.date,
        kind=day.kind.value,
        name=day.name,
        start=start,
        end=end,
        break_minutes=day.break_minutes,
        expected_minutes=day.expected_minutes,
        label=day.pattern,
        window_start=_midnight(day.date, tz),
        window_end=_midnight(day.date + timedelta(days=1), tz),
    )


def from_shift(day: date, assignment: ShiftAssignment, tz: ZoneInfo) -> ExpectedDay:
    shift = assignment.shift
    label = f"Sif {shift.name} ({shift.start:%H:%M}–{shift.end:%H:%M})"
    if day.weekday() not in assignment.weekdays:
        return ExpectedDay(
            day, OFF, "Libur sif", None, None, 0, 0, label, _midnight(day, tz), _midnight(day + timedelta(1), tz)
        )
    start = datetime.combine(day, shift.start, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1 if shift.crosses_midnight else 0), shift.end, tzinfo=tz)
    span = int((end - start).total_seconds() // 60)
    return ExpectedDay(
        date=day,
        kind="working",
        name=shift.name,
        start=start,
        end=end,
        break_minutes=shift.break_minutes,
        expected_minutes=max(span - shift.break_minutes, 0),
        label=label,
        window_start=start - SHIFT_EARLY,
        window_end=end + SHIFT_LATE,
        is_shift=True,
    )


class _Assignments:
    """The shift assignments that touch a range, for a set of employees and their units (2 queries)."""

    def __init__(self, employees: Sequence[tuple[int, int | None]], start: date, end: date) -> None:
        employee_ids = [pk for pk, _ in employees]
        unit_ids = {unit for _, unit in employees if unit is not None}
        rows = ShiftAssignment.objects.select_related("shift").filter(start_date__lte=end, end_date__gte=start)
        self.by_employee: dict[int, list[ShiftAssignment]] = defaultdict(list)
        self.by_unit: dict[int, list[ShiftAssignment]] = defaultdict(list)
        if employee_ids:
            for row in rows.filter(employee_id__in=employee_ids):
                self.by_employee[row.employee_id].append(row)  # type: ignore[index]
        if unit_ids:
            for row in rows.filter(org_unit_id__in=unit_ids):
                self.by_unit[row.org_unit_id].append(row)  # type: ignore[index]

    def for_day(self, employee_id: int, unit_id: int | None, day: date) -> ShiftAssignment | None:
        for rows in (self.by_employee.get(employee_id, ()), self.by_unit.get(unit_id or 0, ())):
            found = [row for row in rows if row.start_date <= day <= row.end_date]
            if found:
                return max(found, key=lambda row: (row.start_date, row.pk))
        return None

    def touches(self, employee_id: int, unit_id: int | None) -> bool:
        return bool(self.by_employee.get(employee_id) or self.by_unit.get(unit_id or 0))


def expected_days(
    *, government_id: int, employees: Iterable[tuple[int, int | None]], start: date, end: date
) -> dict[int, list[ExpectedDay]]:
    """``employees``: (employee id, org unit id) pairs → each one's days from ``start`` to ``end``."""
    pairs = list(employees)
    calendar = calendar_days(government_id=government_id, start=start, end=end)
    office = [from_calendar(day) for day in calendar]
    if not pairs:
        return {}
    tz = calendar[0].tz
    assignments = _Assignments(pairs, start, end)
    result: dict[int, list[ExpectedDay]] = {}
    for employee_id, unit_id in pairs:
        if not assignments.touches(employee_id, unit_id):
            result[employee_id] = office
            continue
        days = []
        for day in office:
            assignment = assignments.for_day(employee_id, unit_id, day.date)
            days.append(day if assignment is None else from_shift(day.date, assignment, tz))
        result[employee_id] = days
    return result


def employee_expected_days(*, employee: Employee, start: date, end: date) -> list[ExpectedDay]:
    found = expected_days(
        government_id=employee.government_id, employees=[(employee.pk, employee.org_unit_id)], start=start, end=end
    )
    return found[employee.pk]
