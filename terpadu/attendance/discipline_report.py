"""Who crossed which discipline threshold (RULES.md §3), for superiors and the BKPSDM, with the evidence.

One aggregate query over the computed days of the discipline year (per the settings in force: calendar
year or 12 months) gives each employee's unexcused days and late/early minutes; the employees whose
total reaches a level — or who have 10 unexcused days at least, so could have a run of 10 in a row —
are then assessed one by one with their evidence dates (rules.assess_discipline). An employee with a
closed month corrected in the window (an adjustment) is assessed as their own recap does, with the
adjustments laid over, so that the report and the recap never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum

from terpadu.core.roles import actor_of
from terpadu.directory.models import Employee

from . import rules
from .interfaces import discipline_settings_for
from .models import Adjustment
from .models.days import DayStatus
from .recap import WORKING_STATUSES, days_for_user, year_to_date
from .rules import CONSECUTIVE_DISMISSAL_DAYS, DisciplineAssessment


@dataclass(frozen=True)
class Crossed:
    employee_id: int
    name: str
    nip: str
    agency_id: int | None
    assessment: DisciplineAssessment


def discipline_report(*, user: Any, on: date, agency_id: int | None = None) -> tuple[date, date, list[Crossed]]:
    """The discipline year ending ``on`` and the employees (the user may read) who crossed a threshold,
    most serious first."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return on, on, []
    settings = discipline_settings_for(government_id=actor.government_id, day=on)
    start, end = rules.discipline_window(on, settings.year_mode)
    days = days_for_user(user=user).filter(date__gte=start, date__lte=end)
    if agency_id is not None:
        days = days.filter(agency_id=agency_id)
    present = Q(status=DayStatus.PRESENT)
    totals = days.values("employee_id", "employee__name", "employee__nip", "agency_id").annotate(
        unexcused=Count("pk", filter=Q(status=DayStatus.UNEXCUSED)),
        minutes=Sum("late_minutes", filter=present, default=0) + Sum("early_minutes", filter=present, default=0),
    )
    adjusted = set(
        Adjustment.objects.filter(
            employee_id__in=days.values("employee_id"), date__gte=start, date__lte=end
        ).values_list("employee_id", flat=True)
    )
    lowest = rules.DISCIPLINE_BANDS[1][0]  # the first day count that carries a level
    candidates = [
        row
        for row in totals
        if row["employee_id"] not in adjusted
        and (
            row["unexcused"] + rules.minutes_to_days(row["minutes"], settings.minutes_per_day) >= lowest
            or row["unexcused"] >= CONSECUTIVE_DISMISSAL_DAYS
        )
    ]
    evidence = _evidence(days, [row["employee_id"] for row in candidates])
    crossed = _adjusted_crossings(adjusted, on)
    for row in candidates:
        dates, working = evidence.get(row["employee_id"], ([], []))
        assessment = rules.assess_discipline(
            unexcused_dates=dates, late_early_minutes=row["minutes"], settings=settings, working_days=working
        )
        if assessment.level is not None:
            crossed.append(
                Crossed(
                    row["employee_id"], row["employee__name"], row["employee__nip"] or "", row["agency_id"], assessment
                )
            )
    crossed.sort(key=lambda item: (-item.assessment.total_days, item.name))
    return start, end, crossed


def _evidence(days: Any, employee_ids: list[int]) -> dict[int, tuple[list[date], list[date]]]:
    """Unexcused dates and working dates of the candidates (one query)."""
    found: dict[int, tuple[list[date], list[date]]] = {}
    rows = days.filter(employee_id__in=employee_ids, status__in=WORKING_STATUSES).values_list(
        "employee_id", "date", "status"
    )
    for employee_id, day, status in rows.order_by("employee_id", "date"):
        dates, working = found.setdefault(employee_id, ([], []))
        working.append(day)
        if status == DayStatus.UNEXCUSED:
            dates.append(day)
    return found


def _adjusted_crossings(employee_ids: set[int], on: date) -> list[Crossed]:
    """The employees whose closed months were corrected, assessed one by one as their recap does."""
    crossed = []
    for employee in Employee.objects.filter(pk__in=sorted(employee_ids)).order_by("pk"):
        assessment = year_to_date(employee=employee, on=on).assessment
        if assessment.level is not None:
            crossed.append(Crossed(employee.pk, employee.name, employee.nip or "", employee.agency_id, assessment))
    return crossed
