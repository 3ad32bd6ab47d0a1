"""E-Absen rules API: GET /api/v1/attendance/rules?date=YYYY-MM-DD → the tables in force."""

import datetime
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS
from terpadu.core.roles import actor_of
from terpadu.directory.models import Government

from . import rules
from .interfaces import deduction_table_for, discipline_settings_for, leave_quotas_for

router = Router(tags=["absensi"])


class DayIn(Schema):
    date: datetime.date | None = None


class BandOut(Schema):
    code: str
    min_minutes: int
    max_minutes: int | None
    percent: str


class DeductionOut(Schema):
    name: str
    effective_from: date | None
    late: list[BandOut]
    early: list[BandOut]
    missing_record_percent: str
    unexcused_percent: str
    monthly_cap: str


class DisciplineBandOut(Schema):
    min_days: int
    max_days: int | None
    level: str | None
    sanction: str


class DisciplineOut(Schema):
    name: str
    effective_from: date | None
    minutes_per_day: int
    year_mode: str
    consecutive_dismissal_days: int
    bands: list[DisciplineBandOut]


class LeaveOut(Schema):
    name: str
    effective_from: date | None
    quotas: dict[str, int]
    annual_carry_over_max: int
    annual_total_max: int


class RulesOut(Schema):
    date: date
    deduction: DeductionOut
    discipline: DisciplineOut
    leave: LeaveOut


def _bands(kind: rules.Kind, table: rules.DeductionTable) -> list[dict[str, Any]]:
    return [
        {
            "code": f"{kind.code}{n}",
            "min_minutes": b.min_minutes,
            "max_minutes": b.max_minutes,
            "percent": str(b.percent),
        }
        for n, b in enumerate(table.bands(kind), start=1)
    ]


def _deduction(table: rules.DeductionTable) -> dict[str, Any]:
    return {
        "name": table.name,
        "effective_from": table.effective_from,
        "late": _bands(rules.Kind.LATE, table),
        "early": _bands(rules.Kind.EARLY, table),
        "missing_record_percent": str(table.missing_record_percent),
        "unexcused_percent": str(table.unexcused_percent),
        "monthly_cap": str(table.monthly_cap),
    }


def _discipline(settings: rules.DisciplineSettings) -> dict[str, Any]:
    return {
        "name": settings.name,
        "effective_from": settings.effective_from,
        "minutes_per_day": settings.minutes_per_day,
        "year_mode": settings.year_mode.value,
        "consecutive_dismissal_days": rules.CONSECUTIVE_DISMISSAL_DAYS,
        "bands": [
            {"min_days": low, "max_days": high, "level": level and level.value, "sanction": sanction}
            for low, high, level, sanction in rules.DISCIPLINE_BANDS
        ],
    }


def _leave(quotas: rules.LeaveQuotas) -> dict[str, Any]:
    return {
        "name": quotas.name,
        "effective_from": quotas.effective_from,
        "quotas": {t.value: n for t, n in quotas.quotas.items()},
        "annual_carry_over_max": quotas.annual_carry_over_max,
        "annual_total_max": quotas.annual_total_max,
    }


@router.get("/rules", response={200: RulesOut, **ERRORS})
@api_access(AUTHENTICATED)
def rules_in_force(request: HttpRequest, params: Query[DayIn]) -> Any:
    actor = actor_of(request.user)
    assert actor is not None and actor.government_id is not None
    zone = Government.objects.values_list("timezone", flat=True).get(pk=actor.government_id)
    day = params.date or timezone.localdate(timezone=ZoneInfo(zone))
    government_id = actor.government_id
    return {
        "date": day,
        "deduction": _deduction(deduction_table_for(government_id=government_id, day=day)),
        "discipline": _discipline(discipline_settings_for(government_id=government_id, day=day)),
        "leave": _leave(leave_quotas_for(government_id=government_id, day=day)),
    }


# The parts of E-Absen, each in its own module (check-ins, machine imports, requests, fraud, recap).
from . import api_board, api_checkins, api_fraud, api_imports, api_recap, api_requests  # noqa: E402

for _part in (api_checkins, api_imports, api_requests, api_fraud, api_recap, api_board):
    router.add_router("", _part.router)
