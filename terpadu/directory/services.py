"""Writes to the directory. Each service checks the policy, validates, writes in one transaction
and appends an audit row."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction

from terpadu.core.audit import audit_record, changed_fields, snapshot
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of

from . import policies
from .models import Agency, Employee, Government, OrgUnit, Placement, Position
from .rules import NipError, parse_nip, parse_pppk_number

M = TypeVar("M", bound=models.Model)


def _full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=True)
    except DjangoValidationError as exc:
        fields = {key: [str(m) for m in messages] for key, messages in exc.message_dict.items()}
        first = next(iter(fields.values()))[0] if fields else "Data tidak valid."
        raise ValidationFailed(first, fields=fields) from None


def _save(
    *, user: Any, instance: M, changes: dict[str, Any], action: str, government_id: int, agency_id: int | None
) -> M:
    """Apply ``changes``, validate, save and audit (before/after of the changed fields only)."""
    creating = instance.pk is None
    before = {} if creating else snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    _full_clean(instance)
    instance.save()
    old, new = changed_fields(before, snapshot(instance)) if not creating else (None, snapshot(instance))
    if creating or new:
        audit_record(
            actor=user,
            action=action,
            target=instance,
            government_id=government_id,
            agency_id=agency_id,
            before=old,
            after=new,
        )
    return instance


# --- agencies, units, positions ---------------------------------------------------------------


@transaction.atomic
def agency_create(*, user: Any, government: Government, **fields: Any) -> Agency:
    policies.ensure(policies.can_manage_government(actor_of(user)))
    agency = Agency(government=government)
    return _save(
        user=user, instance=agency, changes=fields, action="agency.create", government_id=government.pk, agency_id=None
    )


@transaction.atomic
def agency_update(*, user: Any, agency: Agency, **changes: Any) -> Agency:
    policies.ensure(policies.can_manage_agency(actor_of(user), agency.pk))
    if "code" in changes and changes["code"] != agency.code:
        policies.ensure(
            policies.can_manage_government(actor_of(user)),
            "Hanya admin platform yang dapat mengubah kode OPD.",
        )
    return _save(
        user=user,
        instance=agency,
        changes=changes,
        action="agency.update",
        government_id=agency.government_id,
        agency_id=agency.pk,
    )


def _check_same_agency(agency: Agency, **related: models.Model | None) -> None:
    for field, obj in related.items():
        if obj is not None and getattr(obj, "agency_id", None) != agency.pk:
            raise ValidationFailed(
                "Data terkait harus berasal dari OPD yang sama.", fields={field: "Bukan dari OPD ini."}
            )


@transaction.atomic
def org_unit_save(*, user: Any, agency: Agency, unit: OrgUnit | None = None, **fields: Any) -> OrgUnit:
    policies.ensure(policies.can_manage_agency(actor_of(user), agency.pk))
    _check_same_agency(agency, parent=fields.get("parent"))
    unit = unit or OrgUnit(agency=agency)
    parent = fields.get("parent")
    while parent is not None:
        if unit.pk is not None and parent.pk == unit.pk:
            raise ValidationFailed(
                "Unit kerja tidak boleh menjadi induk dirinya sendiri.", fields={"parent": "Siklus."}
            )
        parent = parent.parent
    return _save(
        user=user,
        instance=unit,
        changes=fields,
        action="org_unit.save",
        government_id=agency.government_id,
        agency_id=agency.pk,
    )


@transaction.atomic
def position_save(*, user: Any, agency: Agency, position: Position | None = None, **fields: Any) -> Position:
    policies.ensure(policies.can_manage_agency(actor_of(user), agency.pk))
    _check_same_agency(agency, org_unit=fields.get("org_unit"))
    superior = fields.get("superior")
    if superior is not None and superior.agency.government_id != agency.government_id:
        raise ValidationFailed(
            "Atasan harus jabatan di pemerintah daerah yang sama.", fields={"superior": "Tidak sah."}
        )
    position = position or Position(agency=agency)
    node = superior
    while node is not None:
        if position.pk is not None and node.pk == position.pk:
            raise ValidationFailed(
                "Jabatan tidak boleh menjadi atasan dirinya sendiri.", fields={"superior": "Siklus."}
            )
        node = node.superior
    return _save(
        user=user,
        instance=position,
        changes=fields,
        action="position.save",
        government_id=agency.government_id,
        agency_id=agency.pk,
    )


# --- employees ------------------------------------------------------------------------------------


def _apply_number_rules(fields: dict[str, Any]) -> None:
    """Derive birth date and gender from the NIP (RULES.md §11) and reject a malformed one."""
    kind = fields.get("kind", Employee.Kind.PNS)
    try:
        if kind == Employee.Kind.PNS:
            info = parse_nip(fields.get("nip") or "")
            fields["nip"] = (fields.get("nip") or "").strip()
            fields["birth_date"], fields["gender"] = info.birth_date, info.gender
        else:
            fields["pppk_number"] = (fields.get("pppk_number") or "").strip()
            fields["birth_date"] = parse_pppk_number(fields["pppk_number"])
            fields["nip"] = None
    except NipError as exc:
        field = "nip" if kind == Employee.Kind.PNS else "pppk_number"
        raise ValidationFailed(str(exc), fields={field: str(exc)}) from None


@transaction.atomic
def employee_create(
    *,
    user: Any,
    government: Government,
    position: Position,
    start_date: date,
    org_unit: OrgUnit | None = None,
    decree_number: str = "",
    **fields: Any,
) -> Employee:
    policies.ensure(policies.can_manage_agency(actor_of(user), position.agency_id))
    _apply_number_rules(fields)
    employee = _save(
        user=user,
        instance=Employee(government=government),
        changes=fields,
        action="employee.create",
        government_id=government.pk,
        agency_id=position.agency_id,
    )
    employee_place(
        user=user,
        employee=employee,
        position=position,
        org_unit=org_unit or position.org_unit,
        start_date=start_date,
        kind=Placement.Kind.APPOINTMENT,
        decree_number=decree_number,
    )
    return employee


@transaction.atomic
def employee_update(*, user: Any, employee: Employee, **changes: Any) -> Employee:
    policies.ensure(policies.can_manage_agency(actor_of(user), employee.agency_id))
    forbidden = {"agency", "agency_id", "position", "position_id", "org_unit", "org_unit_id", "government"}
    if forbidden.intersection(changes):
        raise ValidationFailed("Penempatan diubah melalui mutasi, bukan melalui ubah data pegawai.")
    if {"nip", "kind", "pppk_number"}.intersection(changes):
        merged = {"kind": employee.kind, "nip": employee.nip, "pppk_number": employee.pppk_number, **changes}
        _apply_number_rules(merged)
        changes = {
            **changes,
            **{k: merged[k] for k in ("nip", "pppk_number", "birth_date", "gender") if k in merged},
        }
    return _save(
        user=user,
        instance=employee,
        changes=changes,
        action="employee.update",
        government_id=employee.government_id,
        agency_id=employee.agency_id,
    )


@transaction.atomic
def employee_place(
    *,
    user: Any,
    employee: Employee,
    position: Position,
    start_date: date,
    kind: str = Placement.Kind.TRANSFER,
    org_unit: OrgUnit | None = None,
    decree_number: str = "",
    note: str = "",
) -> Placement:
    """Move an employee to a position (mutasi, promotion…): close the open placement, open a new one.

    Allowed to the admin of the agency the employee leaves or the one they join, and to the
    platform admin: a transfer between agencies is usually recorded by BKPSDM (platform admin).
    """
    actor = actor_of(user)
    policies.ensure(
        (
            policies.can_manage_agency(actor, position.agency_id)
            and (employee.agency_id is None or policies.can_manage_agency(actor, employee.agency_id))
        )
        or policies.can_manage_government(actor)
    )
    if position.agency.government_id != employee.government_id:
        raise ValidationFailed(
            "Jabatan tujuan bukan milik pemerintah daerah pegawai.", fields={"position": "Tidak sah."}
        )
    org_unit = org_unit or position.org_unit
    if org_unit is not None and org_unit.agency_id != position.agency_id:
        raise ValidationFailed("Unit kerja harus dari OPD jabatan tujuan.", fields={"org_unit": "Bukan dari OPD ini."})
    current = Placement.objects.select_for_update().filter(employee=employee, end_date__isnull=True).first()
    if current is not None:
        if start_date <= current.start_date:
            raise ValidationFailed(
                "TMT penempatan baru harus setelah TMT penempatan sekarang.",
                fields={"start_date": "Terlalu awal."},
            )
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    placement = Placement.objects.create(
        employee=employee,
        agency=position.agency,
        org_unit=org_unit,
        position=position,
        kind=kind,
        start_date=start_date,
        decree_number=decree_number,
        note=note,
    )
    before = {
        "agency_id": employee.agency_id,
        "position_id": employee.position_id,
        "org_unit_id": employee.org_unit_id,
    }
    Employee.objects.filter(pk=employee.pk).update(agency=position.agency, position=position, org_unit=org_unit)
    employee.agency, employee.position, employee.org_unit = position.agency, position, org_unit
    audit_record(
        actor=user,
        action=f"employee.place.{kind}",
        target=employee,
        government_id=employee.government_id,
        agency_id=position.agency_id,
        before=before,
        after={
            "agency_id": position.agency_id,
            "position_id": position.pk,
            "org_unit_id": getattr(org_unit, "pk", None),
            "start_date": start_date,
            "decree_number": decree_number,
        },
    )
    return placement


@transaction.atomic
def employee_deactivate(*, user: Any, employee: Employee, end_date: date, note: str = "") -> Employee:
    """Retire, dismiss or otherwise end an employee's service; the history stays."""
    policies.ensure(policies.can_manage_agency(actor_of(user), employee.agency_id))
    Placement.objects.filter(employee=employee, end_date__isnull=True).update(end_date=end_date)
    result = _save(
        user=user,
        instance=employee,
        changes={"is_active": False},
        action="employee.deactivate",
        government_id=employee.government_id,
        agency_id=employee.agency_id,
    )
    if getattr(employee, "user", None) is not None:
        type(employee.user).objects.filter(pk=employee.user.pk).update(is_active=False)
    return result
