"""Who may change what in the directory. Reads are scoped by terpadu.core.scoping."""

from __future__ import annotations

from terpadu.core.errors import AccessDenied
from terpadu.core.roles import Actor, Role


def can_manage_agency(actor: Actor | None, agency_id: int | None) -> bool:
    """Change an agency's units, positions, employees and accounts."""
    if actor is None:
        return False
    if actor.has_role(Role.PLATFORM_ADMIN):
        return True
    return agency_id is not None and agency_id in actor.agencies_with(Role.AGENCY_ADMIN)


def can_manage_government(actor: Actor | None) -> bool:
    """Create agencies, grant government-wide roles."""
    return actor is not None and actor.has_role(Role.PLATFORM_ADMIN)


def can_read_audit(actor: Actor | None) -> bool:
    return actor is not None and actor.has_role(Role.PLATFORM_ADMIN, Role.AUDITOR)


def ensure(allowed: bool, message: str = "Anda tidak berwenang mengubah data ini.") -> None:
    if not allowed:
        raise AccessDenied(message)
