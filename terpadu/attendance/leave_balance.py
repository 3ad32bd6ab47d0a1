"""Leave balances read from the calendar, the quotas in force and the excuses (RULES.md §2, §5).

Cuti tahunan of a year = quota + carry-over from the year before (within the limits) − the year's
cuti bersama − approved cuti tahunan; pending requests are shown apart and keep their days reserved.
The carry-over counts only when the employee has records in E-Absen for the year before (otherwise
there is nothing to know it from, and nothing is assumed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from terpadu.calendar.interfaces import calendar_days
from terpadu.calendar.rules import DayKind

from . import rules
from .interfaces import leave_quotas_for
from .models import AttendanceEvent, Excuse
from .rules import AnnualLeaveBalance, LeaveQuotas, LeaveType


@dataclass(frozen=True)
class LeaveBalance:
    year: int
    annual: AnnualLeaveBalance
    pending_days: int
    #: what a new request may still take: remaining minus the pending requests
    available: int
    quotas: LeaveQuotas
    #: other leave types: (type, what the quota allows)
    others: tuple[tuple[str, str], ...]


def joint_leave_days(*, government_id: int, year: int) -> int:
    """Cuti bersama of the year (deducted from cuti tahunan, RULES.md §2)."""
    days = calendar_days(government_id=government_id, start=date(year, 1, 1), end=date(year, 12, 31))
    return sum(1 for day in days if day.kind is DayKind.JOINT_LEAVE)


def _annual_days(employee_id: int, year: int, status: str) -> int:
    rows = Excuse.objects.filter(
        employee_id=employee_id, kind=Excuse.Kind.ANNUAL, status=status, start_date__year=year
    ).aggregate(days=Sum("working_days"))
    return int(rows["days"] or 0)


def _has_records(employee_id: int, year: int) -> bool:
    return (
        Excuse.objects.filter(employee_id=employee_id, start_date__year=year).exists()
        or AttendanceEvent.objects.filter(employee_id=employee_id, local_date__year=year).exists()
    )


def quotas_of_year(*, government_id: int, year: int, today: date) -> LeaveQuotas:
    """The quotas in force on today's date within that year (its last day for a past year)."""
    day = min(max(today, date(year, 1, 1)), date(year, 12, 31))
    return leave_quotas_for(government_id=government_id, day=day)


def carried_over(*, employee_id: int, government_id: int, year: int, today: date) -> int:
    previous = year - 1
    if not _has_records(employee_id, previous):
        return 0
    quotas = quotas_of_year(government_id=government_id, year=previous, today=today)
    balance = rules.annual_leave_balance(
        quotas.quotas.get(LeaveType.ANNUAL, 0),
        0,
        _annual_days(employee_id, previous, "approved"),
        joint_leave_days(government_id=government_id, year=previous),
        carry_over_max=quotas.annual_carry_over_max,
        total_max=quotas.annual_total_max,
    )
    return rules.carry_over(balance.remaining, quotas.annual_carry_over_max)


def _others(quotas: LeaveQuotas) -> tuple[tuple[str, str], ...]:
    rows = []
    for leave in LeaveType:
        if leave is LeaveType.ANNUAL:
            continue
        rows.append((leave.label, f"paling lama {quotas.quotas.get(leave, 0)} {rules.LEAVE_UNITS[leave]}"))
    return tuple(rows)


def leave_balance(*, employee_id: int, government_id: int, year: int, today: date) -> LeaveBalance:
    quotas = quotas_of_year(government_id=government_id, year=year, today=today)
    annual = rules.annual_leave_balance(
        quotas.quotas.get(LeaveType.ANNUAL, 0),
        carried_over(employee_id=employee_id, government_id=government_id, year=year, today=today),
        _annual_days(employee_id, year, "approved"),
        joint_leave_days(government_id=government_id, year=year),
        carry_over_max=quotas.annual_carry_over_max,
        total_max=quotas.annual_total_max,
    )
    pending = _annual_days(employee_id, year, "pending")
    return LeaveBalance(year, annual, pending, max(0, annual.remaining - pending), quotas, _others(quotas))
