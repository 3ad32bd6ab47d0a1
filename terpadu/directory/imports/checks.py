"""Shared checks of the row validators: scope of agency codes, duplicate keys, changes, cycles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cells import RowReader
from .columns import AGENCIES, UNITS
from .context import Directory
from .report import CREATE, UNCHANGED, UPDATE, Key, Op, Plan


@dataclass
class Check:
    """The plan being built and the directory it is compared with."""

    plan: Plan
    directory: Directory

    def planned(self, kind: str) -> dict[Key, Op]:
        return self.plan.ops.get(kind, {})

    def agency(self, reader: RowReader, column: str = "kode_opd") -> str:
        """The agency code of a row, if the user may write there (existing or created by this file)."""
        code = reader.text(column, required=True)
        if not code or (code,) in self.planned(AGENCIES) or self.directory.may_manage(code):
            return code
        if self.directory.is_platform_admin:
            reader.error(column, f"OPD dengan kode {code} tidak ditemukan.")
        else:
            reader.error(column, f"Anda tidak berwenang atas OPD {code}.")
        return ""

    def open_op(self, reader: RowReader, kind: str, key: Key, column: str, what: str) -> Op:
        """A new operation for the row; a key that already appeared in the file is an error."""
        first = self.planned(kind).get(key) if all(key) else None
        if first is not None:
            reader.error(column, f"{what} sudah muncul di baris {first.row}.")
        if first is not None or not all(key):
            key = ("", reader.sheet, str(reader.row))
        op = Op(kind=kind, sheet=reader.sheet, row=reader.row, key=key, reader=reader)
        self.plan.add(op)
        return op

    def known(self, kind: str, key: Key) -> bool:
        existing = self.directory.units if kind == UNITS else self.directory.positions
        return key in existing or key in self.planned(kind)


def settle(op: Op, fields: dict[str, Any], current_refs: dict[str, Key | None]) -> None:
    """Decide create / update / unchanged and keep only what changes."""
    op.fields = fields
    if op.instance is None:
        op.action = CREATE
        return
    op.fields = {name: value for name, value in fields.items() if getattr(op.instance, name) != value}
    op.refs = {name: key for name, key in op.refs.items() if current_refs.get(name) != key}
    op.action = UPDATE if op.fields or op.refs else UNCHANGED


def check_tree(check: Check, kind: str, ref: str, column: str, parent_of_existing: Callable[[Key], Key | None]) -> None:
    """Refuse cycles among parents (units) or superiors (positions); give each row its depth."""
    ops = check.planned(kind)

    def parent_of(key: Key) -> Key | None:
        op = ops.get(key)
        return op.refs[ref] if op is not None and ref in op.refs else parent_of_existing(key)

    for op in ops.values():
        seen, node = [op.key], parent_of(op.key)
        while node is not None and node not in seen:
            seen.append(node)
            node = parent_of(node)
        if node == op.key:
            op.error(column, "Rujukan ini membentuk lingkaran (siklus).")
        op.extra["depth"] = len(seen)
