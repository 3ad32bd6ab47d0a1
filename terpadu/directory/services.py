"""Writes to the directory. Each service checks the policy, validates, writes in one transaction
and appends an audit row."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.utils.text import capfirst

from terpadu.core.audit import audit_record, changed_fields, snapshot
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of

from . import policies
from .models import Agency, Employee, Government, OrgUnit, Placement, Position
from .rules import NipError, parse_nip, parse_pppk_number

M = TypeVar("M", bound=models.Model)


#: tenant columns of a composite unique constraint: the error belongs to the other column
_TENANT_FIELDS = {"government", "agency"}


def _error_target(instance: models.Model, key: str, error: DjangoValidationError) -> tuple[str, str]:
    """Where a model error belongs: a composite unique error goes to its own column, in Indonesian."""
    params = error.params or {}
    unique = [name for name in params.get("unique_check", ()) if name not in _TENANT_FIELDS]
    if error.code == "unique_together" and unique:
        label = capfirst(str(getattr(instance._meta.get_field(unique[-1]), "verbose_name", unique[-1])))
        return unique[-1], f"{label} sudah dipakai oleh data lain."
    return key, " ".join(str(m) for m in error)


def _full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=True)
    except DjangoValidationError as exc:
        fields: dict[str, list[str]] = {}
        for key, errors in exc.error_dict.items():
            for error in errors:
                target, message = _error_target(instance, key, error)
                fields.setdefault(target, []).append(message)
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


#: what the agency's own admin may change; the rest (name, kind, status) is the platform admin's
AGENCY_CONTACT_FIELDS = frozenset({"address", "phone", "email"})


@transaction.atomic
def agency_update(*, user: Any, agency: Agency, **changes: Any) -> Agency:
    policies.ensure(policies.can_manage_agency(actor_of(user), agency.pk))
    if not policies.can_manage_government(actor_of(user)):
        if "code" in changes and changes["code"] != agency.code:
            policies.ensure(False, "Hanya admin platform yang dapat mengubah kode OPD.")
        other = {k for k, v in changes.items() if k not in AGENCY_CONTACT_FIELDS and getattr(agency, k, v) != v}
        policies.ensure(not other, "Admin OPD hanya dapat mengubah alamat, telepon dan email OPD.")
    return _save(
        user=user,
        instance=agency,
        changes=changes,
        action="agency.update",
        government_id=agency.government_id,
        agency_id=agency.pk,
    )


def _fail(field: str, message: str) -> None:
    """Refuse with one message, shown next to ``field``."""
    raise ValidationFailed(message, fields={field: message})


def _check_same_agency(agency: Agency, **related: models.Model | None) -> None:
    for field, obj in related.items():
        if obj is not None and getattr(obj, "agency_id", None) != agency.pk:
            _fail(field, "Data terkait harus berasal dari OPD yang sama.")


@transaction.atomic
def org_unit_save(*, user: Any, agency: Agency, unit: OrgUnit | None = None, **fields: Any) -> OrgUnit:
    policies.ensure(policies.can_manage_agency(actor_of(user), agency.pk))
    _check_same_agency(agency, unit=unit, parent=fields.get("parent"))
    unit = unit or OrgUnit(agency=agency)
    parent = fields.get("parent")
    while parent is not None:
        if unit.pk is not None and parent.pk == unit.pk:
            _fail("parent", "Unit kerja tidak boleh menjadi induk dirinya sendiri atau induk dari induknya.")
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
    _check_same_agency(agency, position=position, org_unit=fields.get("org_unit"))
    superior = fields.get("superior")
    if superior is not None and superior.agency.government_id != agency.government_id:
        _fail("superior", "Atasan harus jabatan di pemerintah daerah yang sama.")
    if superior is not None and superior.agency_id != agency.pk and not superior.is_agency_head:
        _fail("superior", "Atasan harus jabatan di OPD yang sama atau jabatan kepala OPD.")
    position = position or Position(agency=agency)
    node = superior
    while node is not None:
        if position.pk is not None and node.pk == position.pk:
            _fail("superior", "Jabatan tidak boleh menjadi atasan dirinya sendiri atau atasan dari atasannya.")
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
    if kind == Employee.Kind.ELECTED:
        fields["nip"] = fields["pppk_number"] = None
        return
    try:
        if kind == Employee.Kind.PNS:
            info = parse_nip(fields.get("nip") or "")
            fields["nip"] = (fields.get("nip") or "").strip().replace(" ", "")
            fields["birth_date"], fields["gender"] = info.birth_date, info.gender
            if "pppk_number" in fields:  # an empty one is NULL: "" would collide on the unique constraint
                fields["pppk_number"] = (fields["pppk_number"] or "").strip().replace(" ", "") or None
        else:
            fields["pppk_number"] = (fields.get("pppk_number") or "").strip().replace(" ", "")
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
        _fail("position", "Jabatan tujuan bukan milik pemerintah daerah pegawai.")
    if not employee.is_active:
        _fail("position", "Pegawai yang sudah tidak aktif tidak dapat dimutasi.")
    org_unit = org_unit or position.org_unit
    if org_unit is not None and org_unit.agency_id != position.agency_id:
        _fail("org_unit", "Unit kerja harus dari OPD jabatan tujuan.")
    current = Placement.objects.select_for_update().filter(employee=employee, end_date__isnull=True).first()
    if current is not None:
        if start_date <= current.start_date:
            _fail(
                "start_date",
                f"TMT penempatan baru harus setelah TMT penempatan sekarang ({current.start_date:%d-%m-%Y}).",
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
    if not employee.is_active:
        _fail("end_date", "Pegawai ini sudah tidak aktif.")
    current = Placement.objects.select_for_update().filter(employee=employee, end_date__isnull=True).first()
    if current is not None and end_date < current.start_date:
        _fail(
            "end_date", f"Tanggal berhenti tidak boleh sebelum TMT penempatan sekarang ({current.start_date:%d-%m-%Y})."
        )
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


# --- the government (Pemda) profile -------------------------------------------------------------------

#: what the profile page may change; the slug (in URLs and data) never changes
GOVERNMENT_FIELDS = (
    "name",
    "level",
    "region_code",
    "timezone",
    "head_title",
    "address",
    "phone",
    "email",
    "website",
)
LOGO_MAX_BYTES = 1024 * 1024
_UNSAFE_SVG = re.compile(rb"<script|<foreignobject|<!entity|\son[a-z]+\s*=|javascript:|<iframe|<embed", re.I)


@dataclass(frozen=True)
class LogoInfo:
    extension: str
    content_type: str
    size: int
    sha256: str


def _sniff_image(content: bytes) -> tuple[str, str] | None:
    """The (extension, content type) of a PNG, JPEG or SVG, judged by the bytes, not the name."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpg", "image/jpeg"
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in content.lower():
        return "svg", "image/svg+xml"
    return None


