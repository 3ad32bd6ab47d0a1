"""The monthly recap of the leaders and the BKPSDM: one row per employee (:func:`recap.month_rows`, one
aggregate query) and the totals per agency, whether the month is closed, and the adjustments recorded
after closing. Read by the recap page, its XLSX/PDF exports and ``GET /attendance/recap/agency``.

Scope: the agencies of the board (:func:`board.agencies_for`): the whole government for the regional
head, deputy, secretary, platform admin and BKPSDM; their agency for an agency's head or admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from terpadu.core.errors import NotFound
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency, Government

from . import board, recap
from .closing import closing_of
from .models import Adjustment, MonthClosing

SUMMED = (
    "working_days",
    "days_present",
    "late_minutes",
    "early_minutes",
    "unexcused_days",
    "excused_total",
    "minutes_worked",
)
ADJUSTMENT_LIMIT = 200
FIELD_LABELS = {
    "status": "status",
    "excuse_kind": "jenis izin",
    "late_minutes": "terlambat (menit)",
    "early_minutes": "pulang cepat (menit)",
    "minutes_worked": "menit kerja",
    "deduction_percent": "potongan TPP (%)",
}


@dataclass(frozen=True)
class AgencyTotal:
    agency_id: int
    code: str
    name: str
    employees: int
    working_days: int
    days_present: int
    late_minutes: int
    early_minutes: int
    unexcused_days: int
    excused_total: int
    minutes_worked: int
    #: the mean of the employees' monthly TPP deduction (%), two places
    deduction_average: Decimal


@dataclass(frozen=True)
class MonthView:
    month: date
    government: Government
    agency: Agency | None
    agencies: list[Agency]
    totals: list[AgencyTotal]
    rows: list[dict[str, Any]]
    closing: MonthClosing | None
    adjustments: list[Adjustment] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.closing is not None


def _average(values: list[Decimal]) -> Decimal:
    if not values:
        return Decimal("0.00")
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def agency_totals(rows: list[dict[str, Any]], agencies: list[Agency]) -> list[AgencyTotal]:
    """One total per agency (every agency listed, in order, even without rows)."""
    grouped: dict[int, list[dict[str, Any]]] = {agency.pk: [] for agency in agencies}
    for row in rows:
        if row["agency_id"] in grouped:
            grouped[row["agency_id"]].append(row)
    return [
        AgencyTotal(
            agency_id=agency.pk,
            code=agency.code,
            name=agency.name,
            employees=len({row["employee_id"] for row in grouped[agency.pk]}),
            **{name: sum(int(row[name]) for row in grouped[agency.pk]) for name in SUMMED},
            deduction_average=_average([row["deduction_percent"] for row in grouped[agency.pk]]),
        )
        for agency in agencies
    ]


def month_view_for_user(*, user: Any, month: date, agency_id: int | None = None) -> MonthView:
    """The month for the user's agencies (or one of them), closing state and adjustments included."""
    actor = actor_of(user)
    if not board.can_view(actor):
        raise NotFound("Rekap bulanan tidak tersedia untuk akun ini.")
    assert actor is not None and actor.government_id is not None
    agencies = list(board.agencies_for(actor).order_by("code"))
    agency = board.agency_for_user(user=user, agency_id=agency_id) if agency_id is not None else None
    allowed = {item.pk for item in agencies}
    rows = [row for row in recap.month_rows(user=user, month=month, agency_id=agency_id) if row["agency_id"] in allowed]
    first, last = recap.month_range(month)
    adjustments = Adjustment.objects.filter(
        government_id=actor.government_id, date__gte=first, date__lte=last, agency_id__in=sorted(allowed)
    )
    if agency is not None:
        adjustments = adjustments.filter(agency_id=agency.pk)
    return MonthView(
        month=first,
        government=Government.objects.get(pk=actor.government_id),
        agency=agency,
        agencies=agencies,
        totals=agency_totals(rows, [agency] if agency else agencies),
        rows=rows,
        closing=closing_of(government_id=actor.government_id, month=first),
        adjustments=list(adjustments.select_related("employee", "created_by")[:ADJUSTMENT_LIMIT]),
    )


def api_row(row: dict[str, Any]) -> dict[str, Any]:
    """One employee's line of ``GET /attendance/recap/agency``."""
    return {
        "nip": row["employee__nip"] or "",
        "name": row["employee__name"],
        **{name: int(row[name]) for name in SUMMED},
        "tpp_deduction_percent": recap.percent_text(row["deduction_percent"]),
    }


def changes_of(adjustment: Adjustment) -> list[tuple[str, str, str]]:
    """(label, before, after) of each field an adjustment changed."""
    before, after = adjustment.before or {}, adjustment.after or {}
    return [
        (label, str(before.get(name, "—")), str(after.get(name, "—")))
        for name, label in FIELD_LABELS.items()
        if before.get(name) != after.get(name)
    ]
