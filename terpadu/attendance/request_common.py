"""What excuses and corrections share: the government's day, the approver and who is notified, the
status transition (locked, checked against the table, audited) and the recompute of days on commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record, changed_fields, snapshot
from terpadu.core.errors import AccessDenied, Conflict, NotFound
from terpadu.core.roles import Actor, Role, actor_of
from terpadu.directory.models import Employee, Government, RoleAssignment, User
from terpadu.directory.selectors import supervisor_of
from terpadu.notifications.interfaces import notify

from . import days, policies
from .models import CorrectionRequest, Excuse
from .request_rules import Action, Status, next_status, transition_refusal

Request = Excuse | CorrectionRequest
R = TypeVar("R", Excuse, CorrectionRequest)

KIND_TO_DECIDE = "attendance.request_to_decide"
KIND_DECIDED = "attendance.request_decided"
APPROVALS_URL = "/absensi/persetujuan/"
MINE_URL = "/absensi/pengajuan/"


def row_snapshot(row: Any) -> dict[str, Any]:
    """``audit.snapshot`` with times of day as "HH:MM:SS" (the audit trail's JSON has no time type)."""
    return {k: v.isoformat() if isinstance(v, time) else v for k, v in snapshot(row).items()}


def government_zone(government_id: int) -> ZoneInfo:
    return ZoneInfo(Government.objects.values_list("timezone", flat=True).get(pk=government_id))


def local_now(government_id: int) -> datetime:
    return timezone.localtime(timezone=government_zone(government_id))


def local_today(government_id: int) -> date:
    """The government's local date now (tests replace this function to fix "today")."""
    return local_now(government_id).date()


def acting(user: Any) -> Actor:
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        raise AccessDenied("Silakan masuk dengan akun pegawai.")
    return actor


def own_employee(user: Any) -> Employee:
    """The employee behind the account (a request is about an employee)."""
    actor = acting(user)
    policies.ensure(policies.may_write(actor))
    if actor.employee_id is None:
        raise AccessDenied("Akun ini tidak terhubung dengan data pegawai.")
    return Employee.objects.select_related("position").get(pk=actor.employee_id)


def approver_for(employee: Employee) -> Employee | None:
    """The direct superior now; they decide (the agency head when there is none)."""
    return supervisor_of(employee)


def users_of(employee_ids: Iterable[int | None]) -> list[int]:
    ids = [pk for pk in employee_ids if pk is not None]
    return list(User.objects.filter(employee_id__in=ids, is_active=True).values_list("pk", flat=True))


def deciders_of(request: Request) -> list[int]:
    if request.approver_id is not None:
        return users_of([request.approver_id])
    if request.agency_id is None:
        return []
    heads = RoleAssignment.objects.filter(role=Role.AGENCY_HEAD.value, agency_id=request.agency_id)
    return list(heads.filter(user__is_active=True).values_list("user_id", flat=True))


def ensure_may_decide(user: Any, request: Request) -> Actor:
    actor = acting(user)
    if actor.employee_id is not None and actor.employee_id == request.employee_id:
        raise AccessDenied("Anda tidak dapat memutuskan pengajuan Anda sendiri.")
    allowed = policies.can_decide(actor, approver_id=request.approver_id, agency_id=request.agency_id)
    policies.ensure(allowed, "Hanya atasan langsung pegawai yang dapat memutuskan pengajuan ini.")
    return actor


def locked(request: R) -> R:
    """The row again, locked for the transition (a concurrent decision waits, then sees the new status)."""
    try:
        return type(request).objects.select_for_update().get(pk=request.pk)
    except type(request).DoesNotExist:
        raise NotFound("Data tidak ditemukan.") from None


def transition(
    *,
    user: Any,
    request: R,
    table: dict[tuple[Status, Action], Status],
    action: Action,
    note: str = "",
    entity: str,
    also: dict[str, Any] | None = None,
) -> R:
    """Move ``request`` (locked, inside the caller's transaction) along ``table`` and audit it, with the
    fields ``also`` sets in the same audited change."""
    new = next_status(table, request.status, action)
    if new is None:
        raise Conflict(transition_refusal(request.status, action), code="invalid_transition")
    before = row_snapshot(request)
    for name, value in (also or {}).items():
        setattr(request, name, value)
    request.status = new.value
    if action is not Action.CANCEL:
        request.decided_at = timezone.now()
        request.decided_by = user
        request.decision_note = note
    request.save()
    old, after = changed_fields(before, row_snapshot(request))
    audit_record(
        actor=user,
        action=f"attendance.{entity}.{action.value}",
        target=request,
        government_id=request.government_id,
        agency_id=request.agency_id,
        before=old,
        after=after,
    )
    return request


def notify_deciders(request: Request, *, entity: str, title: str, body: str) -> None:
    """Tell the approver (once per request) that a request waits for them."""
    users = deciders_of(request)
    key = f"attendance:{entity}:{request.pk}:to_decide"
    transaction.on_commit(
        lambda: notify(user_ids=users, kind=KIND_TO_DECIDE, title=title, body=body, url=APPROVALS_URL, dedup_key=key)
    )


def notify_employee(request: Request, *, entity: str, title: str, body: str) -> None:
    """Tell the employee (once per decision) what was decided."""
    users = users_of([request.employee_id])
    key = f"attendance:{entity}:{request.pk}:{request.status}"
    transaction.on_commit(
        lambda: notify(user_ids=users, kind=KIND_DECIDED, title=title, body=body, url=MINE_URL, dedup_key=key)
    )


def recompute_later(*, employee_ids: Iterable[int], start: date, end: date) -> None:
    """After commit, recompute the attendance days of the employees from ``start`` to ``end`` (the day
    engine's ``days.days_recompute``, which leaves closed months alone)."""
    ids = sorted(set(employee_ids))
    if not ids or end < start:
        return

    def run() -> None:
        for employee_id in ids:
            days.days_recompute(employee_id=employee_id, start=start, end=end)

    transaction.on_commit(run)


def display_note(note: str) -> str:
    return f" Catatan: {note}" if note else ""
