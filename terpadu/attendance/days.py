"""Computing the days: calendar/shift × punches × approved excuses → one AttendanceDay per employee and
date (day_rules.day_result), with the TPP deduction table in force that day and why.

Days are computed once they are over (the nightly close computes yesterday; approvals of past excuses
and corrections recompute the days they touch). A day of a closed month is never rewritten here: see
:func:`day_adjust`, which records an :class:`Adjustment` next to it.

Cost: per chunk of employees, one query for the schedule's shift assignments, one for the events, one
for the excuses, one delete and one bulk insert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Employee, Government

from . import policies
from .day_rules import DayResult, Punch, day_result
from .interfaces import deduction_table_for
from .models import Adjustment, AttendanceDay, AttendanceEvent, Excuse, MonthClosing
from .rules import DeductionTable
from .schedule import ExpectedDay, expected_days

CHUNK = 1000


def month_start(day: date) -> date:
    return day.replace(day=1)


def closed_months(government_id: int, start: date, end: date) -> set[date]:
    return set(
        MonthClosing.objects.filter(
            government_id=government_id, month__gte=month_start(start), month__lte=end
        ).values_list("month", flat=True)
    )


def local_today(government_id: int) -> date:
    zone = Government.objects.values_list("timezone", flat=True).get(pk=government_id)
    return timezone.now().astimezone(ZoneInfo(zone)).date()


class _Tables:
    """The deduction table in force per date, read once per distinct version."""

    def __init__(self, government_id: int) -> None:
        self.government_id = government_id
        self._by_date: dict[date, DeductionTable] = {}

    def on(self, day: date) -> DeductionTable:
        if day not in self._by_date:
            self._by_date[day] = deduction_table_for(government_id=self.government_id, day=day)
        return self._by_date[day]


def _punches(employee_ids: Sequence[int], start: date, end: date) -> dict[int, list[Punch]]:
    rows = AttendanceEvent.objects.filter(
        employee_id__in=employee_ids, local_date__gte=start - timedelta(days=1), local_date__lte=end + timedelta(days=1)
    ).values_list("employee_id", "kind", "occurred_at")
    found: dict[int, list[Punch]] = defaultdict(list)
    for employee_id, kind, occurred_at in rows.iterator(chunk_size=20_000):
        found[employee_id].append(Punch(kind, occurred_at))
    return found


def approved_excuses(employee_ids: Sequence[int], start: date, end: date) -> dict[int, list[tuple[date, date, str]]]:
    rows = Excuse.objects.filter(
        employee_id__in=employee_ids, status="approved", start_date__lte=end, end_date__gte=start
    ).values_list("employee_id", "start_date", "end_date", "kind")
    found: dict[int, list[tuple[date, date, str]]] = defaultdict(list)
    for employee_id, first, last, kind in rows:
        found[employee_id].append((first, last, kind))
    return found


def excuse_on(excuses: Iterable[tuple[date, date, str]], day: date) -> str | None:
    """The approved excuse covering ``day``; a full-day one beats WFH/WFA."""
    kinds = [kind for first, last, kind in excuses if first <= day <= last]
    full = [kind for kind in kinds if kind not in ("wfh", "wfa")]
    chosen = full or kinds
    return chosen[0] if chosen else None


def _claim(punches: list[Punch], expected: ExpectedDay) -> list[Punch]:
    """The punches inside the day's window, taken out of ``punches`` (each counts for one day only)."""
    inside = [punch for punch in punches if expected.window_start <= punch.at < expected.window_end]
    if inside:
        punches[:] = [punch for punch in punches if punch not in inside]
    return inside


def explain(result: DayResult) -> list[dict[str, str]]:
    return [{"code": item.code or "", "percent": str(item.percent), "why": item.why} for item in result.deduction.items]


def _row(
    employee: tuple[int, int | None, int | None],
    expected: ExpectedDay,
    result: DayResult,
    government_id: int,
    now: datetime,
) -> AttendanceDay:
    employee_id, agency_id, unit_id = employee
    items = result.deduction.items
    return AttendanceDay(
        government_id=government_id,
        agency_id=agency_id,
        org_unit_id=unit_id,
        employee_id=employee_id,
        date=expected.date,
        status=result.status,
        excuse_kind=result.excuse_kind,
        flexible=result.flexible,
        schedule=expected.label[:120],
        expected_minutes=expected.expected_minutes,
        minutes_worked=result.minutes_worked,
        first_in=result.first_in,
        last_out=result.last_out,
        late_minutes=result.late_minutes,
        early_minutes=result.early_minutes,
        missing_in=result.missing_in,
        missing_out=result.missing_out,
        late_code=next((item.code or "" for item in items if (item.code or "").startswith("TL")), ""),
        early_code=next((item.code or "" for item in items if (item.code or "").startswith("PSW")), ""),
        deduction_percent=result.deduction.percent,
        explanation=explain(result),
        computed_at=now,
    )


