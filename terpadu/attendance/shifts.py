"""Shift definitions and assignments (hospitals, puskesmas, fire brigade, Satpol PP), managed by the
agency's admin or head (``policies.can_manage_agency``). The day engine reads them to know who is
expected when; everyone without an assignment follows the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.db.models import Q

from terpadu.core.audit import audit_record, changed_fields
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.directory.models import Agency, Employee, OrgUnit

from . import policies
from . import request_common as common
from .models import Shift, ShiftAssignment
from .request_rules import MAX_RANGE_DAYS, period, shift_problems, weekday_problems


@dataclass(frozen=True)
class ShiftInput:
    code: str
    name: str
    start: time
    end: time
    break_minutes: int = 0


def _ensure_manager(user: Any, agency_id: int | None) -> None:
    actor = common.acting(user)
    policies.ensure(
        policies.can_manage_agency(actor, agency_id), "Hanya admin atau kepala OPD yang dapat mengatur sif."
    )


def _validate_shift(agency_id: int, data: ShiftInput, exclude_pk: int | None = None) -> None:
    problems = shift_problems(data.code, data.name, data.start, data.end, data.break_minutes)
    same_code = Shift.objects.filter(agency_id=agency_id, code=data.code.strip())
    taken = (same_code.exclude(pk=exclude_pk) if exclude_pk is not None else same_code).exists()
    if taken and "code" not in problems:
        problems["code"] = ["Kode sif sudah dipakai di OPD ini."]
    if problems:
        raise ValidationFailed(next(iter(problems.values()))[0], fields=problems)


def _audit(user: Any, action: str, row: Shift | ShiftAssignment, before: dict[str, Any] | None = None) -> None:
    after = common.row_snapshot(row)
    if before is not None:
        before, after = changed_fields(before, after)
    audit_record(
        actor=user,
        action=action,
        target=row,
        government_id=row.government_id,
        agency_id=row.agency_id,
        before=before,
        after=after,
    )


@transaction.atomic
def shift_create(*, user: Any, agency: Agency, data: ShiftInput) -> Shift:
    _ensure_manager(user, agency.pk)
    _validate_shift(agency.pk, data)
    shift = Shift.objects.create(
        government_id=agency.government_id,
        agency=agency,
        code=data.code.strip(),
        name=data.name.strip(),
        start=data.start,
        end=data.end,
        break_minutes=data.break_minutes,
    )
    _audit(user, "attendance.shift.create", shift)
    return shift


@transaction.atomic
def shift_update(*, user: Any, shift: Shift, data: ShiftInput) -> Shift:
    """New hours apply to the days computed from now on (closed months keep theirs)."""
    _ensure_manager(user, shift.agency_id)
    _validate_shift(shift.agency_id, data, exclude_pk=shift.pk)
    before = common.row_snapshot(shift)
    shift.code, shift.name = data.code.strip(), data.name.strip()
    shift.start, shift.end, shift.break_minutes = data.start, data.end, data.break_minutes
    shift.save()
    _audit(user, "attendance.shift.update", shift, before)
    return shift


@transaction.atomic
def shift_set_active(*, user: Any, shift: Shift, active: bool) -> Shift:
    """Deactivate (no new assignments; existing ones stay) or reactivate a shift."""
    _ensure_manager(user, shift.agency_id)
    if shift.is_active != active:
        before = common.row_snapshot(shift)
        shift.is_active = active
        shift.save(update_fields=["is_active"])
        _audit(user, "attendance.shift.activate" if active else "attendance.shift.deactivate", shift, before)
    return shift


# ── assignments ────────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class AssignmentInput:
    shift_id: int
    start_date: date
    end_date: date
    weekdays: tuple[int, ...]
    org_unit_id: int | None = None
    employee_id: int | None = None


def _fail(message: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, fields={field: [message]})


def _assignment_shift(agency: Agency, data: AssignmentInput) -> Shift:
    shift = Shift.objects.filter(pk=data.shift_id, agency=agency).first()
    if shift is None:
        raise _fail("Pilih sif OPD ini.", "shift")
    if not shift.is_active:
        raise _fail("Sif itu tidak aktif.", "shift")
    return shift


def _check_target(agency: Agency, data: AssignmentInput) -> None:
    if (data.org_unit_id is None) == (data.employee_id is None):
        raise _fail("Pilih satu sasaran: unit kerja atau seorang pegawai.", "org_unit")
    if data.org_unit_id is not None and not OrgUnit.objects.filter(pk=data.org_unit_id, agency=agency).exists():
        raise _fail("Unit kerja itu bukan bagian dari OPD ini.", "org_unit")
    if data.employee_id is not None and not Employee.objects.filter(pk=data.employee_id, agency=agency).exists():
        raise _fail("Pegawai itu bukan pegawai OPD ini.", "employee")


def _check_dates(data: AssignmentInput) -> None:
    if data.end_date < data.start_date:
        raise _fail("Tanggal selesai tidak boleh sebelum tanggal mulai.", "end_date")
    if (data.end_date - data.start_date).days + 1 > MAX_RANGE_DAYS:
        raise _fail("Satu jadwal paling lama satu tahun.", "end_date")
    problem = weekday_problems(list(data.weekdays))
    if problem:
        raise _fail(problem, "weekdays")


def _check_overlap(data: AssignmentInput) -> None:
    target = Q(org_unit_id=data.org_unit_id) if data.org_unit_id is not None else Q(employee_id=data.employee_id)
    clashes = ShiftAssignment.objects.filter(
        target, start_date__lte=data.end_date, end_date__gte=data.start_date
    ).select_related("shift")
    for clash in clashes:
        if set(clash.weekdays) & set(data.weekdays):
            message = (
                f"Jadwal bertabrakan dengan sif {clash.shift.name} {period(clash.start_date, clash.end_date)} "
                "untuk sasaran yang sama."
            )
            raise Conflict(message, fields={"start_date": [message]})


def _affected_employees(assignment: ShiftAssignment) -> list[int]:
    if assignment.employee_id is not None:
        return [assignment.employee_id]
    rows = Employee.objects.filter(org_unit_id=assignment.org_unit_id, is_active=True)
    return list(rows.values_list("pk", flat=True))


def _recompute(assignment: ShiftAssignment) -> None:
    today = common.local_today(assignment.government_id)
    if assignment.start_date <= today:
        end = min(assignment.end_date, today)
        common.recompute_later(employee_ids=_affected_employees(assignment), start=assignment.start_date, end=end)


def assignment_create(*, user: Any, agency: Agency, data: AssignmentInput) -> ShiftAssignment:
    """A shift for a unit or one employee, over a date range, on the given weekdays (0 = Monday)."""
    _ensure_manager(user, agency.pk)
    _check_dates(data)
    _check_target(agency, data)
    with transaction.atomic():
        shift = _assignment_shift(agency, data)
        Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one assignment at a time per agency
        _check_overlap(data)
        assignment = ShiftAssignment.objects.create(
            government_id=agency.government_id,
            agency=agency,
            org_unit_id=data.org_unit_id,
            employee_id=data.employee_id,
            shift=shift,
            start_date=data.start_date,
            end_date=data.end_date,
            weekdays=sorted(set(data.weekdays)),
            created_by=user,
        )
        _audit(user, "attendance.shift_assignment.create", assignment)
        _recompute(assignment)
    return assignment


@transaction.atomic
def assignment_delete(*, user: Any, assignment: ShiftAssignment) -> None:
    _ensure_manager(user, assignment.agency_id)
    audit_record(
        actor=user,
        action="attendance.shift_assignment.delete",
        target=assignment,
        government_id=assignment.government_id,
        agency_id=assignment.agency_id,
        before=common.row_snapshot(assignment),
    )
    _recompute(assignment)
    assignment.delete()
