"""What the rest of E-Absen (and other modules) ask: which tables are in force for a government on
a day. Each answer is a frozen dataclass of :mod:`terpadu.attendance.rules`; with no version
recorded yet, the RULES.md default."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from . import rules
from .models import DeductionTableVersion, DisciplineSettingsVersion, LeaveQuotaVersion
from .rules import DeductionTable, DisciplineSettings, LeaveQuotas, LeaveType, YearMode

V = TypeVar("V", DeductionTableVersion, DisciplineSettingsVersion, LeaveQuotaVersion)


def deduction_table_of(version: DeductionTableVersion) -> DeductionTable:
    return DeductionTable(
        name=version.name,
        effective_from=version.effective_from,
        late_bands=rules.bands_from_json(version.bands["late"]),
        early_bands=rules.bands_from_json(version.bands["early"]),
        missing_record_percent=version.missing_record_percent,
        unexcused_percent=version.unexcused_percent,
        monthly_cap=version.monthly_cap,
    )


def discipline_settings_of(version: DisciplineSettingsVersion) -> DisciplineSettings:
    return DisciplineSettings(
        name=version.name,
        effective_from=version.effective_from,
        minutes_per_day=version.minutes_per_day,
        year_mode=YearMode(version.year_mode),
    )


def leave_quotas_of(version: LeaveQuotaVersion) -> LeaveQuotas:
    return LeaveQuotas(
        name=version.name,
        effective_from=version.effective_from,
        quotas={LeaveType(key): int(value) for key, value in version.quotas.items()},
        annual_carry_over_max=version.annual_carry_over_max,
        annual_total_max=version.annual_total_max,
    )


def deduction_table_for(*, government_id: int, day: date) -> DeductionTable:
    """The TPP deduction table in force on ``day`` (RULES.md §4 default when none)."""
    version = _in_force(DeductionTableVersion, government_id, day)
    return rules.DEFAULT_DEDUCTION_TABLE if version is None else deduction_table_of(version)


def discipline_settings_for(*, government_id: int, day: date) -> DisciplineSettings:
    version = _in_force(DisciplineSettingsVersion, government_id, day)
    return rules.DEFAULT_DISCIPLINE_SETTINGS if version is None else discipline_settings_of(version)


def leave_quotas_for(*, government_id: int, day: date) -> LeaveQuotas:
    version = _in_force(LeaveQuotaVersion, government_id, day)
    return rules.DEFAULT_LEAVE_QUOTAS if version is None else leave_quotas_of(version)


def _in_force(model: type[V], government_id: int, day: date) -> V | None:
    return (
        model.objects.filter(government_id=government_id, effective_from__lte=day).order_by("-effective_from").first()
    )
