"""Writes to the E-Absen settings: a new version of a table, validated by rules.py, audited.

Only the platform admin changes them (``can_manage_government``). Versions are never edited: a
correction is a new version with its own effective date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory import policies
from terpadu.directory.models import Government

from . import rules, settings_cache
from .models import DeductionTableVersion, DisciplineSettingsVersion, LeaveQuotaVersion
from .rules import Band, DeductionTable, DisciplineSettings, LeaveQuotas, LeaveType, YearMode


def _check(problems: dict[str, list[str]]) -> None:
    if problems:
        first = next(iter(problems.values()))[0]
        raise ValidationFailed(f"Pengaturan belum benar: {first}", fields=problems)


def _save_and_audit(*, user: Any, version: models.Model, government: Government, action: str) -> None:
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        raise ValidationFailed(
            "Sudah ada versi yang berlaku mulai tanggal itu.", fields={"effective_from": "Tanggal sudah dipakai."}
        ) from None
    audit_record(actor=user, action=action, target=version, government_id=government.pk, after=snapshot(version))


@transaction.atomic
def deduction_table_create(
    *,
    user: Any,
    government: Government,
    name: str,
    effective_from: date,
    late_bands: Sequence[Band],
    early_bands: Sequence[Band],
    missing_record_percent: Decimal,
    unexcused_percent: Decimal,
    monthly_cap: Decimal = rules.HUNDRED,
) -> DeductionTableVersion:
    """A new TPP deduction table (Perkada) taking effect on ``effective_from``."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    table = DeductionTable(
        name.strip(),
        effective_from,
        tuple(late_bands),
        tuple(early_bands),
        missing_record_percent,
        unexcused_percent,
        monthly_cap,
    )
    _check(rules.table_problems(table))
    version = DeductionTableVersion(
        government=government,
        name=table.name,
        effective_from=effective_from,
        bands={"late": rules.bands_to_json(table.late_bands), "early": rules.bands_to_json(table.early_bands)},
        missing_record_percent=missing_record_percent,
        unexcused_percent=unexcused_percent,
        monthly_cap=monthly_cap,
    )
    _save_and_audit(user=user, version=version, government=government, action="attendance.deduction_table.create")
    settings_cache.forget(government_id=government.pk)
    return version


@transaction.atomic
def discipline_settings_create(
    *, user: Any, government: Government, name: str, effective_from: date, minutes_per_day: int, year_mode: str
) -> DisciplineSettingsVersion:
    """New discipline settings: minutes equal to one day (default 450) and the year mode."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    if year_mode not in YearMode.__members__.values():
        raise ValidationFailed("Pilih cara menghitung satu tahun.", fields={"year_mode": "Pilih salah satu."})
    settings = DisciplineSettings(name.strip(), effective_from, minutes_per_day, YearMode(year_mode))
    _check(rules.discipline_settings_problems(settings))
    version = DisciplineSettingsVersion(
        government=government,
        name=settings.name,
        effective_from=effective_from,
        minutes_per_day=minutes_per_day,
        year_mode=settings.year_mode.value,
    )
    _save_and_audit(user=user, version=version, government=government, action="attendance.discipline_settings.create")
    settings_cache.forget(government_id=government.pk)
    return version


@transaction.atomic
def leave_quota_create(
    *,
    user: Any,
    government: Government,
    name: str,
    effective_from: date,
    quotas: Mapping[LeaveType, int],
    annual_carry_over_max: int,
    annual_total_max: int,
) -> LeaveQuotaVersion:
    """New leave quotas; a leave type left out keeps its RULES.md default."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    merged = {**rules.DEFAULT_LEAVE_QUOTAS_BY_TYPE, **quotas}
    table = LeaveQuotas(name.strip(), effective_from, merged, annual_carry_over_max, annual_total_max)
    _check(rules.leave_quota_problems(table))
    version = LeaveQuotaVersion(
        government=government,
        name=table.name,
        effective_from=effective_from,
        quotas={leave_type.value: amount for leave_type, amount in merged.items()},
        annual_carry_over_max=annual_carry_over_max,
        annual_total_max=annual_total_max,
    )
    _save_and_audit(user=user, version=version, government=government, action="attendance.leave_quota.create")
    return version
