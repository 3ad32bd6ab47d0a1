"""Excuses: leave (cuti), official duty (dinas luar), WFH/WFA and training over a date range, asked by
the employee (or filed for them by their agency's admin) and decided by the direct superior.

Each write validates, runs in one transaction, moves along ``request_rules.EXCUSE_TRANSITIONS``,
appends an audit row, and after commit notifies (once) and has the attendance days recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.correspondence.interfaces import letter_reference
from terpadu.directory.models import Employee
from terpadu.documents.interfaces import store_upload

from . import leave_balance, policies, schedule
from . import request_common as common
from .interfaces import leave_quotas_for
from .models import Excuse
from .request_rules import (
    EXCUSE_TRANSITIONS,
    LEAVE_KINDS,
    NEEDS_PLACE,
    NOTE_MAX,
    PNS_ONLY,
    TAKES_LETTER,
    Action,
    annual_leave_problem,
    leave_length_problem,
    overlap_message,
    period,
    range_problems,
)
from .rules import LeaveType

ATTACHMENT_PURPOSE = "absensi-lampiran"
ACTIVE = ("pending", "approved")


@dataclass(frozen=True)
class _Letter:
    id: int | None = None
    number: str = ""


def _fail(message: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def _employee_for(user: Any, employee: Employee | None) -> Employee:
    """The employee the request is about: oneself, or one of the agency an admin/head manages."""
    own = common.own_employee(user) if employee is None else None
    if own is not None:
        return own
    assert employee is not None
    actor = common.acting(user)
    same = employee.pk == actor.employee_id
    manages = employee.government_id == actor.government_id and policies.can_manage_agency(actor, employee.agency_id)
    if not (policies.may_write(actor) and (same or manages)):
        raise AccessDenied("Anda hanya dapat mengajukan untuk diri sendiri atau pegawai OPD yang Anda kelola.")
    return employee


def _check_fields(kind: str, reason: str, place: str, start: date, end: date, today: date) -> None:
    if kind not in Excuse.Kind.values:
        raise _fail("Jenis izin tidak dikenal.", "kind")
    problems = range_problems(start, end, today)
    if not reason.strip():
        problems["reason"] = ["Alasan wajib diisi."]
    if kind in NEEDS_PLACE and not place.strip():
        problems["place"] = ["Tempat wajib diisi untuk dinas luar dan WFA."]
    if problems:
        first = next(iter(problems.values()))[0]
        raise ValidationFailed(first, fields=problems)


def _letter(government_id: int, kind: str, number: str) -> _Letter:
    if not number.strip():
        return _Letter()
    if kind not in TAKES_LETTER:
        raise _fail("Surat tugas hanya untuk dinas luar atau diklat.", "letter_number")
    ref = letter_reference(government_id=government_id, number=number)
    if ref is None:
        raise _fail("Surat tugas dengan nomor itu tidak ditemukan atau belum ditandatangani.", "letter_number")
    return _Letter(ref.id, ref.number)


def _leave_problem(
    employee: Employee, kind: str, start: date, end: date, days: int, today: date
) -> ValidationFailed | None:
    leave = LEAVE_KINDS.get(kind)
    if leave is None:
        return None
    if employee.kind == Employee.Kind.ELECTED:
        return _fail("Cuti PNS/PPPK tidak berlaku bagi pejabat negara.", "kind")
    if employee.kind == Employee.Kind.PPPK and leave in PNS_ONLY:
        return _fail(f"{leave.label} tidak berlaku bagi PPPK.", "kind")
    if leave is LeaveType.ANNUAL:
        balance = leave_balance.leave_balance(
            employee_id=employee.pk, government_id=employee.government_id, year=start.year, today=today
        )
        problem = annual_leave_problem(start, end, days, balance.available)
    else:
        quota = leave_quotas_for(government_id=employee.government_id, day=start).quotas.get(leave, 0)
        problem = leave_length_problem(leave, quota, start, end)
    return _fail(problem, "end_date") if problem else None


def _check_overlap(employee: Employee, start: date, end: date) -> None:
    clash = (
        Excuse.objects.filter(employee=employee, status__in=ACTIVE, start_date__lte=end, end_date__gte=start)
        .order_by("start_date")
        .first()
    )
    if clash is not None:
        raise Conflict(
            overlap_message(clash.get_kind_display(), clash.start_date, clash.end_date),
            fields={"start_date": ["Tanggal bertumpang tindih dengan pengajuan lain."]},
        )


def _working_days(employee: Employee, kind: str, start: date, end: date, today: date) -> int:
    """Working days of the employee's own schedule (the calendar, or their shifts) in the range."""
    days = sum(1 for day in schedule.employee_expected_days(employee=employee, start=start, end=end) if day.is_working)
    if days == 0:
        raise _fail("Rentang tanggal itu tidak memuat hari kerja.", "end_date")
    problem = _leave_problem(employee, kind, start, end, days, today)
    if problem is not None:
        raise problem
    return days


