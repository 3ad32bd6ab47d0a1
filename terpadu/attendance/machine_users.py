"""Machine user ids → employees, per agency (MachineUserMap): a fingerprint machine knows its enrolment numbers,
not NIPs. The agency's managers set them one by one or upload a CSV/XLSX ``machine_user_id,nip`` (all rows or
none); every change is audited. Machine-log imports then accept the machine id in the ``nip`` column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet

from terpadu.core.audit import audit_record, audit_record_many, snapshot
from terpadu.core.errors import NotFound, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency, Employee
from terpadu.documents.interfaces import store_upload, stored_file_open

from . import machine_import_files as files
from . import machine_import_rules as rules
from . import policies
from .machine_imports import agency_for_import
from .models import MachineUserMap

PURPOSE = "absensi-pemetaan-mesin"
ID_COLUMN, NIP_COLUMN = "machine_user_id", "nip"
ID_ALIASES = (ID_COLUMN, "id_mesin", "user_id")
FIELDS = ["agency_id", "machine_user_id", "employee_id"]
MAX_ROWS = 50_000


@dataclass
class MappingResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[rules.RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def machine_user_maps_for(*, user: Any, agency_id: int) -> QuerySet[MachineUserMap]:
    """The mappings of an agency the user reads (government-wide roles, the agency's head/admin/operator)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return MachineUserMap.objects.none()
    qs = MachineUserMap.objects.filter(government_id=actor.government_id, agency_id=agency_id)
    if not actor.sees_whole_government and agency_id not in actor.agencies_with(*policies.AGENCY_READERS):
        return qs.none()
    return qs.select_related("employee").order_by("machine_user_id")


def _clean_id(raw: str) -> str:
    try:
        return rules.identifier(raw)
    except ValueError as exc:
        message = str(exc).replace("NIP atau ID mesin", "ID mesin")
        raise ValidationFailed(message, fields={"machine_user_id": message}) from None


def _employee(agency: Agency, nip: str) -> Employee:
    number = (nip or "").strip().replace(" ", "")
    found = Employee.objects.filter(Q(nip=number) | Q(pppk_number=number), government_id=agency.government_id).first()
    if not number or found is None:
        message = f"NIP {number} tidak terdaftar pada pemerintah daerah ini." if number else "NIP wajib diisi."
        raise ValidationFailed(message, fields={"nip": message})
    if found.agency_id != agency.pk:
        message = rules.OTHER_AGENCY.format(value=number, agency=agency.name)
        raise ValidationFailed(message, fields={"nip": message})
    return found


@transaction.atomic
def machine_user_map_set(*, user: Any, agency_id: int | None, machine_user_id: str, nip: str) -> MachineUserMap:
    """Map a machine id to the employee with ``nip`` (creates the mapping, or points it to another employee)."""
    agency = agency_for_import(user=user, agency_id=agency_id)
    uid, employee = _clean_id(machine_user_id), _employee(agency, nip)
    row = MachineUserMap.objects.select_for_update().filter(agency=agency, machine_user_id=uid).first()
    before = snapshot(row, FIELDS) if row is not None else None
    if row is None:
        row = MachineUserMap.objects.create(
            government_id=agency.government_id, agency=agency, machine_user_id=uid, employee=employee
        )
    elif row.employee_id != employee.pk:
        row.employee = employee
        row.save(update_fields=["employee"])
    else:
        return row
    audit_record(
        actor=user,
        action="attendance.machine_user_map.set",
        target=row,
        government_id=row.government_id,
        agency_id=row.agency_id,
        before=before,
        after=snapshot(row, FIELDS),
    )
    return row


@transaction.atomic
def machine_user_map_delete(*, user: Any, pk: Any) -> None:
    actor = actor_of(user)
    government_id = actor.government_id if actor is not None else None
    row = MachineUserMap.objects.filter(government_id=government_id, pk=pk).first() if government_id else None
    if row is None or not policies.can_manage_agency(actor, row.agency_id):
        raise NotFound("Pemetaan tidak ditemukan.")
    audit_record(
        actor=user,
        action="attendance.machine_user_map.delete",
        target=row,
        government_id=row.government_id,
        agency_id=row.agency_id,
        before=snapshot(row, FIELDS),
    )
    row.delete()


# --- upload of many ----------------------------------------------------------------------------------------------


def _columns(header: Any) -> tuple[int, int] | list[rules.RowError]:
    names = [rules.cell_text(cell).lstrip("\ufeff").lower() for cell in header]
    uid = next((names.index(alias) for alias in ID_ALIASES if alias in names), None)
    errors = []
    if uid is None:
        errors.append(rules.RowError(1, ID_COLUMN, "Kolom machine_user_id tidak ada pada baris judul."))
    if NIP_COLUMN not in names:
        errors.append(rules.RowError(1, NIP_COLUMN, "Kolom nip tidak ada pada baris judul."))
    return errors or (uid or 0, names.index(NIP_COLUMN))


def _numbers(agency: Agency) -> dict[str, tuple[int, int | None]]:
    found: dict[str, tuple[int, int | None]] = {}
    people = Employee.objects.filter(government_id=agency.government_id).exclude(kind=Employee.Kind.ELECTED)
    for pk, nip, pppk, agency_id in people.values_list("pk", "nip", "pppk_number", "agency_id").order_by():
        for number in (nip, pppk):
            if number:
                found[number] = (pk, agency_id)
    return found


def _check_rows(log: files.LogFile, columns: tuple[int, int], agency: Agency) -> tuple[dict[str, int], list[Any]]:
    numbers, wanted, errors = _numbers(agency), dict[str, int](), list[rules.RowError]()
    for number, row in enumerate(log.rows, start=2):
        cells = [rules.cell_text(row[i]) if i < len(row) else "" for i in columns]
        if not any(cells):
            continue
        try:
            uid = rules.identifier(cells[0])
        except ValueError as exc:
            errors.append(rules.RowError(number, ID_COLUMN, str(exc).replace("NIP atau ID mesin", "ID mesin")))
            continue
        found = numbers.get(cells[1].replace(" ", ""))
        if found is None or found[1] != agency.pk:
            message = rules.UNKNOWN_NIP if found is None else rules.OTHER_AGENCY
            errors.append(rules.RowError(number, NIP_COLUMN, message.format(value=cells[1], agency=agency.name)))
        elif uid in wanted and wanted[uid] != found[0]:
            errors.append(rules.RowError(number, ID_COLUMN, f"ID mesin {uid} muncul lagi dengan NIP lain."))
        else:
            wanted[uid] = found[0]
        if len(wanted) + len(errors) > MAX_ROWS:
            errors.append(rules.RowError(number, "", f"Paling banyak {MAX_ROWS} baris per berkas."))
            break
    return wanted, errors[: rules.MAX_ERRORS]


def machine_user_map_upload(*, user: Any, agency_id: int | None, file: File) -> MappingResult:
    """Set many mappings from a CSV/XLSX ``machine_user_id,nip``: all rows or none, audited."""
    agency = agency_for_import(user=user, agency_id=agency_id)
    info = store_upload(file=file, purpose=PURPOSE, user=user, government_id=agency.government_id)
    with stored_file_open(file_id=info.id) as handle:
        data = handle.read()
    try:
        log = files.read_log(data)
    except files.UnreadableFile as exc:
        return MappingResult(errors=[rules.RowError(1, "", str(exc))])
    columns = _columns(log.header)
    if isinstance(columns, list):
        return MappingResult(errors=columns)
    wanted, errors = _check_rows(log, columns, agency)
    if errors:
        return MappingResult(errors=errors)
    return _apply(user, agency, wanted)


@transaction.atomic
def _apply(user: Any, agency: Agency, wanted: dict[str, int]) -> MappingResult:
    result, entries = MappingResult(), []
    existing = {row.machine_user_id: row for row in MachineUserMap.objects.select_for_update().filter(agency=agency)}
    for uid, employee_id in wanted.items():
        row = existing.get(uid)
        if row is not None and row.employee_id == employee_id:
            result.unchanged += 1
            continue
        before = snapshot(row, FIELDS) if row is not None else None
        if row is None:
            row = MachineUserMap.objects.create(
                government_id=agency.government_id, agency=agency, machine_user_id=uid, employee_id=employee_id
            )
            result.created += 1
        else:
            row.employee_id = employee_id
            row.save(update_fields=["employee"])
            result.updated += 1
        entries.append(
            {
                "action": "attendance.machine_user_map.set",
                "target": row,
                "government_id": row.government_id,
                "agency_id": row.agency_id,
                "before": before,
                "after": snapshot(row, FIELDS),
            }
        )
    audit_record_many(actor=user, entries=entries)
    return result
