"""Reading the computed days: one employee's month (with why the TPP was cut), the year to date against the
discipline thresholds (RULES.md §3), and an agency's month in one aggregate query.

Days of a closed month are read with their latest :class:`Adjustment` laid over them.
"""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Employee

from . import policies, rules, settings_cache
from .day_rules import FULL_DAY_EXCUSES
from .models import Adjustment, AttendanceDay
from .models.days import DayStatus
from .recap_sql import YearTally, year_tally
from .rules import DisciplineAssessment, DisciplineSettings

WORKING_STATUSES = (DayStatus.PRESENT, DayStatus.EXCUSED, DayStatus.UNEXCUSED)
LATE_CODES = ("TL1", "TL2", "TL3", "TL4")
EARLY_CODES = ("PSW1", "PSW2", "PSW3", "PSW4")
EXCUSE_KINDS = tuple(sorted(FULL_DAY_EXCUSES))


def month_range(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=pycalendar.monthrange(first.year, first.month)[1])


def percent_text(value: Decimal) -> str:
    """Percentages in the API: a decimal string with two places ("2.50")."""
    return f"{value.quantize(Decimal('0.01'))}"


# --- access -------------------------------------------------------------------------------------------------


def can_read_employee(actor: Actor | None, employee: Employee) -> bool:
    if actor is None or actor.government_id != employee.government_id:
        return False
    if actor.sees_whole_government or employee.agency_id in actor.agencies_with(*policies.AGENCY_READERS):
        return True
    if policies.is_personnel(actor):
        return True
    if actor.employee_id is None:
        return False
    if actor.employee_id == employee.pk:
        return True
    superior = Employee.objects.filter(pk=actor.employee_id).values_list("position_id", flat=True).first()
    return policies.is_below(employee.position_id, superior)


