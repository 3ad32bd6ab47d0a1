"""The choices of the E-Surat forms: letter types, classification codes, and the people and agencies one
may address, ask to initial or sign, or dispose a letter to.

Addressing reaches across agencies (a staff member of one agency writes to another agency's head), so the
addressable agencies, positions and employees are read outside the user's scope: names and titles only,
light enough for a <select> — the own agency in full, elsewhere the heads and the regional leadership.
Those reads are named ``unscoped_…``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from terpadu.core.roles import Actor
from terpadu.core.scoping import scoped
from terpadu.directory.models import Agency, Employee, Position

from .. import archive, interfaces, policies
from ..models import ClassificationCode

Choices = list[tuple[Any, str]]
#: the classification codes offered while typing (the text box accepts any code)
MAX_CODES = 600
#: how far down the position tree the disposition form offers subordinates
SUBORDINATE_DEPTH = 3


def letter_types(government_id: int | None) -> Choices:
    return [(t.code, t.name) for t in interfaces.letter_type_list(government_id=government_id or 0)]


def classification_codes(user: Any) -> Choices:
    codes = scoped(ClassificationCode.objects.filter(is_active=True, depth__lte=3), user).order_by("sort_key")
    return list(codes.values_list("code", "name")[:MAX_CODES])


def _agency_label(agency: Agency) -> str:
    return f"{agency.code} — {agency.name}"


def unscoped_addressable_agencies(government_id: int | None) -> Choices:
    agencies = Agency.objects.filter(government_id=government_id or 0, is_active=True).only("id", "code", "name")
    return [(str(a.pk), _agency_label(a)) for a in agencies.order_by("code")]


def _leadership() -> Q:
    """The regional head and deputy (no superior) and the positions right under them (the Sekda)."""
    return Q(superior__isnull=True) | Q(superior__superior__isnull=True)


def unscoped_addressable_positions(government_id: int | None, agency_id: int | None, keep: Iterable[int]) -> Choices:
    positions = Position.objects.filter(agency__government_id=government_id or 0, is_active=True).filter(
        Q(agency_id=agency_id) | Q(is_agency_head=True) | _leadership() | Q(pk__in=list(keep))
    )
    positions = positions.select_related("agency").order_by("agency__code", "name")
    return [(str(p.pk), f"{p.name} ({p.agency.short_name or p.agency.code})") for p in positions]


def _employee_label(employee: Employee) -> str:
    position = employee.position.name if employee.position else ""
    agency = (employee.agency.short_name or employee.agency.code) if employee.agency else ""
    where = ", ".join(part for part in (position, agency) if part)
    return f"{employee.full_name} — {where}" if where else employee.full_name


def _employee_choices(employees: QuerySet[Employee]) -> Choices:
    employees = employees.select_related("position", "agency").order_by("agency__code", "name", "pk")
    return [(str(e.pk), _employee_label(e)) for e in employees]


def unscoped_addressable_employees(government_id: int | None, agency_id: int | None, keep: Iterable[int]) -> Choices:
    """Everyone of the own agency, the heads of every agency and the regional leadership."""
    employees = Employee.objects.filter(government_id=government_id or 0, is_active=True).filter(
        Q(agency_id=agency_id)
        | Q(position__is_agency_head=True)
        | Q(position__superior__isnull=True, position__isnull=False)
        | Q(position__superior__superior__isnull=True, position__isnull=False)
        | Q(pk__in=list(keep))
    )
    return _employee_choices(employees)


def unscoped_subordinates(employee: Employee | None) -> Choices:
    """Holders of the positions below the employee's, down to ``SUBORDINATE_DEPTH`` levels (one query a
    level); the disposition service checks again that each is below."""
    if employee is None or employee.position_id is None:
        return []
    found: list[int] = []
    level = [employee.position_id]
    for _ in range(SUBORDINATE_DEPTH):
        level = list(Position.objects.filter(superior_id__in=level, is_active=True).values_list("pk", flat=True))
        if not level:
            break
        found += level
    holders = Employee.objects.filter(position_id__in=found, is_active=True).exclude(pk=employee.pk)
    return _employee_choices(holders)


def records_desk_agencies(actor: Actor) -> Choices:
    ids = [a for a in actor.agencies_with(*policies.RECORDS_DESK) if policies.can_register_incoming(actor, a)]
    return [(str(a.pk), _agency_label(a)) for a in Agency.objects.filter(pk__in=ids).order_by("code")]


def filing_agencies(actor: Actor) -> Choices:
    ids = [agency_id for agency_id in actor.agency_ids if policies.can_file(actor, agency_id)]
    return [(str(a.pk), _agency_label(a)) for a in Agency.objects.filter(pk__in=ids).order_by("code")]


def agency_employees(user: Any, agency_ids: Iterable[int]) -> Choices:
    return _employee_choices(scoped(Employee.objects.filter(agency_id__in=list(agency_ids), is_active=True), user))


def open_dossiers(user: Any, actor: Actor) -> Choices:
    """Open dossiers of the agencies whose letters the user files."""
    agencies = [agency_id for agency_id in actor.agency_ids if policies.can_file(actor, agency_id)]
    dossiers = archive.dossiers_for_user(user=user, open_only=True).filter(agency_id__in=agencies)
    return [(str(d.pk), f"{d.number} — {d.title} ({d.year}, {d.agency.code})") for d in dossiers]
