"""What the requests part of E-Absen declares at start-up (called by registrations.py): notification
kinds, the upload purpose of excuse attachments and who downloads them, menu entries, demo seeder."""

from __future__ import annotations

from terpadu.core.access import Rule
from terpadu.core.demo import Seeder, register_seeder
from terpadu.core.navigation import NavItem
from terpadu.core.navigation import register as register_nav
from terpadu.core.roles import Actor, Role
from terpadu.documents.interfaces import FileFacts, UploadPolicy, register_upload_policy
from terpadu.notifications.interfaces import register_kind

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024  # DEFAULT: a scanned doctor's note or letter
ATTACHMENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
NOTIFICATION_KINDS = {
    "attendance.request_to_decide": "Pengajuan izin/cuti/koreksi menunggu persetujuan",
    "attendance.request_decided": "Keputusan atas pengajuan izin/cuti/koreksi",
}


def _is_employee(actor: Actor | None) -> bool:
    """An account of an employee that may write (the auditor's read-only role cannot ask)."""
    from .policies import may_write

    return actor is not None and actor.employee_id is not None and may_write(actor)


def _decides_something(actor: Actor | None) -> bool:
    """Holds a position others report to, or heads an agency."""
    if not _is_employee(actor):
        return False
    assert actor is not None
    if actor.agencies_with(Role.AGENCY_HEAD):
        return True
    from terpadu.directory.models import Position

    employee_id = actor.employee_id
    return employee_id is not None and Position.objects.filter(superior__holders__pk=employee_id).exists()


def _manages_shifts(actor: Actor | None) -> bool:
    return actor is not None and (
        actor.has_role(Role.PLATFORM_ADMIN) or bool(actor.agencies_with(Role.AGENCY_HEAD, Role.AGENCY_ADMIN))
    )


EMPLOYEES = Rule("attendance:employee", _is_employee)
DECIDERS = Rule("attendance:decider", _decides_something)
SHIFT_MANAGERS = Rule("attendance:shift_manager", _manages_shifts)


def can_download_attachment(actor: Actor, file: FileFacts) -> bool:
    """Whoever may read the excuse the file is attached to."""
    from .request_selectors import excuses_visible_to

    return excuses_visible_to(actor).filter(attachment_id=file.id).exists()


def register() -> None:
    """Upload purposes, notification kinds, schedules, menu entries of this part."""
    from . import demo_requests
    from .excuses import ATTACHMENT_PURPOSE

    for kind, label in NOTIFICATION_KINDS.items():
        register_kind(kind, label)
    register_upload_policy(
        UploadPolicy(ATTACHMENT_PURPOSE, ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES), can_download=can_download_attachment
    )
    register_nav(
        NavItem("Pengajuan saya", "attendance:requests_mine", EMPLOYEES, order=81),
        NavItem("Persetujuan", "attendance:approvals", DECIDERS, order=82),
        NavItem("Atur sif", "attendance:shifts", SHIFT_MANAGERS, order=87, section="Admin"),
    )
    register_seeder(Seeder("attendance_requests", demo_requests.seed_demo_requests, order=55))
