"""Reads of the directory, always given the acting user and narrowed by core.scoping."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from terpadu.core.models import AuditEvent
from terpadu.core.roles import Role, actor_of
from terpadu.core.scoping import get_for_user, scoped

from . import policies
from .models import Agency, Employee, Government, OrgUnit, Placement, Position


def agency_list_for_user(*, user: Any, q: str = "", kind: str = "") -> QuerySet[Agency]:
    qs = scoped(Agency.objects.all(), user).annotate(
        employee_count=Count("employees", filter=Q(employees__is_active=True))
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(short_name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("code")


def employee_list_for_user(
    *,
    user: Any,
    q: str = "",
    agency_id: int | None = None,
    org_unit_id: int | None = None,
    kind: str = "",
    active: bool | None = True,
) -> QuerySet[Employee]:
    qs = scoped(Employee.objects.all(), user).select_related("agency", "position", "org_unit")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(nip__startswith=q) | Q(pppk_number__startswith=q))
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if org_unit_id:
        qs = qs.filter(org_unit_id=org_unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("name", "pk")


def employee_get_for_user(*, user: Any, pk: Any) -> Employee:
    return get_for_user(Employee.objects.select_related("agency", "position", "org_unit", "government"), user, pk)


def placement_history(*, user: Any, employee: Employee) -> QuerySet[Placement]:
    return scoped(Placement.objects.filter(employee=employee), user).select_related("agency", "position", "org_unit")


def unit_tree(*, user: Any, agency: Agency) -> list[tuple[int, OrgUnit]]:
    """The agency's units in tree order, each with its depth."""
    units = list(scoped(OrgUnit.objects.filter(agency=agency), user).order_by("code"))
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[int, OrgUnit]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            ordered.append((depth, unit))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def positions_for_user(*, user: Any, agency: Agency) -> QuerySet[Position]:
    return (
        scoped(Position.objects.filter(agency=agency), user)
        .select_related("org_unit", "superior")
        .annotate(holder_count=Count("holders", filter=Q(holders__is_active=True)))
    )


def supervisor_of(employee: Employee) -> Employee | None:
    """The direct superior (atasan langsung), derived from positions: the active holder of the
    superior position; if it is vacant, the holder of the next position up."""
    position = employee.position
    seen: set[int] = set()
    while position is not None and position.superior_id is not None and position.superior_id not in seen:
        seen.add(position.superior_id)
        holder = (
            Employee.objects.filter(position_id=position.superior_id, is_active=True)
            .exclude(pk=employee.pk)
            .order_by("pk")
            .first()
        )
        if holder is not None:
            return holder
        position = Position.objects.filter(pk=position.superior_id).first()
    return None


def subordinates_of(employee: Employee) -> QuerySet[Employee]:
    """Employees whose direct superior is this employee (holders of positions under theirs)."""
    if employee.position_id is None:
        return Employee.objects.none()
    return Employee.objects.filter(position__superior_id=employee.position_id, is_active=True).order_by("name")


# --- choices and details for the directory pages --------------------------------------------------


def agency_choices_for_user(*, user: Any) -> QuerySet[Agency]:
    """The agencies the user may read, light enough for a <select>."""
    return scoped(Agency.objects.all(), user).only("id", "code", "name", "short_name").order_by("code")


def manageable_agencies_for_user(*, user: Any) -> QuerySet[Agency]:
    """The agencies whose units, positions and employees the user may change (policies.can_manage_agency)."""
    actor = actor_of(user)
    qs = scoped(Agency.objects.filter(is_active=True), user).select_related("government").order_by("code")
    if actor is None or actor.has_role(Role.PLATFORM_ADMIN):
        return qs
    return qs.filter(pk__in=sorted(actor.agencies_with(Role.AGENCY_ADMIN)))


def unit_choices_for_user(*, user: Any, agency_id: int | None) -> QuerySet[OrgUnit]:
    if not agency_id:
        return OrgUnit.objects.none()
    return scoped(OrgUnit.objects.filter(agency_id=agency_id), user).only("id", "code", "name").order_by("code")


def position_choices_for_user(*, user: Any, agency_id: int | None) -> QuerySet[Position]:
    if not agency_id:
        return Position.objects.none()
    return (
        scoped(Position.objects.filter(agency_id=agency_id, is_active=True), user)
        .select_related("org_unit")
        .order_by("code")
    )


def unscoped_superior_choices(*, agency: Agency, exclude_pk: int | None = None) -> QuerySet[Position]:
    """Positions that may be the superior of a position of ``agency``: its own positions and every
    agency-head position of the same government (an agency head reports to the Sekda or the head
    of region). Outside the user's scope on purpose: only names of head positions are shown."""
    qs = Position.objects.filter(
        Q(agency=agency) | Q(agency__government_id=agency.government_id, is_agency_head=True), is_active=True
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("agency").order_by("agency__code", "code")


def agency_head_for_user(*, user: Any, agency: Agency) -> Employee | None:
    """The active holder of the agency's head position (kepala OPD), if any."""
    return (
        scoped(Employee.objects.filter(agency=agency, position__is_agency_head=True, is_active=True), user)
        .select_related("position")
        .order_by("pk")
        .first()
    )


def supervisor_for_user(*, user: Any, employee: Employee) -> tuple[Employee | None, bool]:
    """The direct superior if the user may read them; the flag tells that one exists out of reach."""
    supervisor = supervisor_of(employee)
    if supervisor is None:
        return None, False
    visible = scoped(Employee.objects.filter(pk=supervisor.pk), user).select_related("position", "agency").first()
    return visible, visible is None


def subordinates_for_user(*, user: Any, employee: Employee) -> QuerySet[Employee]:
    return scoped(subordinates_of(employee), user).select_related("position", "agency")


# --- the audit trail --------------------------------------------------------------------------------


def audit_events_for_user(
    *,
    user: Any,
    action: str = "",
    object_type: str = "",
    actor_label: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit events of the user's government, newest first (platform admin and auditor only).

    Dates are the government's local days."""
    actor = actor_of(user)
    policies.ensure(policies.can_read_audit(actor), "Anda tidak berwenang membaca jejak audit.")
    assert actor is not None
    if actor.government_id is None:  # never the NULL-government (system) rows
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.filter(government_id=actor.government_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor_label:
        qs = qs.filter(actor_label__iexact=actor_label)
    zone = ZoneInfo(_government_timezone(actor.government_id))
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        qs = qs.filter(created_at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return qs.order_by("-sequence")


def audit_object_types_for_user(*, user: Any) -> list[str]:
    actor = actor_of(user)
    policies.ensure(policies.can_read_audit(actor), "Anda tidak berwenang membaca jejak audit.")
    assert actor is not None
    if actor.government_id is None:
        return []
    qs = AuditEvent.objects.filter(government_id=actor.government_id).order_by("object_type")
    return list(qs.values_list("object_type", flat=True).distinct())


def _government_timezone(government_id: int | None) -> str:
    zone = Government.objects.filter(pk=government_id or 0).values_list("timezone", flat=True).first()
    return zone or "Asia/Jakarta"


def government_for_user(*, user: Any) -> Government:
    actor = actor_of(user)
    return get_for_user(Government, user, actor.government_id if actor is not None else None)
