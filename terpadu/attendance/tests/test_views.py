"""Rules pages and API: everyone logged in reads the rules in force; only the platform admin adds
versions, with errors next to the fields and nothing saved when refused."""

from datetime import date

import pytest
from django.test import Client

from terpadu.attendance.models import DeductionTableVersion, DisciplineSettingsVersion, LeaveQuotaVersion
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import GovernmentFactory, bearer, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def table_post(**overrides):
    data = {
        "name": "Perbup No. 12 Tahun 2025",
        "effective_from": "2026-01-01",
        "missing_record_percent": "2.5",
        "unexcused_percent": "5",
        "monthly_cap": "100",
    }
    for kind in ("late", "early"):
        data |= {f"{kind}_0_min": "1", f"{kind}_0_max": "15", f"{kind}_0_percent": "1"}
        data |= {f"{kind}_1_min": "16", f"{kind}_1_max": "60", f"{kind}_1_percent": "1.25"}
        data |= {f"{kind}_2_min": "61", f"{kind}_2_max": "", f"{kind}_2_percent": "2.5"}
    return data | overrides


def test_everyone_reads_the_default_rules():
    page = client_for(user_with_role(Role.EMPLOYEE)).get("/absensi/aturan/").content.decode()
    assert "Aturan potongan TPP dan disiplin yang berlaku" in page
    assert "Tabel bawaan Terpadu (RULES.md §4)" in page
    for text in ("TL1", "1–30 menit", "0,5%", "PSW4", "≥ 91 menit", "4%", "teguran lisan", "≥ 28", "450 menit"):
        assert text in page
    assert "pembayaran gaji dihentikan mulai bulan berikutnya" in page
    assert "Cuti tahunan" in page and "12 hari kerja per tahun" in page


@pytest.mark.parametrize("url", ["/absensi/aturan/", "/absensi/pengaturan/"])
def test_anonymous_goes_to_login(url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.AGENCY_ADMIN, Role.EMPLOYEE, Role.AUDITOR])
def test_only_platform_admin_changes_settings(role):
    client = client_for(user_with_role(role))
    assert client.get("/absensi/pengaturan/").status_code == 403
    assert client.post("/absensi/pengaturan/potongan/", table_post()).status_code == 403
    disc = {"name": "X", "effective_from": "2026-01-01", "minutes_per_day": "300", "year_mode": "rolling"}
    assert client.post("/absensi/pengaturan/disiplin/", disc).status_code == 403
    assert client.post("/absensi/pengaturan/cuti/", {"name": "X"}).status_code == 403
    assert not DeductionTableVersion.objects.exists() and not DisciplineSettingsVersion.objects.exists()
    assert not LeaveQuotaVersion.objects.exists() and not AuditEvent.objects.exists()


def test_anonymous_post_changes_nothing():
    response = Client().post("/absensi/pengaturan/potongan/", table_post())
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    assert not DeductionTableVersion.objects.exists()


def test_admin_adds_a_table_that_employees_then_read():
    government = GovernmentFactory()
    admin = client_for(user_with_role(Role.PLATFORM_ADMIN, government=government))
    assert admin.get("/absensi/pengaturan/").status_code == 200
    response = admin.post("/absensi/pengaturan/potongan/", table_post())
    assert response.status_code == 302
    version = DeductionTableVersion.objects.get()
    assert version.bands["late"][1] == {"min": 16, "max": 60, "percent": "1.25"}
    assert AuditEvent.objects.filter(action="attendance.deduction_table.create").count() == 1
    page = client_for(user_with_role(Role.EMPLOYEE, government=government)).get("/absensi/aturan/").content.decode()
    assert "Perbup No. 12 Tahun 2025" in page and "1,25%" in page and "16–60 menit" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"late_1_min": "10"}, "TL2: rentang tumpang tindih; harus mulai dari 16 menit."),
        ({"early_1_min": "20"}, "PSW2: rentang ada celah; harus mulai dari 16 menit."),
        ({"late_2_percent": "101"}, "Persentase harus antara 0 dan 100."),
    ],
)
def test_invalid_table_shows_the_reason_at_the_field_and_saves_nothing(overrides, message):
    admin = client_for(user_with_role(Role.PLATFORM_ADMIN))
    response = admin.post("/absensi/pengaturan/potongan/", table_post(**overrides))
    assert response.status_code == 200
    field = next(iter(overrides))
    assert f'<p class="field-error" id="id_{field}_error">{message}</p>' in response.content.decode()
    assert not DeductionTableVersion.objects.exists() and not AuditEvent.objects.exists()


