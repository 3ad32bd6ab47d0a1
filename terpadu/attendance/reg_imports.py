"""What the imports part of E-Absen declares at start-up (called by registrations.py): the upload purposes of
machine logs and of machine-id mappings (downloaded by the agency's managers), and the menu entries."""

from __future__ import annotations

from terpadu.core.roles import Actor, Role
from terpadu.documents.interfaces import FileFacts, UploadPolicy, register_upload_policy
from terpadu.documents.rules import CSV, SPREADSHEET, TEXT

LOG_TYPES = frozenset({CSV.content_type, TEXT.content_type, SPREADSHEET.content_type})
MAX_BYTES = 50 * 1024 * 1024


def may_download_log(actor: Actor, file: FileFacts) -> bool:
    """The uploader, the platform admin, or a manager (head, admin) of the agency the file was imported for."""
    from . import policies
    from .models import MachineImport

    if actor.user_id == file.uploaded_by_id or actor.has_role(Role.PLATFORM_ADMIN):
        return True
    agency_ids = MachineImport.objects.filter(file_id=file.id).values_list("agency_id", flat=True)
    return any(policies.can_manage_agency(actor, agency_id) for agency_id in agency_ids)


def register() -> None:
    """Upload purposes, notification kinds, schedules, menu entries of this part."""
    from terpadu.core.navigation import NavItem
    from terpadu.core.navigation import register as register_menu

    from . import machine_imports, machine_users, views_imports

    register_upload_policy(UploadPolicy(machine_imports.PURPOSE, LOG_TYPES, MAX_BYTES), can_download=may_download_log)
    register_upload_policy(UploadPolicy(machine_users.PURPOSE, LOG_TYPES, 5 * 1024 * 1024))
    register_menu(
        NavItem("Impor mesin absensi", "attendance:imports", views_imports.READERS, order=88, section="Admin"),
        NavItem("ID mesin absensi", "attendance:machine_users", views_imports.MANAGERS, order=89, section="Admin"),
    )