def excuse_request(
    *,
    user: Any,
    kind: str,
    start_date: date,
    end_date: date,
    reason: str,
    place: str = "",
    letter_number: str = "",
    attachment: UploadedFile | None = None,
    employee: Employee | None = None,
) -> Excuse:
    """Ask for an excuse; the direct superior decides. Leave is checked against the quotas in force."""
    employee = _employee_for(user, employee)
    today = common.local_today(employee.government_id)
    _check_fields(kind, reason, place, start_date, end_date, today)
    letter = _letter(employee.government_id, kind, letter_number)
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one request at a time per employee
        _check_overlap(employee, start_date, end_date)
        days = _working_days(employee, kind, start_date, end_date, today)
        approver = common.approver_for(employee)
        stored = (
            store_upload(file=attachment, purpose=ATTACHMENT_PURPOSE, user=user, government_id=employee.government_id)
            if attachment is not None
            else None
        )
        excuse = Excuse.objects.create(
            government_id=employee.government_id,
            agency_id=employee.agency_id,
            employee=employee,
            approver=approver,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            working_days=days,
            reason=reason.strip(),
            place=place.strip(),
            letter_id=letter.id,
            letter_number=letter.number,
            attachment_id=stored.id if stored else None,
            created_at=timezone.now(),
            created_by=user,
        )
        audit_record(
            actor=user,
            action="attendance.excuse.request",
            target=excuse,
            government_id=excuse.government_id,
            agency_id=excuse.agency_id,
            after=snapshot(excuse),
        )
        common.notify_deciders(
            excuse,
            entity="excuse",
            title=f"Pengajuan {excuse.get_kind_display().lower()} menunggu persetujuan",
            body=f"{employee.full_name}: {period(start_date, end_date)} ({days} hari kerja). Alasan: {excuse.reason}",
        )
    return excuse


def _after_decision(excuse: Excuse, title: str, note: str) -> None:
    common.notify_employee(
        excuse,
        entity="excuse",
        title=title,
        body=f"{period(excuse.start_date, excuse.end_date)}.{common.display_note(note)}",
    )
    today = common.local_today(excuse.government_id)
    if excuse.start_date <= today:
        common.recompute_later(
            employee_ids=[excuse.employee_id], start=excuse.start_date, end=min(excuse.end_date, today)
        )


def _decide(user: Any, excuse: Excuse, action: Action, note: str) -> Excuse:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise _fail(f"Catatan paling panjang {NOTE_MAX} karakter.", "note")
    with transaction.atomic():
        common.ensure_may_decide(user, excuse)
        row = common.locked(excuse)
        row = common.transition(
            user=user, request=row, table=EXCUSE_TRANSITIONS, action=action, note=note, entity="excuse"
        )
        label = "disetujui" if action is Action.APPROVE else "ditolak"
        _after_decision(row, f"{row.get_kind_display()} Anda {label}", note)
    return row


def excuse_approve(*, user: Any, excuse: Excuse, note: str = "") -> Excuse:
    return _decide(user, excuse, Action.APPROVE, note)


def excuse_reject(*, user: Any, excuse: Excuse, note: str) -> Excuse:
    if not note.strip():
        raise _fail("Alasan penolakan wajib diisi.", "note")
    return _decide(user, excuse, Action.REJECT, note)


def _may_cancel(user: Any, excuse: Excuse) -> bool:
    actor = common.acting(user)
    own = actor.employee_id is not None and actor.employee_id == excuse.employee_id
    return policies.may_write(actor) and (own or excuse.created_by_id == actor.user_id)


def excuse_cancel(*, user: Any, excuse: Excuse) -> Excuse:
    """The employee withdraws a pending request, or an approved one that has not started yet."""
    policies.ensure(_may_cancel(user, excuse), "Hanya pegawai yang bersangkutan yang dapat membatalkan pengajuan ini.")
    with transaction.atomic():
        row = common.locked(excuse)
        if row.status == "approved" and row.start_date <= common.local_today(row.government_id):
            raise Conflict("Izin yang sudah dimulai tidak dapat dibatalkan.", code="invalid_transition")
        row = common.transition(user=user, request=row, table=EXCUSE_TRANSITIONS, action=Action.CANCEL, entity="excuse")
    return row
