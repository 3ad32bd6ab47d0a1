"""Settings versions: validated by the rules, only by the platform admin, audited; the version in
force on a day is the one the rules read."""

from datetime import date
from decimal import Decimal as D

import pytest

from terpadu.attendance import rules
from terpadu.attendance.interfaces import deduction_table_for, discipline_settings_for, leave_quotas_for
from terpadu.attendance.models import DeductionTableVersion, DisciplineSettingsVersion, LeaveQuotaVersion
from terpadu.attendance.rules import Band, LeaveType, YearMode
from terpadu.attendance.services import deduction_table_create, discipline_settings_create, leave_quota_create
from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role
from terpadu.directory.tests.factories import GovernmentFactory, user_with_role

pytestmark = pytest.mark.django_db

ARRIVAL = (Band(1, 15, D("1")), Band(16, 60, D("1.25")), Band(61, None, D("2.5")))


def table_kwargs(**overrides):
    return {
        "name": "Perbup No. 12 Tahun 2025",
        "effective_from": date(2026, 7, 1),
        "late_bands": ARRIVAL,
        "early_bands": ARRIVAL,
        "missing_record_percent": D("2.5"),
        "unexcused_percent": D("5"),
        "monthly_cap": D("100"),
    } | overrides


@pytest.fixture
def government():
    return GovernmentFactory()


@pytest.fixture
def admin(government):
    return user_with_role(Role.PLATFORM_ADMIN, government=government)


def test_default_table_before_any_version_and_the_new_one_from_its_date(government, admin):
    version = deduction_table_create(user=admin, government=government, **table_kwargs())
    before = deduction_table_for(government_id=government.pk, day=date(2026, 6, 30))
    after = deduction_table_for(government_id=government.pk, day=date(2026, 7, 1))
    assert before == rules.DEFAULT_DEDUCTION_TABLE
    assert rules.late_category(20, before).percent == D("0.5")  # TL1 of the default (1–30 menit)
    assert rules.late_category(20, after).percent == D("1.25")
    assert after.late_bands == ARRIVAL and after.unexcused_percent == D(5)
    assert (
        rules.late_category(20, after).why == "TL2 (16–60 menit) · 1,25% · Perbup No. 12 Tahun 2025 berlaku 1 Juli 2026"
    )
    event = AuditEvent.objects.get(action="attendance.deduction_table.create")
    assert (event.object_id, event.government_id, event.actor_id) == (str(version.pk), government.pk, admin.pk)
    assert event.after["bands"]["late"][1] == {"min": 16, "max": 60, "percent": "1.25"}


def test_a_later_version_takes_over_and_another_government_is_untouched(government, admin):
    deduction_table_create(user=admin, government=government, **table_kwargs())
    deduction_table_create(
        user=admin,
        government=government,
        **table_kwargs(name="Perbup 2027", effective_from=date(2027, 1, 1), unexcused_percent=D("3")),
    )
    assert deduction_table_for(government_id=government.pk, day=date(2026, 12, 31)).unexcused_percent == D(5)
    assert deduction_table_for(government_id=government.pk, day=date(2027, 1, 1)).unexcused_percent == D(3)
    other = GovernmentFactory()
    assert deduction_table_for(government_id=other.pk, day=date(2027, 1, 1)) == rules.DEFAULT_DEDUCTION_TABLE


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"late_bands": (Band(1, 30, D(1)), Band(25, None, D(2)))},
            "late_1_min",
            "TL2: rentang tumpang tindih; harus mulai dari 31 menit.",
        ),
        (
            {"early_bands": (Band(1, 30, D(1)), Band(40, None, D(2)))},
            "early_1_min",
            "PSW2: rentang ada celah; harus mulai dari 31 menit.",
        ),
        ({"late_bands": (Band(1, None, D("100.5")),)}, "late_0_percent", "Persentase harus antara 0 dan 100."),
        ({"unexcused_percent": D("101")}, "unexcused_percent", "Persentase harus antara 0 dan 100."),
    ],
)
def test_invalid_tables_are_refused_and_nothing_is_saved(government, admin, overrides, field, message):
    with pytest.raises(ValidationFailed) as refused:
        deduction_table_create(user=admin, government=government, **table_kwargs(**overrides))
    assert refused.value.fields[field] == [message]
    assert refused.value.message == f"Pengaturan belum benar: {message}"
    assert not DeductionTableVersion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="attendance.").exists()


