"""A year of check-ins for the generated province: two events (in, out) per employee and working day, about
10 million for 20,000 employees, written with COPY (PostgreSQL) or executemany (SQLite).

Per working day, drawn with one ``random.Random(seed)``: 90 % on time (in 07:00–07:29, out 16:00–16:44 Monday–
Thursday, 16:30–17:14 Friday), 5 % late (07:31–09:30), 2 % leave early, 1.5 % no check-out, 1.5 % absent.
Working days and hours come from the government's calendar (holidays and cuti bersama of the year left out).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from terpadu.attendance.models import AttendanceEvent
from terpadu.calendar.interfaces import CalendarDay, calendar_days
from terpadu.directory.models import Employee

from .bulk import copy_rows, is_postgresql

COLUMNS = (
    "government_id",
    "agency_id",
    "employee_id",
    "kind",
    "occurred_at",
    "local_date",
    "source",
    "flexible",
    "user_agent",
    "client_ref",
    "machine_device",
    "created_at",
)


@dataclass(frozen=True)
class GeneratedYear:
    employees: int
    working_days: int
    events: int
    seconds: float


def _moment(day: date, clock: time, minutes: int, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz) + timedelta(minutes=minutes)


def _day_events(rng: random.Random, day: date, start: time, end: time, tz: ZoneInfo) -> list[tuple[str, datetime]]:
    roll = rng.random()
    if roll < 0.015:
        return []  # absent
    arrive = rng.randint(31, 120) if 0.015 <= roll < 0.065 else -rng.randint(1, 30)
    check_in = ("in", _moment(day, start, arrive, tz))
    if roll < 0.08:
        return [check_in]  # forgot to check out
    leave = -rng.randint(1, 120) if roll < 0.10 else rng.randint(0, 44)
    return [check_in, ("out", _moment(day, end, leave, tz))]


def event_rows(
    *, government_id: int, employees: Sequence[tuple[int, int | None]], first: date, last: date, seed: int
) -> Iterator[tuple[Any, ...]]:
    """The rows to write. The calendar is read here, before the first row: no query may run during a COPY."""
    days = [day for day in calendar_days(government_id=government_id, start=first, end=last) if day.is_working]
    return _rows(government_id, employees, days, random.Random(seed))


def _rows(
    government_id: int, employees: Sequence[tuple[int, int | None]], days: Sequence[CalendarDay], rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    created = timezone.now()
    for employee_id, agency_id in employees:
        for day in days:
            assert day.start is not None and day.end is not None
            for kind, moment in _day_events(rng, day.date, day.start, day.end, day.tz):
                yield (government_id, agency_id, employee_id, kind, moment, day.date, "gps", "", "", "", "", created)


def generate_year(*, government_id: int, first: date, last: date, employees: int | None, seed: int) -> GeneratedYear:
    """Write the events of ``employees`` (all when None) from ``first`` to ``last``."""
    started = perf_counter()
    people = Employee.objects.filter(government_id=government_id, is_active=True).order_by("pk")
    pairs = list(
        people.values_list("pk", "agency_id")[:employees] if employees else people.values_list("pk", "agency_id")
    )
    rows = event_rows(government_id=government_id, employees=pairs, first=first, last=last, seed=seed)
    table = AttendanceEvent._meta.db_table
    count = 0
    if is_postgresql():

        def counted() -> Iterator[tuple[Any, ...]]:
            nonlocal count
            for row in rows:
                count += 1
                yield row

        copy_rows(table, COLUMNS, counted())
    else:
        sql = f'INSERT INTO "{table}" ({", ".join(COLUMNS)}) VALUES ({", ".join(["%s"] * len(COLUMNS))})'
        with connection.cursor() as cursor:
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            count += len(batch)
    working = sum(1 for day in calendar_days(government_id=government_id, start=first, end=last) if day.is_working)
    return GeneratedYear(len(pairs), working, count, perf_counter() - started)
