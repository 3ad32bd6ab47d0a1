"""Corrections of a forgotten check-in or check-out: asked by the employee, decided by the direct
superior; once approved they become an :class:`AttendanceEvent` of source ``correction`` (linked to the
request) at the local date and time asked, in the government's zone."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import AccessDenied, Conflict, ValidationFailed
from terpadu.core.formatting import tanggal
from terpadu.directory.models import Employee

from . import policies
from . import request_common as common
from .models import AttendanceEvent, CorrectionRequest
from .request_rules import CORRECTION_TRANSITIONS, NOTE_MAX, Action, correction_date_problem

KIND_LABELS = dict(AttendanceEvent.Kind.choices)


def _fail(message: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def _check(employee: Employee, day: date, kind: str, at: time, reason: str) -> None:
    if kind not in KIND_LABELS:
        raise _fail("Jenis koreksi harus masuk atau pulang.", "kind")
    now = common.local_now(employee.government_id)
    problem = correction_date_problem(day, now.date())
    if problem:
        raise _fail(problem, "date")
    if day == now.date() and at > now.time():
        raise _fail("Jam koreksi belum terlewati.", "time")
    if not reason.strip():
        raise _fail("Alasan wajib diisi.", "reason")


def _check_duplicate(employee: Employee, day: date, kind: str) -> None:
    exists = CorrectionRequest.objects.filter(
        employee=employee, date=day, kind=kind, status__in=("pending", "approved")
    ).exists()
    if exists:
        message = f"Sudah ada koreksi {KIND_LABELS[kind].lower()} untuk {tanggal(day)}."
        raise Conflict(message, fields={"date": [message]})


def correction_request(*, user: Any, date: date, kind: str, time: time, reason: str) -> CorrectionRequest:
    """Ask the direct superior to record a check-in/out the employee forgot."""
    employee = common.own_employee(user)
    _check(employee, date, kind, time, reason)
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        _check_duplicate(employee, date, kind)
        correction = CorrectionRequest.objects.create(
            government_id=employee.government_id,
            agency_id=employee.agency_id,
            employee=employee,
            approver=common.approver_for(employee),
            date=date,
            kind=kind,
            time=time.replace(second=0, microsecond=0),
            reason=reason.strip(),
            created_at=timezone.now(),
            created_by=user,
        )
        audit_record(
            actor=user,
            action="attendance.correction.request",
            target=correction,
            government_id=correction.government_id,
            agency_id=correction.agency_id,
            after=common.row_snapshot(correction),
        )
        common.notify_deciders(
            correction,
            entity="correction",
            title="Koreksi presensi menunggu persetujuan",
            body=f"{employee.full_name}: {_what(correction)}. Alasan: {correction.reason}",
        )
    return correction


def _what(correction: CorrectionRequest) -> str:
    return f"{KIND_LABELS[correction.kind].lower()} {tanggal(correction.date)} pukul {correction.time:%H.%M}"


def _event_for(correction: CorrectionRequest) -> AttendanceEvent:
    zone = common.government_zone(correction.government_id)
    occurred = datetime.combine(correction.date, correction.time, tzinfo=zone)
    return AttendanceEvent.objects.create(
        government_id=correction.government_id,
        agency_id=correction.agency_id,
        employee_id=correction.employee_id,
        kind=correction.kind,
        occurred_at=occurred,
        local_date=correction.date,
        source=AttendanceEvent.Source.CORRECTION,
    )


def _decide(user: Any, correction: CorrectionRequest, action: Action, note: str) -> CorrectionRequest:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise _fail(f"Catatan paling panjang {NOTE_MAX} karakter.", "note")
    with transaction.atomic():
        common.ensure_may_decide(user, correction)
        row = common.locked(correction)
        approving = action is Action.APPROVE and row.status == "pending"
        common.transition(
            user=user,
            request=row,
            table=CORRECTION_TRANSITIONS,
            action=action,
            note=note,
            entity="correction",
            also={"event": _event_for(row)} if approving else None,
        )
        if action is Action.APPROVE:
            common.recompute_later(employee_ids=[row.employee_id], start=row.date, end=row.date)
        label = "disetujui" if action is Action.APPROVE else "ditolak"
        common.notify_employee(
            row,
            entity="correction",
            title=f"Koreksi presensi Anda {label}",
            body=f"{_what(row)}.{common.display_note(note)}",
        )
    return row


def correction_approve(*, user: Any, correction: CorrectionRequest, note: str = "") -> CorrectionRequest:
    return _decide(user, correction, Action.APPROVE, note)


def correction_reject(*, user: Any, correction: CorrectionRequest, note: str) -> CorrectionRequest:
    if not note.strip():
        raise _fail("Alasan penolakan wajib diisi.", "note")
    return _decide(user, correction, Action.REJECT, note)


def correction_cancel(*, user: Any, correction: CorrectionRequest) -> CorrectionRequest:
    """The employee withdraws a correction still waiting for the decision."""
    actor = common.acting(user)
    if not (policies.may_write(actor) and actor.employee_id == correction.employee_id):
        raise AccessDenied("Hanya pegawai yang bersangkutan yang dapat membatalkan pengajuan ini.")
    with transaction.atomic():
        row = common.locked(correction)
        common.transition(
            user=user, request=row, table=CORRECTION_TRANSITIONS, action=Action.CANCEL, entity="correction"
        )
    return row
