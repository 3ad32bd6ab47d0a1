"""Validation of an upload: headers, then every row, its references and the user's scope. Writes nothing."""

from __future__ import annotations

from collections.abc import Callable

from .cells import RowReader, cell_text
from .checks import Check
from .columns import AGENCIES, EMPLOYEES, KIND_ORDER, POSITIONS, SPECS, UNITS, normalize_header
from .context import Directory
from .formats import Table
from .report import Plan
from .validate_org import check_agencies, check_positions, check_units
from .validate_people import check_employees

CHECKERS: dict[str, Callable[[Check, str, list[RowReader]], None]] = {
    AGENCIES: check_agencies,
    UNITS: check_units,
    POSITIONS: check_positions,
    EMPLOYEES: check_employees,
}


# --- headers ----------------------------------------------------------------------------------------


def _header_index(plan: Plan, table: Table) -> tuple[dict[str, int], dict[str, str]]:
    spec = SPECS[table.kind]
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    for position, header in enumerate(table.headers):
        label = cell_text(header)
        name = normalize_header(label)
        if not label:
            continue
        if name not in spec.names:
            plan.error(table.sheet, 1, label, f"Kolom tidak dikenal untuk data {spec.label}.")
        elif name in index:
            plan.error(table.sheet, 1, label, "Kolom ganda.")
        else:
            index[name], labels[name] = position, label
    for name in spec.required:
        if name not in index:
            plan.error(table.sheet, 1, name, "Kolom wajib tidak ada.")
    if table.kind == EMPLOYEES and not {"nip", "ni_pppk"}.intersection(index):
        plan.error(table.sheet, 1, "nip", "Kolom nip atau ni_pppk wajib ada.")
    return index, labels


def _readers(plan: Plan, table: Table) -> list[RowReader]:
    index, labels = _header_index(plan, table)
    return [
        RowReader(
            plan,
            table.sheet,
            number,
            {name: (row[i] if i < len(row) else None) for name, i in index.items()},
            labels,
        )
        for number, row in table.rows
    ]


def build_plan(*, tables: list[Table], directory: Directory) -> Plan:
    """Check every table in dependency order; header problems are reported alone."""
    tables = sorted(tables, key=lambda table: KIND_ORDER.index(table.kind))
    plan = Plan(kinds=[table.kind for table in tables])
    readers: dict[str, tuple[str, list[RowReader]]] = {}
    for table in tables:
        if table.kind in readers:
            plan.error(table.sheet, 1, "", f"Lembar untuk data {SPECS[table.kind].label} lebih dari satu.")
        readers[table.kind] = (table.sheet, _readers(plan, table))
    if plan.errors:
        return plan
    check = Check(plan, directory)
    for kind, checker in CHECKERS.items():
        if kind in readers:
            checker(check, *readers[kind])
    return plan
