"""Who may do what with requests, responses and escalation reports — in one place.

Requesters: the government-wide roles except the auditor, and the head or admin of an agency (e.g.
Bappeda; the request then belongs to that agency). Respondents: the head, admin or operator of an
addressed agency. Escalation readers: head and deputy, Sekda, platform admin, auditor and the requester.
"""

from __future__ import annotations

from terpadu.core.access import roles
from terpadu.core.errors import AccessDenied
from terpadu.core.roles import READ_ONLY_ROLES, Actor, Role

#: government-wide roles that may create, publish and review requests
GOVERNMENT_REQUESTER_ROLES = (Role.PLATFORM_ADMIN, Role.REGIONAL_HEAD, Role.DEPUTY_HEAD, Role.SECRETARY)
#: agency roles that may ask other agencies on behalf of their agency
AGENCY_REQUESTER_ROLES = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN)
RESPONDENT_ROLES = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.AGENCY_OPERATOR)
#: roles that read every request and response of their government
GOVERNMENT_READER_ROLES = (*GOVERNMENT_REQUESTER_ROLES, Role.AUDITOR)
ESCALATION_READER_ROLES = GOVERNMENT_READER_ROLES
#: who receives reminders of an agency
REMINDER_ROLES = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN)
#: who receives the escalation report
ESCALATION_RECIPIENT_ROLES = (Role.REGIONAL_HEAD, Role.DEPUTY_HEAD)

# access rules of pages and API operations (the policies below then look at the object)
PARTICIPANTS = roles(*GOVERNMENT_READER_ROLES, *RESPONDENT_ROLES)
REQUESTERS = roles(*GOVERNMENT_REQUESTER_ROLES, *AGENCY_REQUESTER_ROLES)
RESPONDENTS = roles(*RESPONDENT_ROLES)
LEADERS = roles(*GOVERNMENT_READER_ROLES)


def _writes(actor: Actor | None) -> bool:
    return actor is not None and not actor.has_role(*READ_ONLY_ROLES)


def reads_whole_government(actor: Actor | None) -> bool:
    return actor is not None and actor.has_role(*GOVERNMENT_READER_ROLES)


def requester_agencies(actor: Actor | None) -> frozenset[int]:
    """The agencies on whose behalf the actor may ask."""
    return actor.agencies_with(*AGENCY_REQUESTER_ROLES) if actor is not None else frozenset()


def can_create(actor: Actor | None) -> bool:
    if not _writes(actor):
        return False
    assert actor is not None
    return actor.has_role(*GOVERNMENT_REQUESTER_ROLES) or bool(requester_agencies(actor))


def can_manage(actor: Actor | None, *, government_id: int, requester_agency_id: int | None) -> bool:
    """Edit, publish, close a request and review its responses."""
    if not _writes(actor) or actor is None or actor.government_id != government_id:
        return False
    if actor.has_role(*GOVERNMENT_REQUESTER_ROLES):
        return True
    return requester_agency_id is not None and requester_agency_id in requester_agencies(actor)


def can_respond(actor: Actor | None, agency_id: int) -> bool:
    return _writes(actor) and actor is not None and agency_id in actor.agencies_with(*RESPONDENT_ROLES)


def can_read_escalation(
    actor: Actor | None, *, government_id: int, requester_id: int, requester_agency_id: int | None
) -> bool:
    if actor is None or actor.government_id != government_id:
        return False
    if actor.has_role(*ESCALATION_READER_ROLES) or actor.user_id == requester_id:
        return True
    return requester_agency_id is not None and requester_agency_id in requester_agencies(actor)


def ensure(allowed: bool, message: str = "Anda tidak berwenang melakukan tindakan ini.") -> None:
    if not allowed:
        raise AccessDenied(message)
