"""Who may do what in E-Planning, in one place.

- The planning agency (Bappeda: :class:`PlanningSetting`, else the agency named "Bappeda"): its head and
  admin manage the nomenclature and the mandates and open rounds, as do the platform admin and the Sekda;
  all its staff read every plan of a round and comment on lines.
- A round's requester side (the deadlines engine's managers of its request: the Sekda, the head and
  deputy, the platform admin, or the head/admin of the requesting agency) edits, publishes and closes the
  round and returns or accepts plans.
- An addressed agency's head, admin and operator fill in and submit its plan; they read only their own.
- The government-wide readers (head, deputy, Sekda, platform admin, Inspectorate) read every plan.
- The auditor never writes.
"""

from __future__ import annotations

from terpadu.core.access import Rule
from terpadu.core.errors import AccessDenied
from terpadu.core.roles import READ_ONLY_ROLES, Actor, Role
from terpadu.directory.models import Agency

from .models import PlanningSetting

GOVERNMENT_MANAGER_ROLES = (Role.PLATFORM_ADMIN, Role.SECRETARY)
ROUND_OPENER_ROLES = (Role.PLATFORM_ADMIN, Role.REGIONAL_HEAD, Role.DEPUTY_HEAD, Role.SECRETARY)
GOVERNMENT_READER_ROLES = (*ROUND_OPENER_ROLES, Role.AUDITOR)
AGENCY_MANAGER_ROLES = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN)
RESPONDENT_ROLES = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.AGENCY_OPERATOR)
ANY_AGENCY_ROLE = (*RESPONDENT_ROLES, Role.EMPLOYEE)
PLANNING_AGENCY_NAME = "Bappeda"


def planning_agency_id(government_id: int | None) -> int | None:
    """The government's planning agency: the setting, else the agency called Bappeda."""
    if government_id is None:
        return None
    found = PlanningSetting.objects.filter(government_id=government_id).values_list("planning_agency_id", flat=True)
    setting = found.first()
    if setting is not None:
        return setting
    fallback = Agency.objects.filter(government_id=government_id, short_name__iexact=PLANNING_AGENCY_NAME)
    return fallback.values_list("pk", flat=True).first()


def _writes(actor: Actor | None) -> bool:
    return actor is not None and actor.government_id is not None and not (actor.roles <= READ_ONLY_ROLES)


def in_planning_agency(actor: Actor | None, *roles: Role) -> bool:
    if actor is None:
        return False
    agency_id = planning_agency_id(actor.government_id)
    return agency_id is not None and bool(actor.roles_in(agency_id) & set(roles or ANY_AGENCY_ROLE))


def _participant(actor: Actor | None) -> bool:
    if actor is None:
        return False
    if actor.has_role(*GOVERNMENT_READER_ROLES) or actor.agencies_with(*RESPONDENT_ROLES):
        return True
    return in_planning_agency(actor)


#: pages and API operations of E-Planning (the policies below then look at the object)
PARTICIPANTS = Rule("planning_participants", _participant)


def can_manage_nomenclature(actor: Actor | None) -> bool:
    if not _writes(actor):
        return False
    assert actor is not None
    return actor.has_role(*GOVERNMENT_MANAGER_ROLES) or in_planning_agency(actor, *AGENCY_MANAGER_ROLES)


def can_open_round(actor: Actor | None) -> bool:
    if not _writes(actor):
        return False
    assert actor is not None
    return actor.has_role(*ROUND_OPENER_ROLES) or in_planning_agency(actor, *AGENCY_MANAGER_ROLES)


def reads_every_plan(actor: Actor | None) -> bool:
    """Every plan of every round of the government: the leaders, the auditor and the planning agency."""
    return actor is not None and (actor.has_role(*GOVERNMENT_READER_ROLES) or in_planning_agency(actor))


def can_read_plan(actor: Actor | None, *, government_id: int, agency_id: int) -> bool:
    if actor is None or actor.government_id != government_id:
        return False
    return reads_every_plan(actor) or bool(actor.roles_in(agency_id) & set(RESPONDENT_ROLES))


def can_edit_plan(actor: Actor | None, *, agency_id: int) -> bool:
    return _writes(actor) and actor is not None and bool(actor.roles_in(agency_id) & set(RESPONDENT_ROLES))


def can_comment(actor: Actor | None, *, can_manage: bool, agency_id: int) -> bool:
    """Reviewers (the round's managers and the planning agency's staff) and the agency itself (to answer)."""
    if not _writes(actor):
        return False
    return can_manage or in_planning_agency(actor) or can_edit_plan(actor, agency_id=agency_id)


def ensure(allowed: bool, message: str = "Anda tidak berwenang melakukan tindakan ini.") -> None:
    if not allowed:
        raise AccessDenied(message)
