"""The calendar service against the holiday list and the government's own settings, and its API."""

from datetime import date, time

import pytest
from django.test import Client

from terpadu.calendar import rules
from terpadu.calendar.holiday_source import national_holidays
from terpadu.calendar.interfaces import calendar_day, calendar_days, employee_day
from terpadu.calendar.rules import DayHours, DayKind
from terpadu.calendar.services import calendar_override_set, work_pattern_create
from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import GovernmentFactory, bearer, user_with_role

pytestmark = pytest.mark.django_db


def test_holiday_source_keeps_cuti_bersama_apart_from_public_holidays():
    year = national_holidays(2026)
    assert year[date(2026, 8, 17)].kind is DayKind.HOLIDAY
    assert year[date(2026, 8, 17)].name == "Hari Kemerdekaan Republik Indonesia"
    assert year[date(2026, 12, 24)].kind is DayKind.JOINT_LEAVE
    assert year[date(2026, 12, 24)].name == "Cuti Bersama Hari Raya Natal"
    assert year[date(2026, 12, 25)].kind is DayKind.HOLIDAY


def test_days_of_a_government_with_the_default_pattern():
    government = GovernmentFactory()
    days = {
        d.date: d for d in calendar_days(government_id=government.pk, start=date(2026, 12, 21), end=date(2026, 12, 27))
    }
    assert [days[date(2026, 12, d)].kind for d in range(21, 28)] == [
        DayKind.WORKING,
        DayKind.WORKING,
        DayKind.WORKING,
        DayKind.JOINT_LEAVE,
        DayKind.HOLIDAY,
        DayKind.WEEKEND,
        DayKind.WEEKEND,
    ]
    assert days[date(2026, 12, 21)].expected_minutes == 450
    assert (days[date(2026, 12, 21)].start, days[date(2026, 12, 21)].end) == (time(7, 30), time(16, 0))
    assert days[date(2026, 12, 24)].expected_minutes == 0
    assert days[date(2026, 12, 21)].timezone == "Asia/Makassar"


def test_a_week_without_holidays_expects_exactly_37_hours_30_minutes():
    government = GovernmentFactory()
    week = calendar_days(government_id=government.pk, start=date(2026, 11, 23), end=date(2026, 11, 29))
    assert sum(d.expected_minutes for d in week) == 2250


def test_local_holiday_and_cancelled_joint_leave():
    government = GovernmentFactory()
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    calendar_override_set(
        user=admin, government=government, day=date(2026, 11, 25), kind="local_holiday", name="Hari Jadi Kabupaten"
    )
    calendar_override_set(
        user=admin, government=government, day=date(2026, 12, 24), kind="working", name="Cuti bersama dibatalkan SKB"
    )
    anniversary = calendar_day(government_id=government.pk, day=date(2026, 11, 25))
    assert (anniversary.kind, anniversary.name, anniversary.expected_minutes) == (
        DayKind.LOCAL_HOLIDAY,
        "Hari Jadi Kabupaten",
        0,
    )
    assert calendar_day(government_id=government.pk, day=date(2026, 12, 24)).expected_minutes == 450
    assert AuditEvent.objects.filter(action="calendar.override.set").count() == 2


def test_only_the_platform_admin_sets_dates():
    government = GovernmentFactory()
    secretary = user_with_role(Role.SECRETARY, government=government)
    with pytest.raises(AccessDenied):
        calendar_override_set(
            user=secretary, government=government, day=date(2026, 11, 25), kind="local_holiday", name="X"
        )
    assert calendar_day(government_id=government.pk, day=date(2026, 11, 25)).kind is DayKind.WORKING


def test_ramadan_period_applies_only_between_its_dates():
    government = GovernmentFactory()
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    work_pattern_create(
        user=admin,
        government=government,
        kind="special",
        name="Ramadan 1448 H",
        start_date=date(2027, 2, 8),
        end_date=date(2027, 3, 9),
        week=rules.DEFAULT_RAMADAN_WEEK,
    )
    inside = calendar_day(government_id=government.pk, day=date(2027, 2, 12))  # a Friday
    assert (inside.start, inside.end, inside.break_minutes, inside.expected_minutes) == (time(8), time(15, 30), 60, 390)
    assert inside.pattern == "Ramadan 1448 H"
    assert calendar_day(government_id=government.pk, day=date(2027, 3, 16)).expected_minutes == 450


def test_a_new_regular_pattern_takes_effect_from_its_date():
    government = GovernmentFactory()
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    work_pattern_create(
        user=admin,
        government=government,
        kind="regular",
        name="6 hari kerja",
        start_date=date(2027, 1, 1),
        week=rules.DEFAULT_SIX_DAY_WEEK,
    )
    assert calendar_day(government_id=government.pk, day=date(2026, 12, 5)).kind is DayKind.WEEKEND
    saturday = calendar_day(government_id=government.pk, day=date(2027, 1, 9))
    assert (saturday.kind, saturday.expected_minutes) == (DayKind.WORKING, 390)


def test_a_pattern_that_misses_the_weekly_hours_is_refused_and_nothing_is_saved():
    government = GovernmentFactory()
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    short = {day: DayHours(time(7, 30), time(15, 0), 60) for day in range(5)}
    with pytest.raises(ValidationFailed, match="seharusnya 37 jam 30 menit"):
        work_pattern_create(
            user=admin, government=government, kind="regular", name="Salah", start_date=date(2027, 1, 1), week=short
        )
    assert calendar_day(government_id=government.pk, day=date(2027, 1, 4)).pattern == "Bawaan Perpres 21/2023"


def test_employee_day_uses_the_employee_government():
    user = user_with_role(Role.EMPLOYEE)
    assert employee_day(employee_id=user.employee_id, day=date(2026, 8, 17)).kind is DayKind.HOLIDAY


def test_calendar_api_lists_each_date():
    user = user_with_role(Role.EMPLOYEE)
    response = Client().get("/api/v1/calendar?from=2026-12-24&to=2026-12-26", headers=bearer(user))
    assert response.status_code == 200
    assert response.json() == [
        {
            "date": "2026-12-24",
            "kind": "joint_leave",
            "name": "Cuti Bersama Hari Raya Natal",
            "expected_minutes": 0,
            "start": None,
            "end": None,
            "break_minutes": 0,
        },
        {
            "date": "2026-12-25",
            "kind": "holiday",
            "name": "Hari Raya Natal",
            "expected_minutes": 0,
            "start": None,
            "end": None,
            "break_minutes": 0,
        },
        {
            "date": "2026-12-26",
            "kind": "weekend",
            "name": "Sabtu",
            "expected_minutes": 0,
            "start": None,
            "end": None,
            "break_minutes": 0,
        },
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-12-24&to=2026-12-01", "to"),
        ("from=2026-01-01&to=2027-06-01", "to"),
        ("from=x&to=2026-01-01", "from"),
    ],
)
def test_calendar_api_refuses_bad_ranges(query, field):
    user = user_with_role(Role.EMPLOYEE)
    response = Client().get(f"/api/v1/calendar?{query}", headers=bearer(user))
    assert response.status_code == 422
    assert field in response.json()["fields"]
