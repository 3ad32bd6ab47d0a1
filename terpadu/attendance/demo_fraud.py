"""Demo of the anomaly report for Kabupaten Contoh: on the last working day before today, four staff of
Diskominfo's Bidang Aplikasi Informatika "check in" by phone at one identical coordinate within the same
minute (three at the same second, one reporting an accuracy of 0 m) — what a fake-GPS app produces — and
the report is run, so their superior (Kepala Bidang; also kadis.kominfo and admin.kominfo) finds the
flags at /absensi/kejanggalan/. Idempotent: the events carry client references (seeded once, on one day), the report is idempotent.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from terpadu.calendar.interfaces import calendar_days
from terpadu.directory.models import Employee, Government

from .fraud import anomaly_report_build, government_today
from .models import AttendanceEvent

AGENCY = "Diskominfo"
#: staff positions under the Kepala Bidang Aplikasi Informatika (directory/demo.py)
POSITIONS = ("B2.1", "B2.2", "B2.3")
COORDINATE = (Decimal("-10.163812"), Decimal("124.011537"))
#: (local time, accuracy in metres) per employee: three at one second, the fourth 26 s later with 0 m
READINGS = ((time(7, 21, 14), 3.0), (time(7, 21, 14), 4.0), (time(7, 21, 14), 3.0), (time(7, 21, 40), 0.0))
IP = "114.125.40.17"
REFERENCE = "demo-fraud"


def demo_day(government_id: int, today: date) -> date:
    """The day of the demo cluster: the day already seeded, else the last working day before ``today``."""
    seeded = (
        AttendanceEvent.objects.filter(government_id=government_id, client_ref__startswith=REFERENCE)
        .values_list("local_date", flat=True)
        .first()
    )
    if seeded is not None:
        return seeded
    days = calendar_days(government_id=government_id, start=today - timedelta(days=14), end=today - timedelta(days=1))
    working = [d.date for d in days if d.is_working]
    return working[-1] if working else today - timedelta(days=1)


def _staff(government: Government) -> list[Employee]:
    return list(
        Employee.objects.filter(
            government=government, agency__short_name=AGENCY, position__code__in=POSITIONS, is_active=True
        ).order_by("position__code", "pk")[: len(READINGS)]
    )


def _event(employee: Employee, day: date, moment: time, accuracy: float, zone: ZoneInfo) -> bool:
    reference = f"{REFERENCE}-{day.isoformat()}"
    if AttendanceEvent.objects.filter(employee=employee, client_ref=reference).exists():
        return False
    AttendanceEvent.objects.create(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        kind=AttendanceEvent.Kind.IN,
        occurred_at=datetime.combine(day, moment, tzinfo=zone),
        local_date=day,
        source=AttendanceEvent.Source.GPS,
        latitude=COORDINATE[0],
        longitude=COORDINATE[1],
        accuracy_m=accuracy,
        ip=IP,
        user_agent="Mozilla/5.0 (Linux; Android 11) Demo",
        client_ref=reference,
    )
    return True


def seed_demo_anomalies(government_id: int) -> str:
    government = Government.objects.get(pk=government_id)
    staff = _staff(government)
    if len(staff) < len(READINGS):
        return f"skipped: fewer than {len(READINGS)} staff in {AGENCY}"
    day = demo_day(government_id, government_today(government_id))
    zone = ZoneInfo(government.timezone)
    with transaction.atomic():
        added = sum(
            _event(employee, day, moment, accuracy, zone)
            for employee, (moment, accuracy) in zip(staff, READINGS, strict=False)
        )
    result = anomaly_report_build(government_id=government_id, day=day)
    return f"{added} fake-GPS check-ins on {day.isoformat()}, {result.created} flags created"
