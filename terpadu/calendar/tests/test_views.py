"""Calendar pages: everyone reads the month; only the platform admin changes the calendar."""

from datetime import date

import pytest
from django.test import Client

from terpadu.calendar.models import CalendarOverride, WorkPattern
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import GovernmentFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False  # these tests are about the calendar, not the login


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_month_page_shows_holidays_and_totals():
    user = user_with_role(Role.EMPLOYEE)
    response = client_for(user).get("/kalender/?bulan=2026-12")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cuti Bersama Hari Raya Natal" in page
    assert "21 hari kerja" in page  # 23 weekdays minus 24 (cuti bersama) and 25 (Natal)
    assert "jam kerja wajib 157 jam 30 menit" in page


def test_month_page_needs_login():
    response = Client().get("/kalender/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.AGENCY_ADMIN, Role.EMPLOYEE, Role.AUDITOR])
def test_only_platform_admin_changes_the_calendar(role):
    user = user_with_role(role)
    client = client_for(user)
    assert client.get("/kalender/atur/").status_code == 403
    response = client.post("/kalender/atur/tanggal/", {"date": "2026-11-25", "kind": "local_holiday", "name": "X"})
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()


def test_platform_admin_adds_a_local_holiday():
    government = GovernmentFactory()
    admin = user_with_role(Role.PLATFORM_ADMIN, government=government)
    client = client_for(admin)
    response = client.post(
        "/kalender/atur/tanggal/", {"date": "2026-11-25", "kind": "local_holiday", "name": "Hari Jadi Kabupaten"}
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert (override.government_id, override.date, override.kind) == (
        government.pk,
        date(2026, 11, 25),
        "local_holiday",
    )
    assert "Hari Jadi Kabupaten" in client.get("/kalender/?bulan=2026-11").content.decode()


def test_a_pattern_missing_the_weekly_hours_shows_the_reason_and_saves_nothing():
    admin = user_with_role(Role.PLATFORM_ADMIN)
    data = {"kind": "regular", "name": "Salah", "start_date": "2027-01-01"}
    for day in range(5):
        data |= {f"start_{day}": "07:30", f"end_{day}": "15:00", f"break_{day}": "60"}
    response = client_for(admin).post("/kalender/atur/pola/", data)
    assert response.status_code == 200
    assert "Jumlah jam kerja seminggu 32 jam 30 menit, seharusnya 37 jam 30 menit." in response.content.decode()
    assert not WorkPattern.objects.exists()


def test_a_ramadan_period_is_saved():
    admin = user_with_role(Role.PLATFORM_ADMIN)
    data = {"kind": "special", "name": "Ramadan", "start_date": "2027-02-08", "end_date": "2027-03-09"}
    for day in range(4):
        data |= {f"start_{day}": "08:00", f"end_{day}": "15:00", f"break_{day}": "30"}
    data |= {"start_4": "08:00", "end_4": "15:30", "break_4": "60"}
    response = client_for(admin).post("/kalender/atur/pola/", data)
    assert response.status_code == 302
    assert WorkPattern.objects.get().required_weekly_minutes == 1950
