"""Rows of employees (pegawai): NIP / NI PPPK by RULES.md §11, placement and its TMT."""

from __future__ import annotations

from typing import Any

from django.db import models

from ..models import Employee, Placement
from ..rules import NipError, parse_nip, parse_pppk_number
from .cells import RowReader, cell_text, max_length
from .checks import Check
from .columns import EMPLOYEES, POSITIONS, UNITS
from .context import open_placements, unscoped_employees_by_number
from .report import CREATE, UNCHANGED, UPDATE, Key, Op

PLAIN_FIELDS = {
    "nama": "name",
    "gelar_depan": "front_title",
    "gelar_belakang": "back_title",
    "pangkat_golongan": "rank",
    "telepon": "phone",
}


class ImportedKind(models.TextChoices):
    """The statuses an import carries (elected officials are added on the employee page)."""

    PNS = Employee.Kind.PNS.value, Employee.Kind.PNS.label
    PPPK = Employee.Kind.PPPK.value, Employee.Kind.PPPK.label


def _number_fields(reader: RowReader, kind: str) -> tuple[str, str, dict[str, Any]]:
    """The column, the number and the fields derived from it (birth date, gender)."""
    pns = kind == Employee.Kind.PNS
    column, label = ("nip", "NIP") if pns else ("ni_pppk", "NI PPPK")
    blank = cell_text(reader.values.get(column)) == ""
    number = reader.number(column)
    fields: dict[str, Any] = {"kind": kind}
    if blank:
        reader.error(column, f"{label} wajib diisi untuk {'PNS' if pns else 'PPPK'}.")
    if not number:
        return column, number, fields
    try:
        if pns:
            info = parse_nip(number)
            fields.update(nip=number, birth_date=info.birth_date, gender=info.gender)
        else:
            fields.update(nip=None, pppk_number=number, birth_date=parse_pppk_number(number))
    except NipError as exc:
        reader.error(column, str(exc))
    return column, number, fields


def _plain_fields(reader: RowReader) -> dict[str, Any]:
    fields = {
        field: reader.text(column, limit=max_length(Employee, field), required=column == "nama")
        for column, field in PLAIN_FIELDS.items()
        if reader.has(column)
    }
    if reader.has("email"):
        fields["email"] = reader.email("email", max_length(Employee, "email"))
    return fields


def _placement(check: Check, reader: RowReader) -> dict[str, Any]:
    agency = check.agency(reader)
    code = reader.text("kode_jabatan", required=True)
    unit = reader.text("kode_unit")
    placement = {"position": (agency, code), "unit": (agency, unit) if unit else None}
    if agency and code and not check.known(POSITIONS, (agency, code)):
        reader.error("kode_jabatan", f"Jabatan {code} tidak ditemukan di OPD {agency}.")
    if agency and unit and not check.known(UNITS, (agency, unit)):
        reader.error("kode_unit", f"Unit kerja {unit} tidak ditemukan di OPD {agency}.")
    decree = reader.text("nomor_sk", limit=max_length(Placement, "decree_number"))
    blank = cell_text(reader.values.get("tmt")) == ""
    return {**placement, "tmt": reader.date("tmt"), "tmt_missing": blank, "decree": decree}


def _employee_row(check: Check, reader: RowReader) -> Op:
    kind = reader.choice("status", ImportedKind, Employee.Kind.PNS) or Employee.Kind.PNS
    column, number, numbers = _number_fields(reader, kind)
    what = f"{'NIP' if column == 'nip' else 'NI PPPK'} {number}"
    op = check.open_op(reader, EMPLOYEES, (column, number), column, what)
    op.extra.update(column=column, numbers=numbers, fields=_plain_fields(reader), **_placement(check, reader))
    return op


def check_employees(check: Check, sheet: str, readers: list[RowReader]) -> None:
    ops = [_employee_row(check, reader) for reader in readers]
    keyed = [op for op in ops if op.key[0]]
    numbers = {column: [op.key[1] for op in keyed if op.key[0] == column] for column in ("nip", "ni_pppk")}
    existing = unscoped_employees_by_number(check.directory.government, numbers["nip"], numbers["ni_pppk"])
    for op in keyed:
        op.instance = existing.get(("nip" if op.key[0] == "nip" else "pppk", op.key[1]))
        _decide(check, op)
    moving = [op for op in keyed if op.extra.get("move")]
    current = open_placements([op.instance.pk for op in moving])
    for op in moving:
        _check_tmt_after(op, current.get(op.instance.pk))


def _position_unit(check: Check, position_key: Key) -> Key | None:
    """The unit a position belongs to, as it will be after the file is applied."""
    planned = check.planned(POSITIONS).get(position_key)
    if planned is not None and "org_unit" in planned.refs:
        return planned.refs["org_unit"]
    position = check.directory.positions.get(position_key)
    return check.directory.unit_keys.get(position.org_unit_id or 0) if position is not None else None


def _decide(check: Check, op: Op) -> None:
    extra, employee = op.extra, op.instance
    if employee is None:
        extra["unit"] = extra["unit"] or _position_unit(check, extra["position"])
        op.action, op.fields = CREATE, {**extra["numbers"], **extra["fields"]}
        if extra["tmt_missing"]:
            op.error("tmt", "TMT wajib diisi untuk pegawai baru.")
        return
    if not _may_change(check, op):
        return
    op.fields = {name: value for name, value in extra["fields"].items() if getattr(employee, name) != value}
    current = (
        check.directory.position_keys.get(employee.position_id or 0),
        check.directory.unit_keys.get(employee.org_unit_id or 0),
    )
    if extra["unit"] is None:  # a blank unit: the current one in the same position, else the position's
        extra["unit"] = current[1] if current[0] == extra["position"] else _position_unit(check, extra["position"])
    extra["move"] = current != (extra["position"], extra["unit"])
    op.action = UPDATE if op.fields or extra["move"] else UNCHANGED
    if extra["move"] and extra["tmt_missing"]:
        op.error("tmt", "TMT wajib diisi karena jabatan atau unit kerja pegawai berubah.")


def _may_change(check: Check, op: Op) -> bool:
    employee, column = op.instance, op.extra["column"]
    if not employee.is_active:
        op.error(column, "Pegawai ini sudah tidak aktif; data pegawai nonaktif tidak dapat diubah melalui impor.")
        return False
    if employee.agency_id is not None and employee.agency_id not in check.directory.manageable:
        op.error(column, "Pegawai ini terdaftar di OPD lain; hanya admin platform yang dapat memindahkannya.")
        return False
    return True


def _check_tmt_after(op: Op, current: Placement | None) -> None:
    tmt = op.extra["tmt"]
    if current is not None and tmt is not None and tmt <= current.start_date:
        start = current.start_date.strftime("%d-%m-%Y")
        op.error("tmt", f"TMT penempatan baru harus setelah TMT penempatan sekarang ({start}).")
        op.extra["move"] = False
