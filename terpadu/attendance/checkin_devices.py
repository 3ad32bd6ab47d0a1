"""The one phone an employee checks in with.

The server makes a random device token and gives it to the browser (a cookie and localStorage); only its
SHA-256 is stored. The first device of an employee is registered at once; another one becomes a change
request (with a reason) that the direct superior, or the agency's admin or head, approves — the old device
is then revoked — or rejects. Every decision is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Employee, Position, User
from terpadu.directory.selectors import supervisor_of
from terpadu.notifications.interfaces import notify

from . import policies
from .models import Device

DEVICE_COOKIE = "terpadu_perangkat"
TOKEN_MIN, TOKEN_MAX = 20, 128
KIND_DEVICE_TO_DECIDE = "attendance.device_to_decide"
KIND_DEVICE_DECIDED = "attendance.device_decided"
DEVICES_URL = "/absensi/perangkat/"

Status = Device.Status


def device_token_new() -> str:
    """A fresh device token for a browser (never stored: only its hash is)."""
    return secrets.token_urlsafe(32)


def device_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_problem(token: str | None) -> str | None:
    if not token:
        return "Token perangkat tidak terkirim. Muat ulang halaman presensi, lalu coba lagi."
    if not TOKEN_MIN <= len(token) <= TOKEN_MAX:
        return "Token perangkat tidak valid."
    return None


def device_label(user_agent: str) -> str:
    """A short readable name of the browser's device from its User-Agent."""
    for needle, name in (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows")):
        if needle in user_agent:
            return f"{name} — {user_agent[:150]}"
    return user_agent[:200] or "Peramban"


def _snapshot(device: Device) -> dict[str, Any]:
    return {"employee_id": device.employee_id, "status": device.status, "label": device.label, "reason": device.reason}


def _audit(user: Any, action: str, device: Device, before: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=user,
        action=action,
        target=device,
        government_id=device.government_id,
        agency_id=device.agency_id,
        before=before,
        after=_snapshot(device),
    )


def register_first(
    *, user: Any, employee_id: int, government_id: int, agency_id: int | None, key_hash: str, label: str
) -> Device:
    """Register an employee's first device, active at once (inside the caller's transaction)."""
    device = Device(
        government_id=government_id,
        agency_id=agency_id,
        employee_id=employee_id,
        key_hash=key_hash,
        label=label[:200],
        status=Status.ACTIVE,
        requested_at=timezone.now(),
        decided_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError:
        raise Conflict("Perangkat lain baru saja didaftarkan untuk Anda. Muat ulang halaman.") from None
    _audit(user, "attendance.device.register", device)
    return device


def _own_employee(user: Any) -> Employee:
    actor = actor_of(user)
    if actor is None or actor.employee_id is None:
        raise AccessDenied("Akun ini tidak terhubung dengan data pegawai.")
    policies.ensure(policies.may_write(actor))
    return Employee.objects.select_related("position").get(pk=actor.employee_id)


@transaction.atomic
def device_register(*, user: Any, device_token: str, label: str = "", reason: str = "") -> Device:
    """Register this browser as the employee's device, or ask to change to it.

    First device: active at once. The active device again: unchanged. Another one: a pending change
    request (a reason is required) replacing any earlier pending request.
    """
    problem = token_problem(device_token)
    if problem:
        raise ValidationFailed(problem, fields={"device_token": problem})
    employee = _own_employee(user)
    Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one registration at a time
    key_hash = device_hash(device_token)
    current = {
        d.status: d for d in Device.objects.filter(employee=employee, status__in=[Status.ACTIVE, Status.PENDING])
    }
    active, pending = current.get(Status.ACTIVE), current.get(Status.PENDING)
    if active is None:
        return register_first(
            user=user,
            employee_id=employee.pk,
            government_id=employee.government_id,
            agency_id=employee.agency_id,
            key_hash=key_hash,
            label=label or "Peramban",
        )
    if active.key_hash == key_hash:
        return active
    if pending is not None and pending.key_hash == key_hash:
        return pending
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(
            "Perangkat ini belum terdaftar. Tulis alasan penggantian perangkat untuk diajukan ke atasan.",
            code="reason_required",
            fields={"reason": "Wajib diisi."},
        )
    if pending is not None:
        _close(user, pending, Status.REVOKED, "Diganti pengajuan baru.")
    return _request_change(user=user, employee=employee, key_hash=key_hash, label=label, reason=reason)


def _request_change(*, user: Any, employee: Employee, key_hash: str, label: str, reason: str) -> Device:
    device = Device.objects.create(
        government_id=employee.government_id,
        agency_id=employee.agency_id,
        employee=employee,
        key_hash=key_hash,
        label=(label or "Peramban")[:200],
        status=Status.PENDING,
        reason=reason[:300],
        requested_at=timezone.now(),
    )
    _audit(user, "attendance.device.request", device)
    superior = supervisor_of(employee)
    recipients = list(User.objects.filter(employee=superior, is_active=True).values_list("pk", flat=True))
    if recipients:
        title = f"Penggantian perangkat presensi: {employee.full_name}"
        key = f"attendance:device:{device.pk}:pending"
        transaction.on_commit(
            lambda: notify(
                user_ids=recipients,
                kind=KIND_DEVICE_TO_DECIDE,
                title=title,
                body=reason,
                url=DEVICES_URL,
                dedup_key=key,
            )
        )
    return device


def _close(user: Any, device: Device, status: str, note: str) -> None:
    before = _snapshot(device)
    device.status = status
    device.decided_at = timezone.now()
    device.decided_by = user if getattr(user, "is_authenticated", False) else None
    device.decision_note = note[:300]
    device.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    _audit(user, f"attendance.device.{status}", device, before)


def can_decide_device(actor: Actor | None, device: Device) -> bool:
    """The direct superior of the device's employee, or the agency's admin or head (or the platform admin)."""
    if not policies.may_write(actor) or actor is None or actor.government_id != device.government_id:
        return False
    if actor.employee_id == device.employee_id:
        return False
    if policies.can_manage_agency(actor, device.agency_id):
        return True
    superior = supervisor_of(device.employee)
    return superior is not None and superior.pk == actor.employee_id


@transaction.atomic
def device_decide(*, user: Any, device_id: int, approve: bool, note: str = "") -> Device:
    """Approve (the old device is revoked) or reject a pending device change."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        raise NotFound("Perangkat tidak ditemukan.")
    device = (
        Device.objects.select_for_update(of=("self",))
        .select_related("employee__position")
        .filter(pk=device_id, government_id=actor.government_id)
        .first()
    )
    if device is None or not (can_decide_device(actor, device) or _sees(actor, device)):
        raise NotFound("Perangkat tidak ditemukan.")
    policies.ensure(can_decide_device(actor, device), "Hanya atasan langsung atau admin/kepala OPD yang memutuskan.")
    if device.status != Status.PENDING:
        raise Conflict(f"Pengajuan ini sudah diputuskan ({device.get_status_display().lower()}).")
    if not approve:
        _close(user, device, Status.REJECTED, note.strip() or "Ditolak.")
    else:
        old = Device.objects.select_for_update().filter(employee_id=device.employee_id, status=Status.ACTIVE).first()
        if old is not None:
            _close(user, old, Status.REVOKED, "Diganti perangkat baru.")
        _close(user, device, Status.ACTIVE, note.strip())
    _notify_employee(device, approve)
    return device


def _sees(actor: Actor | None, device: Device) -> bool:
    return Device.objects.filter(policies.employee_filter(actor), pk=device.pk).exists()


def _notify_employee(device: Device, approved: bool) -> None:
    recipients = list(User.objects.filter(employee_id=device.employee_id, is_active=True).values_list("pk", flat=True))
    title = "Perangkat presensi disetujui" if approved else "Penggantian perangkat presensi ditolak"
    key = f"attendance:device:{device.pk}:{device.status}"
    body = device.decision_note
    transaction.on_commit(
        lambda: notify(
            user_ids=recipients, kind=KIND_DEVICE_DECIDED, title=title, body=body, url="/absensi/", dedup_key=key
        )
    )


# --- reads ------------------------------------------------------------------------------------------------


def devices_to_decide_for_user(*, user: Any) -> QuerySet[Device]:
    """Pending device changes the user may decide: their direct subordinates', and every one of the
    agencies they manage (all of the government for the platform admin)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None or not policies.may_write(actor):
        return Device.objects.none()
    managed = [a for a in actor.agency_ids if policies.can_manage_agency(actor, a)]
    reach = Q(agency_id__in=managed)
    if policies.can_manage_agency(actor, None):
        reach = Q()
    employee_id = actor.employee_id or 0
    position_id = Employee.objects.filter(pk=employee_id).values_list("position_id", flat=True).first()
    if position_id is not None:
        below = Position.objects.filter(superior_id=position_id).values_list("pk", flat=True)
        reach |= Q(employee__position_id__in=below)
    pending = Device.objects.filter(reach, government_id=actor.government_id, status=Status.PENDING)
    return pending.exclude(employee_id=employee_id).select_related("employee", "agency").order_by("requested_at")


def devices_of_employee(*, user: Any) -> list[Device]:
    """The user's own devices, newest first."""
    actor = actor_of(user)
    if actor is None or actor.employee_id is None:
        return []
    return list(Device.objects.filter(employee_id=actor.employee_id).order_by("-requested_at", "-pk")[:10])