def _check_logo(logo: File) -> tuple[LogoInfo, bytes]:
    logo.seek(0)
    content = logo.read(LOGO_MAX_BYTES + 1)
    if len(content) > LOGO_MAX_BYTES:
        _fail("logo", "Ukuran logo paling besar 1 MB.")
    kind = _sniff_image(content)
    if kind is None:
        _fail("logo", "Logo harus berupa gambar PNG, JPEG atau SVG.")
    assert kind is not None
    if kind[0] == "svg" and _UNSAFE_SVG.search(content):
        _fail("logo", "Logo SVG tidak boleh memuat skrip, tautan javascript atau objek tertanam.")
    return LogoInfo(kind[0], kind[1], len(content), hashlib.sha256(content).hexdigest()), content


def _government_picture(government: Government) -> dict[str, Any]:
    return {**snapshot(government, GOVERNMENT_FIELDS), "logo": government.logo.name or ""}


@transaction.atomic
def government_update(
    *, user: Any, government: Government, logo: File | None = None, remove_logo: bool = False, **changes: Any
) -> Government:
    """Change the Pemda profile (platform admin of that government). ``logo`` replaces the logo after
    its bytes are checked (PNG, JPEG or SVG, at most 1 MB); ``remove_logo`` drops it."""
    actor = actor_of(user)
    policies.ensure(
        policies.can_manage_government(actor) and actor is not None and actor.government_id == government.pk
    )
    unknown = sorted(set(changes) - set(GOVERNMENT_FIELDS))
    if unknown:
        raise ValidationFailed(f"Kolom ini tidak dapat diubah: {', '.join(unknown)}.")
    before = _government_picture(government)
    for name, value in changes.items():
        setattr(government, name, value)
    _full_clean(government, exclude=["logo"])
    extra: dict[str, Any] = {}
    if logo is not None:
        info, content = _check_logo(logo)
        government.logo.save(
            f"logo-{government.slug}-{info.sha256[:12]}.{info.extension}", ContentFile(content), save=False
        )
        extra = {"logo_type": info.content_type, "logo_size": info.size, "logo_sha256": info.sha256}
    elif remove_logo:
        government.logo = ""
    government.save()
    old, new = changed_fields(before, _government_picture(government))
    if new or extra:
        audit_record(
            actor=user,
            action="government.update",
            target=government,
            government_id=government.pk,
            before=old,
            after={**new, **extra},
        )
    return government
