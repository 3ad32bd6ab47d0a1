"""Demo attendance for Kabupaten Contoh: the last 30 days of check-ins of every employee, then the days
computed, so that the board's history, "Rekap saya", the monthly recap and the discipline page have data.

Per employee and expected working day (calendar or shift), drawn from a seed of the employee and the date:
about 85 % on time, 7 % late, 3 % leaving early, 2 % no check-out and 3 % absent. Days already holding an
event (another seeder's, or a real check-in) and days under an approved full-day excuse are left alone.
Positions fall a few metres around the agency's work location. Idempotent: each event carries a
``client_ref`` of the employee and date, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from terpadu.directory.models import Employee

from . import days
from .day_rules import FULL_DAY_EXCUSES
from .models import AttendanceEvent, WorkLocation
from .schedule import ExpectedDay, expected_days

SPAN_DAYS = 30


def _punches(rng: random.Random, expected: ExpectedDay) -> list[tuple[str, datetime]]:
    assert expected.start is not None and expected.end is not None
    roll = rng.random()
    if roll < 0.03:
        return []
    arrive = timedelta(minutes=rng.randint(31, 95) if roll < 0.10 else -rng.randint(2, 28), seconds=rng.randint(0, 59))
    leave = timedelta(minutes=-rng.randint(10, 70) if roll < 0.13 else rng.randint(0, 40), seconds=rng.randint(0, 59))
    check_in = ("in", expected.start + arrive)
    return [check_in] if roll < 0.15 else [check_in, ("out", expected.end + leave)]


def _event(
    employee: Employee,
    kind: str,
    moment: datetime,
    expected: ExpectedDay,
    place: WorkLocation | None,
    rng: random.Random,
) -> AttendanceEvent:
    jitter = Decimal(rng.randint(-300, 300)) / Decimal(1_000_000)
    return AttendanceEvent(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        kind=kind,
        occurred_at=moment,
        local_date=moment.astimezone(expected.window_start.tzinfo).date(),
        source=AttendanceEvent.Source.GPS,
        latitude=place.latitude + jitter if place else None,
        longitude=place.longitude - jitter if place else None,
        accuracy_m=float(rng.randint(5, 30)),
        location=place,
        distance_m=rng.randint(5, 60) if place else None,
        client_ref=f"demo-{employee.pk}-{expected.date:%Y%m%d}-{kind}",
    )


@transaction.atomic
def seed_demo_days(government_id: int) -> str:
    end = days.local_today(government_id) - timedelta(days=1)
    start = end - timedelta(days=SPAN_DAYS - 1)
    people = list(
        Employee.objects.filter(government_id=government_id, is_active=True)
        .exclude(kind=Employee.Kind.ELECTED)
        .order_by("pk")
    )
    schedules = expected_days(
        government_id=government_id, employees=[(e.pk, e.org_unit_id) for e in people], start=start, end=end
    )
    places = {p.agency_id: p for p in WorkLocation.objects.filter(government_id=government_id, is_active=True)}
    taken = set(
        AttendanceEvent.objects.filter(government_id=government_id, local_date__range=(start, end)).values_list(
            "employee_id", "local_date"
        )
    )
    excused = days.approved_excuses([e.pk for e in people], start, end)
    events = []
    for employee in people:
        for expected in schedules[employee.pk]:
            kind = days.excuse_on(excused.get(employee.pk, ()), expected.date)
            if not expected.is_working or (employee.pk, expected.date) in taken or kind in FULL_DAY_EXCUSES:
                continue
            rng = random.Random(f"{employee.pk}-{expected.date}")  # noqa: S311 (demo data, not secrets)
            for punch_kind, moment in _punches(rng, expected):
                if moment < timezone.now():
                    events.append(
                        _event(employee, punch_kind, moment, expected, places.get(employee.agency_id or 0), rng)
                    )
    AttendanceEvent.objects.bulk_create(events, ignore_conflicts=True)
    written = days.days_compute(government_id=government_id, start=start, end=end)
    return f"absensi: {len(events)} catatan presensi 30 hari terakhir, {written} hari dihitung"
