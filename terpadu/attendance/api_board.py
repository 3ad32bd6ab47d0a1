"""E-Absen API: the leaders' board today, an agency's monthly recap per employee, and closing a month
(mounted under /api/v1/attendance by api.py).

- ``GET /attendance/board?date=`` — today's counts per agency (today only: earlier days are in the recap);
- ``GET /attendance/recap/agency?month=YYYY-MM&agency_id=`` — one row per employee (percentages as decimal
  strings), and whether the month is closed;
- ``POST /attendance/months/{YYYY-MM}/close`` — the BKPSDM locks the month (its days computed first).

Who: the regional head, deputy, secretary, platform admin and BKPSDM (the whole government), an agency's
head or admin (their agency); everyone else 403. Closing: the BKPSDM or the platform admin.
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from terpadu.core.access import api_access
from terpadu.core.apischema import ERRORS
from terpadu.core.errors import ValidationFailed

from . import board, closing
from .api_recap import parse_month
from .board_recap import api_row, month_view_for_user

router = Router(tags=["absensi"])


class BoardIn(Schema):
    date: datetime.date | None = None


class BoardCountsOut(Schema):
    present: int
    late: int
    absent: int
    leave: int
    duty: int
    flexible: int
    not_due: int
    off: int


class BoardAgencyOut(Schema):
    agency_id: int
    code: str
    name: str
    total: int
    counts: BoardCountsOut


class BoardOut(Schema):
    date: datetime.date
    generated_at: datetime.datetime
    agencies: list[BoardAgencyOut]
    total: int
    counts: BoardCountsOut


class AgencyRecapIn(Schema):
    month: str
    agency_id: int | None = None


class EmployeeRecapOut(Schema):
    nip: str
    name: str
    working_days: int
    days_present: int
    late_minutes: int
    early_minutes: int
    unexcused_days: int
    excused_total: int
    minutes_worked: int
    tpp_deduction_percent: str


class AgencyRecapOut(Schema):
    month: str
    agency_id: int | None
    closed: bool
    employees: list[EmployeeRecapOut]


class CloseIn(Schema):
    note: str = ""


class ClosingOut(Schema):
    month: str
    closed_at: datetime.datetime
    closed_by: str
    note: str


@router.get("/board", response={200: BoardOut, **ERRORS})
@api_access(board.READERS)
def board_today(request: HttpRequest, params: Query[BoardIn]) -> Any:
    """Today's counts per agency the caller sees: present (on time), late, absent, on leave, on duty,
    WFH/WFA, not yet due, off."""
    found = board.board_for_user(user=request.user)
    if params.date is not None and params.date != found.date:
        raise ValidationFailed(
            "Papan presensi hanya untuk hari ini; hari yang lalu ada di rekap.", fields={"date": "Hanya hari ini."}
        )
    return {
        "date": found.date,
        "generated_at": found.now,
        "agencies": [
            {"agency_id": row.key, "code": row.code, "name": row.name, "total": row.total, "counts": row.counts}
            for row in found.rows
        ],
        "total": found.totals.total,
        "counts": found.totals.counts,
    }


@router.get("/recap/agency", response={200: AgencyRecapOut, **ERRORS})
@api_access(board.READERS)
def agency_recap(request: HttpRequest, params: Query[AgencyRecapIn]) -> Any:
    """The month per employee of one agency (or of every agency the caller sees)."""
    month = parse_month(params.month)
    view = month_view_for_user(user=request.user, month=month, agency_id=params.agency_id)
    return {
        "month": f"{view.month:%Y-%m}",
        "agency_id": params.agency_id,
        "closed": view.closed,
        "employees": [api_row(row) for row in view.rows],
    }


@router.post("/months/{month}/close", response={201: ClosingOut, **ERRORS})
@api_access(board.READERS)
def month_close(request: HttpRequest, month: str, payload: CloseIn) -> Any:
    """Lock a month that is over (the BKPSDM), body ``{"note": "…"}`` (``{}`` for none): 409 when already
    closed, 422 when not over yet."""
    found = closing.month_close(user=request.user, month=parse_month(month), note=payload.note)
    return Status(
        201,
        {
            "month": f"{found.month:%Y-%m}",
            "closed_at": found.closed_at,
            "closed_by": found.closed_by.get_username(),
            "note": found.note,
        },
    )
