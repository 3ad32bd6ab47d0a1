"""E-Absen API: excuses (leave, duty, WFH/WFA, training), the leave balance and corrections of a
forgotten check-in/out (mounted under /api/v1/attendance by api.py). Reads are scoped by the selectors;
who may decide is checked by the services (the approver: the direct superior when it was asked)."""

import datetime as dt
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS, Pages
from terpadu.core.scoping import get_for_user
from terpadu.directory.models import Employee

from . import corrections, excuses, leave_balance
from . import request_common as common
from . import request_selectors as selectors
from .models import CorrectionRequest, Excuse

router = Router(tags=["absensi"])


class ExcuseIn(Schema):
    kind: str = Field(
        ..., description="annual, long_service, sick, maternity, important_reason, unpaid, duty, wfh, wfa, training"
    )
    start_date: date
    end_date: date
    reason: str
    place: str = Field("", description="tempat tujuan (dinas luar) atau tempat kerja (WFA)")
    letter_number: str = Field(
        "", description="nomor surat tugas E-Surat yang sudah ditandatangani (dinas luar/diklat)"
    )
    employee_id: int | None = Field(None, description="hanya admin/kepala OPD: diajukan untuk pegawai OPD-nya")


class NoteIn(Schema):
    note: str = ""


class _RequestOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    nip: str | None
    status: str
    status_label: str
    reason: str
    approver_id: int | None
    approver_name: str | None
    created_at: datetime
    decided_at: datetime | None
    decision_note: str

    @staticmethod
    def resolve_employee_name(obj: Any) -> str:
        return str(obj.employee.full_name)

    @staticmethod
    def resolve_nip(obj: Any) -> str | None:
        return obj.employee.nip

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_approver_name(obj: Any) -> str | None:
        return obj.approver.full_name if obj.approver_id else None


class ExcuseOut(_RequestOut):
    kind: str
    kind_label: str
    start_date: date
    end_date: date
    working_days: int
    place: str
    letter_id: int | None
    letter_number: str
    attachment_url: str | None

    @staticmethod
    def resolve_kind_label(obj: Excuse) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_attachment_url(obj: Excuse) -> str | None:
        return reverse("documents:download", args=[obj.attachment_id]) if obj.attachment_id else None


class CorrectionIn(Schema):
    date: dt.date
    kind: str = Field(..., description="in (masuk) atau out (pulang)")
    time: dt.time = Field(..., description="jam setempat, HH:MM")
    reason: str


class CorrectionOut(_RequestOut):
    date: dt.date
    kind: str
    time: dt.time
    event_id: int | None


class OtherLeaveOut(Schema):
    type: str
    rule: str


class LeaveBalanceOut(Schema):
    year: int
    quota: int
    carried_over: int
    entitlement: int
    joint_leave_days: int
    taken_days: int
    remaining: int
    pending_days: int
    available: int
    why: str
    others: list[OtherLeaveOut]


def _excuse(request: HttpRequest, excuse_id: int) -> Excuse:
    return selectors.excuse_get_for_user(user=request.user, pk=excuse_id)


def _correction(request: HttpRequest, correction_id: int) -> CorrectionRequest:
    return selectors.correction_get_for_user(user=request.user, pk=correction_id)


def _fresh(excuse: Excuse) -> Excuse:
    return Excuse.objects.select_related("employee", "approver").get(pk=excuse.pk)


@router.post("/excuses", response={201: ExcuseOut, **ERRORS})
@api_access(AUTHENTICATED)
def excuse_create(request: HttpRequest, payload: ExcuseIn) -> Status[Excuse]:
    """Ask for leave, official duty, WFH/WFA or training; the direct superior is notified."""
    data = payload.dict()
    employee_id = data.pop("employee_id")
    employee = get_for_user(Employee, request.user, employee_id) if employee_id is not None else None
    excuse = excuses.excuse_request(user=request.user, employee=employee, **data)
    return Status(201, _fresh(excuse))


