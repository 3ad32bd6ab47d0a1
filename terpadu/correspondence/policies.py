"""Who may read which letter and who may act on it — the one place E-Surat decides access.

Reading: an employee sees every letter they take part in (drafted or registered it, initial or sign
it, received it as addressee or tembusan, or sit in its disposition chain). Beyond that, only letters
of security level *biasa* that are signed or registered: the regional head, deputy, secretary and the
auditor see those of the whole government; an agency's head, admin and operator (its records desk) see
those sent by or delivered to their agency. Terbatas, rahasia and sangat rahasia letters are seen by
their participants only — never through a role.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from terpadu.core.errors import AccessDenied
from terpadu.core.roles import Actor, Role

from .models import InboxItem, Letter

#: roles that read every open (biasa) registered letter of the government
LEADERSHIP_READERS = frozenset({Role.REGIONAL_HEAD, Role.DEPUTY_HEAD, Role.SECRETARY, Role.AUDITOR})
#: roles that read the open letters of their own agency (the records desk and the head)
AGENCY_READERS = (Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.AGENCY_OPERATOR)
#: roles that keep an agency's records desk: register incoming letters, send signed ones, file dossiers
RECORDS_DESK = (Role.AGENCY_ADMIN, Role.AGENCY_OPERATOR)
#: roles that see the follow-up report of the whole government
GOVERNMENT_MONITORS = frozenset({Role.REGIONAL_HEAD, Role.DEPUTY_HEAD, Role.SECRETARY, Role.AUDITOR})
REGISTERED = (Letter.Status.SIGNED, Letter.Status.SENT, Letter.Status.RECEIVED)


def participant_filter(actor: Actor) -> Q:
    """Letters the actor takes part in."""
    if actor.employee_id is None:
        return Q(pk__in=[])
    return Q(Exists(InboxItem.objects.filter(letter_id=OuterRef("pk"), employee_id=actor.employee_id)))


def visible_filter(actor: Actor) -> Q:
    """The filter on :class:`Letter` for what ``actor`` may read (see the module docstring)."""
    within = Q(government_id=actor.government_id)
    visible = participant_filter(actor)
    open_registered = Q(security_level="biasa", status__in=REGISTERED)
    if actor.has_role(*LEADERSHIP_READERS):
        visible |= open_registered
    else:
        desk = sorted(actor.agencies_with(*AGENCY_READERS))
        if desk:
            delivered = Exists(InboxItem.objects.filter(letter_id=OuterRef("pk"), agency_id__in=desk))
            visible |= open_registered & (Q(agency_id__in=desk) | Q(delivered))
    return within & visible


def is_records_desk(actor: Actor | None, agency_id: int) -> bool:
    return actor is not None and bool(actor.roles_in(agency_id) & set(RECORDS_DESK)) and _may_write(actor)


def can_draft(actor: Actor | None) -> bool:
    """Any employee with an account drafts letters (the auditor reads only)."""
    return actor is not None and actor.employee_id is not None and _may_write(actor)


def can_register_incoming(actor: Actor | None, agency_id: int) -> bool:
    return actor is not None and actor.employee_id is not None and is_records_desk(actor, agency_id)


def can_edit(actor: Actor | None, letter: Letter) -> bool:
    return actor is not None and _may_write(actor) and letter.drafted_by_id == actor.employee_id


def can_send(actor: Actor | None, letter: Letter) -> bool:
    """The drafter or the records desk of the drafting agency sends a signed letter."""
    if actor is None or not _may_write(actor):
        return False
    return letter.drafted_by_id == actor.employee_id or is_records_desk(actor, letter.agency_id)


def can_file(actor: Actor | None, agency_id: int) -> bool:
    """The records desk and the head of an agency file its letters into dossiers."""
    if actor is None or not _may_write(actor):
        return False
    return bool(actor.roles_in(agency_id) & {Role.AGENCY_HEAD, *RECORDS_DESK})


def monitored_agencies(actor: Actor | None) -> frozenset[int] | None:
    """Agencies whose follow-up report the actor sees: ``None`` for all of the government."""
    if actor is None:
        return frozenset()
    if actor.has_role(*GOVERNMENT_MONITORS):
        return None
    return actor.agencies_with(*AGENCY_READERS)


def ensure(allowed: bool, message: str = "Anda tidak berwenang atas naskah ini.") -> None:
    if not allowed:
        raise AccessDenied(message)


def _may_write(actor: Actor) -> bool:
    return not actor.has_role(Role.AUDITOR) or bool(actor.roles - {Role.AUDITOR})
