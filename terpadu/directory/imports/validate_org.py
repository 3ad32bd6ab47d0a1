"""Rows of the organisation: agencies (OPD), units (unit kerja) and positions (jabatan)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..models import Agency, OrgUnit, Position
from .cells import RowReader, max_length
from .checks import Check, check_tree, settle
from .columns import AGENCIES, POSITIONS, UNITS
from .context import unscoped_positions_by_key
from .report import Key, Op

Parsers = dict[str, tuple[str, Callable[[], Any]]]


def _fields(reader: RowReader, parsers: Parsers) -> dict[str, Any]:
    """Only the columns present in the file: a missing optional column leaves the data as it is."""
    return {field: parse() for column, (field, parse) in parsers.items() if reader.has(column)}


def _text(reader: RowReader, model: type, column: str, field: str, required: bool = False) -> Callable[[], str]:
    return lambda: reader.text(column, limit=max_length(model, field), required=required)


# --- agencies -----------------------------------------------------------------------------------------


def _agency_parsers(reader: RowReader) -> Parsers:
    return {
        "nama": ("name", _text(reader, Agency, "nama", "name", required=True)),
        "singkatan": ("short_name", _text(reader, Agency, "singkatan", "short_name")),
        "jenis": ("kind", lambda: reader.choice("jenis", Agency.Kind)),
        "alamat": ("address", _text(reader, Agency, "alamat", "address")),
        "telepon": ("phone", _text(reader, Agency, "telepon", "phone")),
        "email": ("email", lambda: reader.email("email", max_length(Agency, "email"))),
        "aktif": ("is_active", lambda: reader.flag("aktif", True)),
    }


def check_agencies(check: Check, sheet: str, readers: list[RowReader]) -> None:
    if not check.directory.is_platform_admin:
        check.plan.error(sheet, 1, "", "Hanya admin platform yang dapat mengimpor data OPD.")
        return
    for reader in readers:
        code = reader.text("kode", limit=max_length(Agency, "code"), required=True)
        op = check.open_op(reader, AGENCIES, (code,), "kode", f"Kode OPD {code}")
        op.instance = check.directory.agencies.get(code)
        settle(op, {"code": code, **_fields(reader, _agency_parsers(reader))}, {})


# --- units --------------------------------------------------------------------------------------------


def _unit_parsers(reader: RowReader) -> Parsers:
    return {
        "nama": ("name", _text(reader, OrgUnit, "nama", "name", required=True)),
        "jenis": ("kind", lambda: reader.choice("jenis", OrgUnit.Kind, OrgUnit.Kind.DIVISION)),
    }


def check_units(check: Check, sheet: str, readers: list[RowReader]) -> None:
    directory = check.directory
    for reader in readers:
        agency = check.agency(reader)
        code = reader.text("kode", limit=max_length(OrgUnit, "code"), required=True)
        op = check.open_op(reader, UNITS, (agency, code), "kode", f"Kode unit {code} di OPD {agency}")
        op.instance = directory.units.get(op.key)
        op.extra["fields"] = {"code": code, **_fields(reader, _unit_parsers(reader))}
        if reader.has("kode_induk"):
            parent = reader.text("kode_induk")
            op.refs["parent"] = (agency, parent) if parent else None
    ops = [op for op in check.planned(UNITS).values() if op.key[0]]
    for op in ops:
        _resolve(check, op, "parent", "kode_induk", UNITS, "Unit induk")
    check_tree(check, UNITS, "parent", "kode_induk", lambda key: _unit_parent(check, key))
    for op in check.planned(UNITS).values():
        current = op.instance.parent_id if op.instance is not None else None
        settle(op, op.extra.pop("fields"), {"parent": directory.unit_keys.get(current or 0)})


def _unit_parent(check: Check, key: Key) -> Key | None:
    unit = check.directory.units.get(key)
    return check.directory.unit_keys.get(unit.parent_id) if unit is not None and unit.parent_id else None


def _resolve(check: Check, op: Op, ref: str, column: str, kind: str, what: str) -> None:
    """A reference must name a row that exists or is created by the file, and not the row itself."""
    key = op.refs.get(ref)
    if key is None:
        return
    if key == op.key:
        op.error(column, f"{what} tidak boleh dirinya sendiri.")
    elif not check.known(kind, key):
        op.error(column, f"{what} {key[1]} tidak ditemukan di OPD {key[0]}.")


# --- positions ----------------------------------------------------------------------------------------


def _position_parsers(reader: RowReader) -> Parsers:
    return {
        "nama": ("name", _text(reader, Position, "nama", "name", required=True)),
        "jenis": ("kind", lambda: reader.choice("jenis", Position.Kind)),
        "eselon": ("echelon", _text(reader, Position, "eselon", "echelon")),
        "kepala_opd": ("is_agency_head", lambda: reader.flag("kepala_opd", False)),
    }


def _superior_key(reader: RowReader, agency: str) -> Key | None:
    text = reader.text("kode_atasan")
    if not text:
        return None
    if ":" in text:
        other, _, code = text.partition(":")
        return (other.strip(), code.strip())
    return (agency, text)


def _position_row(check: Check, reader: RowReader) -> None:
    agency = check.agency(reader)
    code = reader.text("kode", limit=max_length(Position, "code"), required=True)
    op = check.open_op(reader, POSITIONS, (agency, code), "kode", f"Kode jabatan {code} di OPD {agency}")
    op.instance = check.directory.positions.get(op.key)
    op.extra["fields"] = {"code": code, **_fields(reader, _position_parsers(reader))}
    if reader.has("kode_unit"):
        unit = reader.text("kode_unit")
        op.refs["org_unit"] = (agency, unit) if unit else None
    if reader.has("kode_atasan"):
        op.refs["superior"] = _superior_key(reader, agency)


def check_positions(check: Check, sheet: str, readers: list[RowReader]) -> None:
    directory = check.directory
    for reader in readers:
        _position_row(check, reader)
    ops = [op for op in check.planned(POSITIONS).values() if op.key[0]]
    superiors = {key for op in ops if (key := op.refs.get("superior")) is not None}
    outside = unscoped_positions_by_key(directory, superiors - set(check.planned(POSITIONS)))
    directory.remember_positions(outside.values())
    for op in ops:
        _resolve(check, op, "org_unit", "kode_unit", UNITS, "Unit kerja")
        _resolve(check, op, "superior", "kode_atasan", POSITIONS, "Jabatan atasan")
    check_tree(check, POSITIONS, "superior", "kode_atasan", lambda key: _superior_of(check, key))
    for op in check.planned(POSITIONS).values():
        position = op.instance
        current = {
            "org_unit": directory.unit_keys.get(position.org_unit_id or 0) if position else None,
            "superior": directory.position_keys.get(position.superior_id or 0) if position else None,
        }
        settle(op, op.extra.pop("fields"), current)
    for op in ops:
        _check_outside_superior(check, op)


def _is_head(check: Check, key: Key) -> bool:
    """Whether a position is (or will be, after this file) the head of its agency."""
    op = check.planned(POSITIONS).get(key)
    if op is not None and "is_agency_head" in op.fields:
        return bool(op.fields["is_agency_head"])
    position = check.directory.positions.get(key)
    return position is not None and position.is_agency_head


def _check_outside_superior(check: Check, op: Op) -> None:
    """A superior in another agency must be that agency's head (as position_save requires)."""
    superior = op.refs.get("superior") or check.directory.position_keys.get(getattr(op.instance, "superior_id", 0))
    if superior is not None and superior[0] != op.key[0] and not _is_head(check, superior):
        op.error("kode_atasan", "Atasan harus jabatan di OPD yang sama atau jabatan kepala OPD.")


def _superior_of(check: Check, key: Key) -> Key | None:
    position = check.directory.positions.get(key)
    if position is None or position.superior_id is None:
        return None
    return check.directory.position_keys.get(position.superior_id)
