"""Who may read and decide what in E-Absen, in one place.

Reading attendance is narrower than the agency scope of :mod:`terpadu.core.scoping`: a plain employee
sees their own rows and those of the employees under them in the position tree, not the whole agency.

- government-wide roles (regional head, deputy, secretary, platform admin, auditor) and the BKPSDM's head
  and admins (who pay TPP from the recap): the government;
- agency head, admin and operator: their agencies;
- everyone: themselves and their subordinates (direct and indirect);
- deciding a request: its approver (the direct superior when it was asked), or else the head of the
  employee's agency; managing locations, shifts, screens and imports: the agency's admin or head, or the
  platform admin; closing a month: the BKPSDM (its head or admin) or the platform admin.
"""

from __future__ import annotations

from django.db.models import Q

from terpadu.core.errors import AccessDenied
from terpadu.core.roles import READ_ONLY_ROLES, Actor, Role
from terpadu.directory.models import Agency, Employee, Position

#: the agency whose head/admin closes the monthly recap (Agency.short_name)
PERSONNEL_AGENCY = "BKPSDM"
AGENCY_READERS = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.AGENCY_OPERATOR)
AGENCY_MANAGERS = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN)


def subordinate_position_ids(position_id: int | None) -> set[int]:
    """Every position anywhere under ``position_id`` (one query per level)."""
    found: set[int] = set()
    frontier = {position_id} if position_id is not None else set()
    while frontier:
        below = set(Position.objects.filter(superior_id__in=frontier).values_list("pk", flat=True)) - found
        found |= below
        frontier = below
    return found


def is_below(position_id: int | None, superior_id: int | None) -> bool:
    """Whether ``position_id`` is anywhere under ``superior_id``, i.e. in :func:`subordinate_position_ids`
    of it, walking up from the position (one query per level: a position has one superior)."""
    seen: set[int] = set()
    current = position_id
    while current is not None and superior_id is not None and current not in seen:
        seen.add(current)
        current = Position.objects.filter(pk=current).values_list("superior_id", flat=True).first()
        if current == superior_id:
            return True
    return False


def employee_filter(actor: Actor | None, *, prefix: str = "") -> Q:
    """Rows (``prefix`` + ``employee``/``government``/``agency``) of employees ``actor`` may see."""
    if actor is None or actor.government_id is None:
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}government_id": actor.government_id})
    if actor.sees_whole_government or is_personnel(actor):
        return condition
    within = Q(**{f"{prefix}agency_id__in": sorted(actor.agencies_with(*AGENCY_READERS))})
    if actor.employee_id is not None:
        within |= Q(**{f"{prefix}employee_id": actor.employee_id})
        position_id = Employee.objects.filter(pk=actor.employee_id).values_list("position_id", flat=True).first()
        below = subordinate_position_ids(position_id)
        if below:
            within |= Q(**{f"{prefix}employee__position_id__in": sorted(below)})
    return condition & within


def may_write(actor: Actor | None) -> bool:
    return actor is not None and actor.government_id is not None and not (actor.roles <= READ_ONLY_ROLES)


def can_decide(actor: Actor | None, *, approver_id: int | None, agency_id: int | None) -> bool:
    """The approver decides; with no approver recorded, the head of the employee's agency."""
    if not may_write(actor):
        return False
    assert actor is not None
    if approver_id is not None:
        return actor.employee_id == approver_id
    return Role.AGENCY_HEAD in actor.roles_in(agency_id)


def can_manage_agency(actor: Actor | None, agency_id: int | None) -> bool:
    """Work locations, QR screens, shifts, machine imports, device approvals of an agency."""
    if not may_write(actor):
        return False
    assert actor is not None
    return actor.has_role(Role.PLATFORM_ADMIN) or bool(actor.roles_in(agency_id) & set(AGENCY_MANAGERS))


def is_personnel(actor: Actor | None) -> bool:
    """Whether ``actor`` heads or administers the BKPSDM, which reads the whole government's attendance."""
    if actor is None or actor.government_id is None or not actor.agencies_with(*AGENCY_MANAGERS):
        return False
    personnel = Agency.objects.filter(government_id=actor.government_id, short_name=PERSONNEL_AGENCY)
    return bool(set(personnel.values_list("pk", flat=True)) & actor.agencies_with(*AGENCY_MANAGERS))


def can_close_month(actor: Actor | None) -> bool:
    if not may_write(actor):
        return False
    assert actor is not None
    return actor.has_role(Role.PLATFORM_ADMIN) or is_personnel(actor)


def ensure(allowed: bool, message: str = "Anda tidak berwenang untuk tindakan ini.") -> None:
    if not allowed:
        raise AccessDenied(message)