def employee_for_user(*, user: Any, nip: str | None = None, pk: int | None = None) -> Employee:
    """The employee by NIP or id, if ``user`` may read their attendance (else the same 404)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        raise NotFound("Pegawai tidak ditemukan.")
    lookup = Q(nip=nip) if nip is not None else Q(pk=pk)
    employee = Employee.objects.filter(lookup, government_id=actor.government_id).first()
    if employee is None or not can_read_employee(actor, employee):
        raise NotFound("Pegawai tidak ditemukan.")
    return employee


def days_for_user(*, user: Any) -> QuerySet[AttendanceDay]:
    return AttendanceDay.objects.filter(policies.employee_filter(actor_of(user)))


# --- one employee -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """A computed day as the employee sees it (adjusted when its month was closed and corrected)."""

    date: date
    status: str
    excuse_kind: str
    flexible: str
    schedule: str
    expected_minutes: int
    minutes_worked: int
    first_in: Any
    last_out: Any
    late_minutes: int
    early_minutes: int
    late_code: str
    early_code: str
    deduction_percent: Decimal
    explanation: list[dict[str, str]]
    adjusted: str = ""  # the adjustment's reason, when one applies

    @property
    def status_label(self) -> str:
        return DayStatus(self.status).label


#: the stored columns of a :class:`Day`
DAY_COLUMNS = (
    "date",
    "status",
    "excuse_kind",
    "flexible",
    "schedule",
    "expected_minutes",
    "minutes_worked",
    "first_in",
    "last_out",
    "late_minutes",
    "early_minutes",
    "late_code",
    "early_code",
    "deduction_percent",
    "explanation",
)


def _stored_days(employee_id: int, start: date, end: date) -> list[Day]:
    """The computed days as stored, by date (one query, no model instances)."""
    rows = AttendanceDay.objects.filter(employee_id=employee_id, date__gte=start, date__lte=end).order_by("date")
    return [Day(**{**row, "explanation": list(row["explanation"])}) for row in rows.values(*DAY_COLUMNS)]


def _adjusted(day: Day, after: dict[str, Any], reason: str) -> Day:
    return replace(
        day,
        status=after.get("status", day.status),
        excuse_kind=after.get("excuse_kind", day.excuse_kind),
        late_minutes=int(after.get("late_minutes", day.late_minutes)),
        early_minutes=int(after.get("early_minutes", day.early_minutes)),
        minutes_worked=int(after.get("minutes_worked", day.minutes_worked)),
        deduction_percent=Decimal(after.get("deduction_percent", day.deduction_percent)),
        adjusted=reason,
    )


def _laid_over(days: list[Day], employee_id: int, start: date, end: date) -> list[Day]:
    """``days`` with the adjustments from ``start`` to ``end`` laid over, oldest first (one query)."""
    by_date = {day.date: day for day in days}
    adjustments = Adjustment.objects.filter(employee_id=employee_id, date__gte=start, date__lte=end)
    for when, after, reason in adjustments.order_by("created_at").values_list("date", "after", "reason"):
        if when in by_date:
            by_date[when] = _adjusted(by_date[when], after, reason)
    return [by_date[day] for day in sorted(by_date)]


def employee_days(*, employee: Employee, start: date, end: date) -> list[Day]:
    """Computed days from ``start`` to ``end`` (2 queries), adjustments laid over."""
    return _laid_over(_stored_days(employee.pk, start, end), employee.pk, start, end)


@dataclass(frozen=True)
class YearToDate:
    start: date
    end: date
    assessment: DisciplineAssessment


@dataclass(frozen=True)
class MonthRecap:
    employee: Employee
    month: date
    days: list[Day]
    working_days: int
    days_present: int
    late_minutes: int
    early_minutes: int
    late_counts: dict[str, int]
    early_counts: dict[str, int]
    unexcused_days: int
    excused_days: dict[str, int]
    minutes_worked: int
    expected_minutes: int
    deduction: rules.MonthDeduction
    year_to_date: YearToDate
    weekly: list[tuple[date, int, int]] = field(default_factory=list)  # (monday, worked, expected)


def _totals(days: Iterable[Day]) -> dict[str, Any]:
    working = [day for day in days if day.status in WORKING_STATUSES]
    present = [day for day in working if day.status == DayStatus.PRESENT]
    excused: dict[str, int] = {}
    for day in working:
        if day.status == DayStatus.EXCUSED:
            excused[day.excuse_kind] = excused.get(day.excuse_kind, 0) + 1
    return {
        "working_days": len(working),
        "days_present": len(present),
        "late_minutes": sum(day.late_minutes for day in present),
        "early_minutes": sum(day.early_minutes for day in present),
        "late_counts": {code: sum(day.late_code == code for day in present) for code in LATE_CODES},
        "early_counts": {code: sum(day.early_code == code for day in present) for code in EARLY_CODES},
        "unexcused_days": sum(day.status == DayStatus.UNEXCUSED for day in working),
        "excused_days": excused,
        "minutes_worked": sum(day.minutes_worked for day in days),
        "expected_minutes": sum(day.expected_minutes for day in working),
    }


def _weekly(days: list[Day]) -> list[tuple[date, int, int]]:
    weeks: dict[date, list[int]] = {}
    for day in days:
        monday = day.date - timedelta(days=day.date.weekday())
        totals = weeks.setdefault(monday, [0, 0])
        totals[0] += day.minutes_worked
        totals[1] += day.expected_minutes if day.status in WORKING_STATUSES else 0
    return [(monday, worked, expected) for monday, (worked, expected) in sorted(weeks.items())]


def _assessed(
    employee: Employee, start: date, end: date, tally: YearTally, settings: DisciplineSettings
) -> DisciplineAssessment:
    if not tally.adjustments:
        return rules.assess_discipline(
            unexcused_dates=tally.unexcused_dates,
            late_early_minutes=tally.late_early_minutes,
            settings=settings,
            consecutive_max=tally.consecutive_max,
        )
    # a closed month was corrected: an adjustment may change any day's status, so read the days themselves
    days = employee_days(employee=employee, start=start, end=end)
    return rules.assess_discipline(
        unexcused_dates=[day.date for day in days if day.status == DayStatus.UNEXCUSED],
        late_early_minutes=sum(day.late_minutes + day.early_minutes for day in days if day.status == DayStatus.PRESENT),
        settings=settings,
        working_days=[day.date for day in days if day.status in WORKING_STATUSES],
    )


def year_to_date(*, employee: Employee, on: date) -> YearToDate:
    """Unexcused days and late/early minutes in the discipline year ending on ``on`` (RULES.md §3):
    one query (recap_sql), unless adjustments have to be laid over."""
    settings = settings_cache.versions(government_id=employee.government_id).discipline_settings_on(on)
    start, end = rules.discipline_window(on, settings.year_mode)
    tally = year_tally(employee_id=employee.pk, start=start, end=end, adjusted_from=start, adjusted_to=end)
    return YearToDate(start, end, _assessed(employee, start, end, tally, settings))


def month_recap(*, user: Any, employee: Employee, month: date) -> MonthRecap:
    """One employee's month: totals, each day with why its TPP was cut, and the year to date.

    Two queries — the month's days and the year's tally (recap_sql) — with the government's settings
    cached (two more otherwise); three more when adjustments apply (laid over in Python)."""
    if not can_read_employee(actor_of(user), employee):
        raise NotFound("Pegawai tidak ditemukan.")
    first, last = month_range(month)
    days = _stored_days(employee.pk, first, last)
    computed_to = max((day.date for day in days), default=first)
    versions = settings_cache.versions(government_id=employee.government_id)
    settings = versions.discipline_settings_on(computed_to)
    start, end = rules.discipline_window(computed_to, settings.year_mode)
    # the adjustments counted cover the month and the discipline year (which ends in the month)
    tally = year_tally(employee_id=employee.pk, start=start, end=end, adjusted_from=min(start, first), adjusted_to=last)
    if tally.adjustments:
        days = _laid_over(days, employee.pk, first, last)
    table = versions.deduction_table_on(first)
    deduction = rules.month_deduction_explained(
        [rules.Deduction(day.late_code or None, day.deduction_percent, "") for day in days], table
    )
    return MonthRecap(
        employee=employee,
        month=first,
        days=days,
        deduction=deduction,
        year_to_date=YearToDate(start, end, _assessed(employee, start, end, tally, settings)),
        weekly=_weekly(days),
        **_totals(days),
    )


def recap_json(recap: MonthRecap) -> dict[str, Any]:
    """The exact shape of GET /api/v1/attendance/recap (issue 5, item 9)."""
    ytd = recap.year_to_date.assessment
    return {
        "nip": recap.employee.nip or recap.employee.pppk_number or "",
        "month": f"{recap.month:%Y-%m}",
        "working_days": recap.working_days,
        "days_present": recap.days_present,
        "late_minutes": recap.late_minutes,
        "early_minutes": recap.early_minutes,
        "late_counts": recap.late_counts,
        "early_counts": recap.early_counts,
        "unexcused_days": recap.unexcused_days,
        "excused_days": recap.excused_days,
        "minutes_worked": recap.minutes_worked,
        "tpp_deduction_percent": percent_text(recap.deduction.percent),
        "year_to_date": {
            "unexcused_days": ytd.unexcused_days,
            "late_early_minutes": ytd.late_early_minutes,
            "equivalent_days": ytd.equivalent_days,
            "discipline_level": ytd.level.value if ytd.level else None,
            "sanction": ytd.sanction,
        },
        "consecutive_unexcused_max": ytd.consecutive_max,
    }


# --- an agency's (or the government's) month, in one aggregate query --------------------------------------


def _aggregates() -> dict[str, Any]:
    present, working = Q(status=DayStatus.PRESENT), Q(status__in=WORKING_STATUSES)
    columns: dict[str, Any] = {
        "working_days": Count("pk", filter=working),
        "days_present": Count("pk", filter=present),
        "late_minutes": Sum("late_minutes", filter=present, default=0),
        "early_minutes": Sum("early_minutes", filter=present, default=0),
        "unexcused_days": Count("pk", filter=Q(status=DayStatus.UNEXCUSED)),
        "excused_total": Count("pk", filter=Q(status=DayStatus.EXCUSED)),
        "minutes_worked": Sum("minutes_worked", default=0),
        "expected_minutes": Sum("expected_minutes", filter=working, default=0),
        "deduction_raw": Sum("deduction_percent", default=Decimal(0)),
    }
    for code in LATE_CODES:
        columns[code] = Count("pk", filter=Q(late_code=code))
    for code in EARLY_CODES:
        columns[code] = Count("pk", filter=Q(early_code=code))
    for kind in EXCUSE_KINDS:
        columns[f"excused_{kind}"] = Count("pk", filter=Q(status=DayStatus.EXCUSED, excuse_kind=kind))
    return columns


def month_rows(*, user: Any, month: date, agency_id: int | None = None) -> list[dict[str, Any]]:
    """One row of totals per employee the user may read (of one agency, or all), with the month's TPP
    deduction (adjustments added, capped by the table). One aggregate query plus one for adjustments."""
    first, last = month_range(month)
    days = days_for_user(user=user).filter(date__gte=first, date__lte=last)
    if agency_id is not None:
        days = days.filter(agency_id=agency_id)
    rows = list(
        days.values("employee_id", "employee__name", "employee__nip", "employee__pppk_number", "agency_id")
        .annotate(**_aggregates())
        .order_by("employee__name", "employee_id")
    )
    deltas = dict(
        Adjustment.objects.filter(employee_id__in=[row["employee_id"] for row in rows], date__gte=first, date__lte=last)
        .values("employee_id")
        .annotate(total=Sum("deduction_delta"))
        .values_list("employee_id", "total")
    )
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return []
    table = settings_cache.versions(government_id=actor.government_id).deduction_table_on(first)
    for row in rows:
        row["employee__nip"] = row["employee__nip"] or row.pop("employee__pppk_number") or ""
        raw = row["deduction_raw"] + deltas.get(row["employee_id"], Decimal(0))
        row["deduction_percent"] = min(max(raw, Decimal(0)), table.monthly_cap)
    return rows


def yesterday_for(*, user: Any) -> date:
    """The last computed day for the user's government (yesterday, local time)."""
    from .days import local_today

    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        raise NotFound("Pemerintah daerah tidak ditemukan.")
    return local_today(actor.government_id) - timedelta(days=1)