def compute_rows(
    *, government_id: int, employees: Sequence[tuple[int, int | None, int | None]], start: date, end: date
) -> list[AttendanceDay]:
    """The day rows of ``employees`` ((id, agency id, unit id)) from ``start`` to ``end`` (unsaved)."""
    ids = [employee[0] for employee in employees]
    schedules = expected_days(
        government_id=government_id, employees=[(pk, unit) for pk, _, unit in employees], start=start, end=end
    )
    punches, excuses, tables, now = (
        _punches(ids, start, end),
        approved_excuses(ids, start, end),
        _Tables(government_id),
        timezone.now(),
    )
    rows = []
    for employee in employees:
        own_punches = sorted(punches.get(employee[0], []), key=lambda punch: punch.at)
        for expected in schedules[employee[0]]:
            result = day_result(
                kind=expected.kind,
                start=expected.start,
                end=expected.end,
                break_minutes=expected.break_minutes,
                punches=_claim(own_punches, expected),
                excuse=excuse_on(excuses.get(employee[0], ()), expected.date),
                table=tables.on(expected.date),
            )
            rows.append(_row(employee, expected, result, government_id, now))
    return rows


def days_compute(*, government_id: int, start: date, end: date, employee_ids: Sequence[int] | None = None) -> int:
    """(Re)compute the days from ``start`` to ``end`` that are over and not in a closed month; returns
    the number of rows written. Idempotent: a run replaces the rows it computes."""
    end = min(end, local_today(government_id) - timedelta(days=1))
    if end < start:
        return 0
    closed = closed_months(government_id, start, end)
    # elected officials (Bupati, Wakil Bupati) are not ASN: no attendance days
    employees = Employee.objects.filter(government_id=government_id, is_active=True).exclude(kind=Employee.Kind.ELECTED)
    if employee_ids is not None:
        employees = employees.filter(pk__in=list(employee_ids))
    people = list(employees.order_by("pk").values_list("pk", "agency_id", "org_unit_id"))
    written = 0
    for offset in range(0, len(people), CHUNK):
        chunk = people[offset : offset + CHUNK]
        rows = [
            row
            for row in compute_rows(government_id=government_id, employees=chunk, start=start, end=end)
            if month_start(row.date) not in closed
        ]
        with transaction.atomic():
            stale = AttendanceDay.objects.filter(
                employee_id__in=[pk for pk, _, _ in chunk], date__gte=start, date__lte=end
            )
            for month in closed:
                stale = stale.exclude(date__year=month.year, date__month=month.month)
            stale.delete()
            AttendanceDay.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return written


def days_recompute(*, employee_id: int, start: date, end: date) -> int:
    """Recompute one employee's days after an approval touched them (past days only)."""
    government_id = Employee.objects.values_list("government_id", flat=True).get(pk=employee_id)
    return days_compute(government_id=government_id, start=start, end=end, employee_ids=[employee_id])


def close_yesterday(*, government_id: int) -> int:
    """The nightly close: yesterday (and the day before, in case a late check-out came in)."""
    yesterday = local_today(government_id) - timedelta(days=1)
    return days_compute(government_id=government_id, start=yesterday - timedelta(days=1), end=yesterday)


# --- after closing: adjustments ---------------------------------------------------------------------------

ADJUSTED_FIELDS = ("status", "excuse_kind", "late_minutes", "early_minutes", "minutes_worked", "deduction_percent")


def _snapshot(row: AttendanceDay | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {name: str(getattr(row, name)) for name in ADJUSTED_FIELDS}


@transaction.atomic
def day_adjust(*, user: Any, employee: Employee, day: date, reason: str) -> Adjustment:
    """A correction to a day of a closed month: the day is computed again from what is stored now
    (approved excuses and corrections included) and the difference is recorded as an adjustment; the
    closed day itself does not change."""
    actor = actor_of(user)
    policies.ensure(policies.can_close_month(actor), "Hanya BKPSDM yang dapat menyesuaikan rekap bulan yang ditutup.")
    closing = MonthClosing.objects.filter(government_id=employee.government_id, month=month_start(day)).first()
    if closing is None:
        raise ValidationFailed(
            "Bulan ini belum ditutup: hitung ulang harinya saja.", fields={"date": "Bulan belum ditutup."}
        )
    if not reason.strip():
        raise ValidationFailed("Alasan penyesuaian wajib diisi.", fields={"reason": "Wajib diisi."})
    stored = AttendanceDay.objects.filter(employee=employee, date=day).first()
    fresh = compute_rows(
        government_id=employee.government_id,
        employees=[(employee.pk, employee.agency_id, employee.org_unit_id)],
        start=day,
        end=day,
    )[0]
    delta = fresh.deduction_percent - (stored.deduction_percent if stored else Decimal(0))
    adjustment = Adjustment.objects.create(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        date=day,
        closing=closing,
        before=_snapshot(stored),
        after=_snapshot(fresh),
        deduction_delta=delta,
        reason=reason.strip(),
        created_at=timezone.now(),
        created_by=user,
    )
    audit_record(
        actor=user,
        action="attendance.day.adjust",
        target=adjustment,
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        before=adjustment.before,
        after={**adjustment.after, "date": day.isoformat(), "reason": adjustment.reason},
    )
    return adjustment