@router.get("/excuses", response={200: list[ExcuseOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def excuse_list(request: HttpRequest, status: str = "", mine: bool = False, to_decide: bool = False) -> Any:
    """What the user may read: ``mine`` their own, ``to_decide`` what waits for their decision."""
    return selectors.excuses_for_user(user=request.user, status=status, mine=mine, to_decide=to_decide)


@router.get("/excuses/{excuse_id}", response={200: ExcuseOut, **ERRORS})
@api_access(AUTHENTICATED)
def excuse_detail(request: HttpRequest, excuse_id: int) -> Any:
    return _excuse(request, excuse_id)


@router.post("/excuses/{excuse_id}/approve", response={200: ExcuseOut, **ERRORS})
@api_access(AUTHENTICATED)
def excuse_approve(request: HttpRequest, excuse_id: int, payload: NoteIn) -> Any:
    excuse = excuses.excuse_approve(user=request.user, excuse=_excuse(request, excuse_id), note=payload.note)
    return _fresh(excuse)


@router.post("/excuses/{excuse_id}/reject", response={200: ExcuseOut, **ERRORS})
@api_access(AUTHENTICATED)
def excuse_reject(request: HttpRequest, excuse_id: int, payload: NoteIn) -> Any:
    """Reject with the reason (``note``, required)."""
    excuse = excuses.excuse_reject(user=request.user, excuse=_excuse(request, excuse_id), note=payload.note)
    return _fresh(excuse)


@router.post("/excuses/{excuse_id}/cancel", response={200: ExcuseOut, **ERRORS})
@api_access(AUTHENTICATED)
def excuse_cancel(request: HttpRequest, excuse_id: int) -> Any:
    """The employee withdraws a pending request, or an approved one that has not started."""
    return _fresh(excuses.excuse_cancel(user=request.user, excuse=_excuse(request, excuse_id)))


@router.get("/leave-balance", response={200: LeaveBalanceOut, **ERRORS})
@api_access(AUTHENTICATED)
def leave_balance_own(request: HttpRequest, year: int | None = None) -> Any:
    """The user's own cuti tahunan balance of ``year`` (default: this year) and the other leave rules."""
    employee = common.own_employee(request.user)
    today = common.local_today(employee.government_id)
    balance = leave_balance.leave_balance(
        employee_id=employee.pk, government_id=employee.government_id, year=year or today.year, today=today
    )
    annual = balance.annual
    return {
        "year": balance.year,
        "quota": annual.quota,
        "carried_over": annual.carried_over,
        "entitlement": annual.entitlement,
        "joint_leave_days": annual.joint_leave_days,
        "taken_days": annual.taken_days,
        "remaining": annual.remaining,
        "pending_days": balance.pending_days,
        "available": balance.available,
        "why": annual.why,
        "others": [{"type": label, "rule": rule} for label, rule in balance.others],
    }


@router.post("/corrections", response={201: CorrectionOut, **ERRORS})
@api_access(AUTHENTICATED)
def correction_create(request: HttpRequest, payload: CorrectionIn) -> Status[CorrectionRequest]:
    """Ask the direct superior to record a forgotten check-in (``in``) or check-out (``out``)."""
    correction = corrections.correction_request(user=request.user, **payload.dict())
    return Status(201, _correction(request, correction.pk))


@router.get("/corrections", response={200: list[CorrectionOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def correction_list(request: HttpRequest, status: str = "", mine: bool = False, to_decide: bool = False) -> Any:
    return selectors.corrections_for_user(user=request.user, status=status, mine=mine, to_decide=to_decide)


@router.post("/corrections/{correction_id}/approve", response={200: CorrectionOut, **ERRORS})
@api_access(AUTHENTICATED)
def correction_approve(request: HttpRequest, correction_id: int, payload: NoteIn) -> Any:
    """Approve: the check-in/out is recorded as an event of source ``correction``."""
    row = corrections.correction_approve(
        user=request.user, correction=_correction(request, correction_id), note=payload.note
    )
    return _correction(request, row.pk)


@router.post("/corrections/{correction_id}/reject", response={200: CorrectionOut, **ERRORS})
@api_access(AUTHENTICATED)
def correction_reject(request: HttpRequest, correction_id: int, payload: NoteIn) -> Any:
    row = corrections.correction_reject(
        user=request.user, correction=_correction(request, correction_id), note=payload.note
    )
    return _correction(request, row.pk)