def test_admin_sets_discipline_and_leave():
    admin = client_for(user_with_role(Role.PLATFORM_ADMIN))
    disc = {"name": "Perbup 3/2026", "effective_from": "2026-01-01", "minutes_per_day": "300", "year_mode": "rolling"}
    assert admin.post("/absensi/pengaturan/disiplin/", disc).status_code == 302
    leave = {
        "name": "Perbup 7/2026",
        "effective_from": "2026-01-01",
        "annual_carry_over_max": "6",
        "annual_total_max": "18",
    }
    leave |= {
        "annual": "12",
        "long_service": "3",
        "sick": "12",
        "maternity": "3",
        "important_reason": "1",
        "unpaid": "3",
    }
    assert admin.post("/absensi/pengaturan/cuti/", leave).status_code == 302
    assert DisciplineSettingsVersion.objects.get().minutes_per_day == 300
    assert LeaveQuotaVersion.objects.get().quotas["annual"] == 12
    bad = admin.post("/absensi/pengaturan/disiplin/", disc | {"minutes_per_day": "0", "effective_from": "2026-02-01"})
    assert "Menit setara 1 hari harus antara 1 dan 1440." in bad.content.decode()
    assert DisciplineSettingsVersion.objects.count() == 1


def test_api_rules_in_force_default_then_version():
    government = GovernmentFactory()
    user = user_with_role(Role.EMPLOYEE, government=government)
    body = Client(headers=bearer(user)).get("/api/v1/attendance/rules?date=2026-03-02").json()
    assert body["deduction"]["late"][0] == {"code": "TL1", "min_minutes": 1, "max_minutes": 30, "percent": "0.5"}
    assert body["deduction"]["unexcused_percent"] == "4"
    assert body["discipline"]["minutes_per_day"] == 450 and body["discipline"]["consecutive_dismissal_days"] == 10
    assert body["discipline"]["bands"][-1] == {
        "min_days": 28,
        "max_days": None,
        "level": "berat",
        "sanction": "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
    }
    assert body["leave"]["quotas"]["annual"] == 12
    admin = client_for(user_with_role(Role.PLATFORM_ADMIN, government=government))
    admin.post("/absensi/pengaturan/potongan/", table_post())
    body = Client(headers=bearer(user)).get("/api/v1/attendance/rules?date=2026-03-02").json()
    assert body["deduction"]["name"] == "Perbup No. 12 Tahun 2025"
    assert body["deduction"]["effective_from"] == str(date(2026, 1, 1))
    assert body["deduction"]["late"][2]["max_minutes"] is None


def test_api_needs_authentication():
    assert Client().get("/api/v1/attendance/rules").status_code == 401


def test_menu_entries_and_a_light_settings_page():
    admin = client_for(user_with_role(Role.PLATFORM_ADMIN))
    page = admin.get("/absensi/pengaturan/").content
    assert b'href="/absensi/pengaturan/"' in page and b'href="/absensi/aturan/"' in page
    assert len(page) < 100_000
    employee_page = client_for(user_with_role(Role.EMPLOYEE)).get("/absensi/aturan/").content
    assert b'href="/absensi/aturan/"' in employee_page and b'href="/absensi/pengaturan/"' not in employee_page