def test_one_version_per_effective_date(government, admin):
    deduction_table_create(user=admin, government=government, **table_kwargs())
    with pytest.raises(ValidationFailed) as refused:
        deduction_table_create(user=admin, government=government, **table_kwargs())
    assert refused.value.fields == {"effective_from": ["Tanggal sudah dipakai."]}
    assert DeductionTableVersion.objects.count() == 1


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.AGENCY_ADMIN, Role.EMPLOYEE, Role.AUDITOR])
def test_only_the_platform_admin_changes_settings(government, role):
    user = user_with_role(role, government=government)
    with pytest.raises(AccessDenied):
        deduction_table_create(user=user, government=government, **table_kwargs())
    with pytest.raises(AccessDenied):
        discipline_settings_create(
            user=user,
            government=government,
            name="X",
            effective_from=date(2026, 1, 1),
            minutes_per_day=300,
            year_mode="rolling",
        )
    with pytest.raises(AccessDenied):
        leave_quota_create(
            user=user,
            government=government,
            name="X",
            effective_from=date(2026, 1, 1),
            quotas={},
            annual_carry_over_max=6,
            annual_total_max=18,
        )
    assert not DeductionTableVersion.objects.exists() and not DisciplineSettingsVersion.objects.exists()
    assert not LeaveQuotaVersion.objects.exists() and not AuditEvent.objects.exists()


def test_discipline_settings_default_then_changed(government, admin):
    day = date(2026, 5, 4)
    assert discipline_settings_for(government_id=government.pk, day=day) == rules.DEFAULT_DISCIPLINE_SETTINGS
    discipline_settings_create(
        user=admin,
        government=government,
        name="Perbup 3/2026",
        effective_from=date(2026, 5, 1),
        minutes_per_day=300,
        year_mode="rolling",
    )
    settings = discipline_settings_for(government_id=government.pk, day=day)
    assert (settings.minutes_per_day, settings.year_mode, settings.effective_from) == (
        300,
        YearMode.ROLLING,
        date(2026, 5, 1),
    )
    assert rules.minutes_to_days(600, settings.minutes_per_day) == 2
    assert rules.discipline_window(day, settings.year_mode) == (date(2025, 5, 5), day)
    assert AuditEvent.objects.filter(action="attendance.discipline_settings.create").count() == 1


def test_discipline_settings_refused(government, admin):
    with pytest.raises(ValidationFailed) as refused:
        discipline_settings_create(
            user=admin,
            government=government,
            name="X",
            effective_from=date(2026, 1, 1),
            minutes_per_day=0,
            year_mode="calendar",
        )
    assert refused.value.fields == {"minutes_per_day": ["Menit setara 1 hari harus antara 1 dan 1440."]}
    with pytest.raises(ValidationFailed):
        discipline_settings_create(
            user=admin,
            government=government,
            name="X",
            effective_from=date(2026, 1, 1),
            minutes_per_day=450,
            year_mode="fiscal",
        )
    assert not DisciplineSettingsVersion.objects.exists()


def test_leave_quotas_default_then_changed(government, admin):
    day = date(2026, 1, 2)
    assert leave_quotas_for(government_id=government.pk, day=day) == rules.DEFAULT_LEAVE_QUOTAS
    leave_quota_create(
        user=admin,
        government=government,
        name="Perbup 7/2026",
        effective_from=date(2026, 1, 1),
        quotas={LeaveType.ANNUAL: 14},
        annual_carry_over_max=12,
        annual_total_max=24,
    )
    quotas = leave_quotas_for(government_id=government.pk, day=day)
    assert quotas.quotas[LeaveType.ANNUAL] == 14 and quotas.quotas[LeaveType.MATERNITY] == 3
    balance = rules.annual_leave_balance(
        quotas.quotas[LeaveType.ANNUAL],
        12,
        1,
        3,
        carry_over_max=quotas.annual_carry_over_max,
        total_max=quotas.annual_total_max,
    )
    assert (balance.entitlement, balance.remaining) == (24, 20)
    assert AuditEvent.objects.filter(action="attendance.leave_quota.create").count() == 1


def test_leave_quotas_refused(government, admin):
    with pytest.raises(ValidationFailed) as refused:
        leave_quota_create(
            user=admin,
            government=government,
            name="X",
            effective_from=date(2026, 1, 1),
            quotas={LeaveType.SICK: -1},
            annual_carry_over_max=6,
            annual_total_max=18,
        )
    assert refused.value.fields == {"sick": ["Kuota tidak boleh negatif."]}
    assert not LeaveQuotaVersion.objects.exists()
