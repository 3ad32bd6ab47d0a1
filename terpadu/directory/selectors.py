"""Reads of the directory, always given the acting user and narrowed by core.scoping."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from terpadu.core.scoping import get_for_user, scoped

from .models import Agency, Employee, OrgUnit, Placement, Position


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
