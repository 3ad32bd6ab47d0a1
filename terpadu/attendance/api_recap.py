"""E-Absen API: one employee's monthly recap, their days with why the TPP was cut, and the discipline
report (mounted under /api/v1/attendance by api.py).

``GET /attendance/recap?nip=<NIP>&month=YYYY-MM`` has the exact shape payroll relies on (issue 5, item 9):
numbers as JSON numbers, percentages as decimal strings, ``discipline_level`` null/"ringan"/"sedang"/
"berat". ``consecutive_unexcused_max`` is the longest run of unexcused working days in the discipline
year to date (what RULES.md §3's 10-days-in-a-row rule reads), like the rest of ``year_to_date``.
"""

import datetime
import re
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of

from . import recap
from .discipline_report import discipline_report

router = Router(tags=["absensi"])
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class RecapIn(Schema):
    nip: str | None = None
    month: str


class YearToDateOut(Schema):
    unexcused_days: int
    late_early_minutes: int
    equivalent_days: int
    discipline_level: str | None
    sanction: str


class RecapOut(Schema):
    nip: str
    month: str
    working_days: int
    days_present: int
    late_minutes: int
    early_minutes: int
    late_counts: dict[str, int]
    early_counts: dict[str, int]
    unexcused_days: int
    excused_days: dict[str, int]
    minutes_worked: int
    tpp_deduction_percent: str
    year_to_date: YearToDateOut
    consecutive_unexcused_max: int


class ReasonOut(Schema):
    code: str
    percent: str
    why: str


class DayOut(Schema):
    date: date
    status: str
    excuse_kind: str
    flexible: str
    schedule: str
    expected_minutes: int
    minutes_worked: int
    late_minutes: int
    early_minutes: int
    late_code: str
    early_code: str
    deduction_percent: str
    reasons: list[ReasonOut]
    adjusted: str


class CrossedOut(Schema):
    nip: str
    name: str
    agency_id: int | None
    unexcused_days: int
    late_early_minutes: int
    equivalent_days: int
    total_days: int
    consecutive_unexcused_max: int
    discipline_level: str | None
    sanction: str
    evidence_dates: list[date]


class DisciplineIn(Schema):
    date: datetime.date | None = None
    agency_id: int | None = None


class DisciplineReportOut(Schema):
    start: date
    end: date
    employees: list[CrossedOut]


def parse_month(value: str) -> date:
    match = MONTH.match(value or "")
    if match is None:
        raise ValidationFailed("Bulan harus berformat TTTT-BB, misalnya 2026-11.", fields={"month": "Format TTTT-BB."})
    return date(int(match.group(1)), int(match.group(2)), 1)


def _employee(request: HttpRequest, nip: str | None) -> Any:
    if nip:
        return recap.employee_for_user(user=request.user, nip=nip)
    actor = actor_of(request.user)
    if actor is None or actor.employee_id is None:
        raise ValidationFailed("Sebutkan NIP pegawai.", fields={"nip": "Wajib diisi."})
    return recap.employee_for_user(user=request.user, pk=actor.employee_id)


@router.get("/recap", response={200: RecapOut, **ERRORS})
@api_access(AUTHENTICATED)
def month_recap(request: HttpRequest, params: Query[RecapIn]) -> Any:
    """One employee's month (own, or one the caller may read: superior, agency, BKPSDM, leaders)."""
    month = parse_month(params.month)
    return recap.recap_json(recap.month_recap(user=request.user, employee=_employee(request, params.nip), month=month))


@router.get("/recap/days", response={200: list[DayOut], **ERRORS})
@api_access(AUTHENTICATED)
def month_days(request: HttpRequest, params: Query[RecapIn]) -> Any:
    """Each computed day of the month with each TPP cut and the rule it came from."""
    month = parse_month(params.month)
    found = recap.month_recap(user=request.user, employee=_employee(request, params.nip), month=month)
    return [
        {**day.__dict__, "deduction_percent": recap.percent_text(day.deduction_percent), "reasons": day.explanation}
        for day in found.days
    ]


@router.get("/discipline", response={200: DisciplineReportOut, **ERRORS})
@api_access(AUTHENTICATED)
def discipline(request: HttpRequest, params: Query[DisciplineIn]) -> Any:
    """Employees (the caller may read) who crossed a PP 94/2021 threshold, with the evidence days."""
    on = params.date or recap.yesterday_for(user=request.user)
    start, end, crossed = discipline_report(user=request.user, on=on, agency_id=params.agency_id)
    return {
        "start": start,
        "end": end,
        "employees": [
            {
                "nip": item.nip,
                "name": item.name,
                "agency_id": item.agency_id,
                "unexcused_days": item.assessment.unexcused_days,
                "late_early_minutes": item.assessment.late_early_minutes,
                "equivalent_days": item.assessment.equivalent_days,
                "total_days": item.assessment.total_days,
                "consecutive_unexcused_max": item.assessment.consecutive_max,
                "discipline_level": item.assessment.level.value if item.assessment.level else None,
                "sanction": item.assessment.sanction,
                "evidence_dates": list(item.assessment.evidence_dates),
            }
            for item in crossed
        ],
    }
