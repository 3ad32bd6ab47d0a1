"""Writes to the working calendar: patterns and date overrides, validated by rules.py, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory import policies
from terpadu.directory.models import Government

from . import rules
from .interfaces import week_to_json
from .models import CalendarOverride, WorkPattern
from .rules import Week


def _check_week(week: Week, required: int) -> None:
    problems = rules.week_problems(week, required_minutes=required)
    if problems:
        raise ValidationFailed(problems[0], fields={"hours": problems})


@transaction.atomic
def work_pattern_create(
    *,
    user: Any,
    government: Government,
    kind: str,
    name: str,
    start_date: date,
    week: Week,
    end_date: date | None = None,
    required_weekly_minutes: int | None = None,
) -> WorkPattern:
    """A regular week (must total 37 h 30 min) or a special period such as Ramadan (32 h 30 min)."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    if required_weekly_minutes is None:
        required_weekly_minutes = (
            rules.MINUTES_PER_WEEK if kind == WorkPattern.Kind.REGULAR else rules.RAMADAN_MINUTES_PER_WEEK
        )
    _check_week(week, required_weekly_minutes)
    if kind == WorkPattern.Kind.SPECIAL and (end_date is None or end_date < start_date):
        raise ValidationFailed(
            "Periode khusus harus punya tanggal akhir setelah tanggal mulai.", fields={"end_date": "Wajib."}
        )
    pattern = WorkPattern(
        government=government,
        kind=kind,
        name=name.strip(),
        start_date=start_date,
        end_date=end_date if kind == WorkPattern.Kind.SPECIAL else None,
        hours=week_to_json(week),
        required_weekly_minutes=required_weekly_minutes,
    )
    try:
        with transaction.atomic():
            pattern.save()
    except IntegrityError:
        raise ValidationFailed(
            "Sudah ada pola reguler yang berlaku mulai tanggal itu.", fields={"start_date": "Sudah dipakai."}
        ) from None
    audit_record(
        actor=user,
        action="calendar.pattern.create",
        target=pattern,
        government_id=government.pk,
        after=snapshot(pattern),
    )
    return pattern


@transaction.atomic
def calendar_override_set(
    *, user: Any, government: Government, day: date, kind: str, name: str, decree: str = ""
) -> CalendarOverride:
    """Set (or replace) what one date is: a local holiday, an added holiday, or a working day."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    if kind not in CalendarOverride.Kind.values:
        raise ValidationFailed("Jenis tanggal tidak dikenal.", fields={"kind": "Pilih salah satu."})
    if not name.strip():
        raise ValidationFailed("Keterangan wajib diisi.", fields={"name": "Wajib diisi."})
    existing = CalendarOverride.objects.select_for_update().filter(government=government, date=day).first()
    before = snapshot(existing) if existing else None
    override, _ = CalendarOverride.objects.update_or_create(
        government=government, date=day, defaults={"kind": kind, "name": name.strip(), "decree": decree.strip()}
    )
    audit_record(
        actor=user,
        action="calendar.override.set",
        target=override,
        government_id=government.pk,
        before=before,
        after=snapshot(override),
    )
    return override


@transaction.atomic
def calendar_override_delete(*, user: Any, override: CalendarOverride) -> None:
    policies.ensure(policies.can_manage_government(actor_of(user)))
    before = snapshot(override)
    audit_record(
        actor=user,
        action="calendar.override.delete",
        target=override,
        government_id=override.government_id,
        before=before,
        after=None,
    )
    override.delete()
