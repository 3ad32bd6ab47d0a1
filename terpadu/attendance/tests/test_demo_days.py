"""The demo month of check-ins: realistic days for everyone, computed, and idempotent."""

from datetime import timedelta
from decimal import Decimal

import pytest

from terpadu.attendance import days
from terpadu.attendance.demo_days import SPAN_DAYS, seed_demo_days
from terpadu.attendance.models import AttendanceDay, AttendanceEvent, WorkLocation
from terpadu.attendance.tests.test_days import build_org

pytestmark = pytest.mark.django_db


def test_the_demo_month_is_generated_computed_and_idempotent():
    org = build_org()
    WorkLocation.objects.create(
        government=org["government"],
        agency=org["agency"],
        name="Kantor",
        latitude=Decimal("-10.1"),
        longitude=Decimal("123.6"),
        radius_m=150,
    )
    line = seed_demo_days(org["government"].pk)
    events = AttendanceEvent.objects.filter(government=org["government"])
    assert events.count() > 0 and events.filter(kind="in").count() >= events.filter(kind="out").count()
    yesterday = days.local_today(org["government"].pk) - timedelta(days=1)
    assert AttendanceDay.objects.filter(employee=org["staff"]).count() == SPAN_DAYS
    assert AttendanceDay.objects.filter(employee=org["staff"], date=yesterday).exists()
    assert not events.filter(local_date__gt=yesterday).exists()
    assert "catatan presensi 30 hari terakhir" in line
    staff_events = events.filter(employee=org["staff"], location__isnull=False)
    assert staff_events.exists() and all(abs(e.latitude - Decimal("-10.1")) < Decimal("0.001") for e in staff_events)
    before = events.count()
    seed_demo_days(org["government"].pk)
    assert events.count() == before
