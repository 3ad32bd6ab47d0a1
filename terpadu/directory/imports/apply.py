"""Writing a checked plan: agencies, units, positions, then employees — all inside the caller's transaction.

Agencies, units, positions, changed employees and transfers (mutasi) go through the directory
services, which check the policy and audit each change. New employees, which may be tens of
thousands, are written in batches with the same fields, placement and audit rows as
``employee_create`` + ``employee_place`` would write (see :func:`_create_employees`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from terpadu.core.audit import audit_record_many, snapshot
from terpadu.core.errors import ApplicationError
from terpadu.core.roles import actor_of

from .. import policies, services
from ..models import Employee, OrgUnit, Placement, Position
from .columns import AGENCIES, EMPLOYEES, POSITIONS, UNITS
from .context import Directory
from .report import CREATE, UNCHANGED, UPDATE, Key, Op, Plan

BATCH = 1000
#: ``progress(done, total)``: rows of the plan handled so far (all kinds, unchanged rows included)
Progress = Callable[[int, int], None]


@contextmanager
def _row(op: Op) -> Iterator[None]:
    """A service refusal names the row it came from (the whole import is then rolled back)."""
    try:
        yield
    except ApplicationError as exc:
        raise type(exc)(f"Lembar {op.sheet} baris {op.row}: {exc.message}", fields=exc.fields) from exc


def _changed(plan: Plan, kind: str) -> list[Op]:
    ops = [op for op in plan.ops.get(kind, {}).values() if op.action != UNCHANGED]
    return sorted(ops, key=lambda op: (op.extra.get("depth", 0), op.row))


def apply_plan(*, user: Any, plan: Plan, directory: Directory, progress: Progress | None = None) -> None:
    """Write the plan; ``progress`` (optional) hears after each kind and each batch of new employees."""
    total = sum(len(ops) for ops in plan.ops.values())
    done = 0

    def report(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    for kind, step in ((AGENCIES, _apply_agencies), (UNITS, _apply_units), (POSITIONS, _apply_positions)):
        step(user, plan, directory)
        report(len(plan.ops.get(kind, {})))
    _apply_employees(user, plan, directory, report)


def _apply_agencies(user: Any, plan: Plan, directory: Directory) -> None:
    for op in _changed(plan, AGENCIES):
        with _row(op):
            if op.action == CREATE:
                agency = services.agency_create(user=user, government=directory.government, **op.fields)
                directory.agencies[op.key[0]] = agency
            else:
                services.agency_update(user=user, agency=op.instance, **op.fields)


def _resolved(op: Op, tables: dict[str, dict[Key, Any]]) -> dict[str, Any]:
    """The rows a row refers to (parent, unit, superior), created earlier by this import or existing."""
    return {name: (tables[name][key] if key is not None else None) for name, key in op.refs.items()}


def _apply_units(user: Any, plan: Plan, directory: Directory) -> None:
    for op in _changed(plan, UNITS):
        with _row(op):
            unit: OrgUnit = services.org_unit_save(
                user=user,
                agency=directory.agencies[op.key[0]],
                unit=op.instance,
                **op.fields,
                **_resolved(op, {"parent": directory.units}),
            )
        directory.units[op.key] = unit
        directory.unit_keys[unit.pk] = op.key


def _apply_positions(user: Any, plan: Plan, directory: Directory) -> None:
    for op in _changed(plan, POSITIONS):
        with _row(op):
            position: Position = services.position_save(
                user=user,
                agency=directory.agencies[op.key[0]],
                position=op.instance,
                **op.fields,
                **_resolved(op, {"org_unit": directory.units, "superior": directory.positions}),
            )
        directory.positions[op.key] = position
        directory.position_keys[position.pk] = op.key


def _apply_employees(user: Any, plan: Plan, directory: Directory, report: Callable[[int], None]) -> None:
    changed = _changed(plan, EMPLOYEES)
    created = [op for op in changed if op.action == CREATE]
    for op in changed:
        if op.action == UPDATE:
            _update_employee(user, op, directory)
    report(len(plan.ops.get(EMPLOYEES, {})) - len(created))
    _create_employees(user, created, directory, report)


def _update_employee(user: Any, op: Op, directory: Directory) -> None:
    employee: Employee = op.instance
    with _row(op):
        if op.fields:
            services.employee_update(user=user, employee=employee, **op.fields)
        if op.extra.get("move"):
            unit_key = op.extra["unit"]
            services.employee_place(
                user=user,
                employee=employee,
                position=directory.positions[op.extra["position"]],
                org_unit=directory.units[unit_key] if unit_key else None,
                start_date=op.extra["tmt"],
                kind=Placement.Kind.TRANSFER if employee.position_id else Placement.Kind.APPOINTMENT,
                decree_number=op.extra["decree"],
            )


def _create_employees(user: Any, ops: list[Op], directory: Directory, report: Callable[[int], None]) -> None:
    """New employees in batches: the rows, their first placement (pengangkatan) and, per employee,
    the two audit rows ``employee_create`` writes ("employee.create", "employee.place.pengangkatan")."""
    actor = actor_of(user)
    for agency_id in sorted({directory.positions[op.extra["position"]].agency_id for op in ops}):
        policies.ensure(policies.can_manage_agency(actor, agency_id))
    placements = [_new_placement(op, directory) for op in ops]
    employees = [placement.employee for placement in placements]
    for start in range(0, len(placements), BATCH):
        Employee.objects.bulk_create(employees[start : start + BATCH])
        Placement.objects.bulk_create(placements[start : start + BATCH])
        report(len(placements[start : start + BATCH]))
    audit_record_many(actor=user, entries=_creation_audit(employees, placements))


def _new_placement(op: Op, directory: Directory) -> Placement:
    """An unsaved employee with its first placement, as ``employee_create`` fills them."""
    position = directory.positions[op.extra["position"]]
    unit_key = op.extra["unit"]
    unit = directory.units[unit_key] if unit_key else None
    employee = Employee(
        government=directory.government, agency=position.agency, position=position, org_unit=unit, **op.fields
    )
    return Placement(
        employee=employee,
        agency=position.agency,
        org_unit=unit,
        position=position,
        kind=Placement.Kind.APPOINTMENT,
        start_date=op.extra["tmt"],
        decree_number=op.extra["decree"],
    )


def _creation_audit(employees: list[Employee], placements: list[Placement]) -> Iterator[dict[str, Any]]:
    unplaced = {"agency_id": None, "position_id": None, "org_unit_id": None}
    for employee, placement in zip(employees, placements, strict=True):
        common = {"target": employee, "government_id": employee.government_id, "agency_id": employee.agency_id}
        yield {**common, "action": "employee.create", "after": {**snapshot(employee), **unplaced}}
        yield {
            **common,
            "action": f"employee.place.{Placement.Kind.APPOINTMENT}",
            "before": unplaced,
            "after": {
                "agency_id": employee.agency_id,
                "position_id": employee.position_id,
                "org_unit_id": employee.org_unit_id,
                "start_date": placement.start_date,
                "decree_number": placement.decree_number,
            },
        }
