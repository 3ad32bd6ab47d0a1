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


# --- accounts (terpadu.directory.account_services) ------------------------------------------------

#: Roles an agency admin may grant and revoke, inside the agencies it administers.
AGENCY_ADMIN_GRANTABLE_ROLES = frozenset({Role.AGENCY_ADMIN, Role.AGENCY_OPERATOR, Role.EMPLOYEE})


def _may_write(actor: Actor | None) -> bool:
    from terpadu.core.roles import READ_ONLY_ROLES

    return actor is not None and not actor.has_role(*READ_ONLY_ROLES)


def can_grant_role(actor: Actor | None, role: Role, agency_id: int | None) -> bool:
    """Grant or revoke ``role`` (held in ``agency_id`` for agency roles)."""
    if actor is None or not _may_write(actor):
        return False
    if actor.has_role(Role.PLATFORM_ADMIN):
        return True
    return role in AGENCY_ADMIN_GRANTABLE_ROLES and agency_id in actor.agencies_with(Role.AGENCY_ADMIN)


def can_manage_account(actor: Actor | None, account: Actor, account_agency_id: int | None) -> bool:
    """Change another user's account (roles, active, password). ``account`` is that user's Actor and
    ``account_agency_id`` the agency of their employee: the platform admin of its government may; an admin
    of that agency may when every role the account holds is one that admin may grant."""
    if actor is None or not _may_write(actor) or account.user_id == actor.user_id:
        return False
    if account.government_id != actor.government_id:
        return False
    if actor.has_role(Role.PLATFORM_ADMIN):
        return True
    admin_of = actor.agencies_with(Role.AGENCY_ADMIN)
    if account_agency_id is None or account_agency_id not in admin_of:
        return False
    return not account.roles - AGENCY_ADMIN_GRANTABLE_ROLES and account.agency_ids <= admin_of


def can_reset_two_factor(actor: Actor | None, account: Actor, account_agency_id: int | None) -> bool:
    """Remove another user's two-factor devices: the platform admin only."""
    return (
        actor is not None
        and actor.has_role(Role.PLATFORM_ADMIN)
        and can_manage_account(actor, account, account_agency_id)
    )
