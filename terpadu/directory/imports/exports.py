"""Export of the directory in exactly the import format (an export imports back as "unchanged")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from terpadu.core.scoping import scoped

from ..models import Agency, Employee, Government, OrgUnit, Placement, Position
from .columns import AGENCIES, EMPLOYEES, KIND_ORDER, POSITIONS, SPECS, UNITS
from .context import government_of
from .formats import CSV, XLSX, refuse, write_csv, write_xlsx

ALL = "all"
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
Row = Sequence[Any]


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    content_type: str


def _yes(value: bool) -> str:
    return "ya" if value else "tidak"


def _agencies(user: Any, government: Government) -> Iterator[Row]:
    for a in scoped(Agency.objects.filter(government=government), user).order_by("code"):
        yield [a.code, a.name, a.short_name, a.kind, a.address, a.phone, a.email, _yes(a.is_active)]


def _units(user: Any, government: Government) -> Iterator[Row]:
    qs = scoped(OrgUnit.objects.filter(agency__government=government), user)
    for u in qs.select_related("agency", "parent").order_by("agency__code", "code"):
        yield [u.agency.code, u.code, u.name, u.kind, u.parent.code if u.parent else ""]


def _superior(position: Position) -> str:
    superior = position.superior
    if superior is None:
        return ""
    return superior.code if superior.agency_id == position.agency_id else f"{superior.agency.code}:{superior.code}"


def _positions(user: Any, government: Government) -> Iterator[Row]:
    qs = scoped(Position.objects.filter(agency__government=government), user)
    for p in qs.select_related("agency", "org_unit", "superior__agency").order_by("agency__code", "code"):
        unit = p.org_unit.code if p.org_unit else ""
        yield [p.agency.code, p.code, p.name, p.kind, p.echelon, unit, _superior(p), _yes(p.is_agency_head)]


def _employees(user: Any, government: Government) -> Iterator[Row]:
    current = Placement.objects.filter(employee=OuterRef("pk"), end_date__isnull=True)
    qs = (
        scoped(Employee.objects.filter(government=government, is_active=True, position__isnull=False), user)
        .select_related("agency", "position", "org_unit")
        .annotate(
            tmt=Subquery(current.values("start_date")[:1]),
            decree=Subquery(current.values("decree_number")[:1]),
        )
        .order_by("agency__code", "name", "pk")
    )
    for e in qs.iterator(chunk_size=2000):
        yield [
            e.get_kind_display(),
            e.nip or "",
            e.pppk_number or "",
            e.name,
            e.front_title,
            e.back_title,
            e.rank,
            e.email,
            e.phone,
            e.agency.code if e.agency else "",
            e.position.code if e.position else "",
            e.org_unit.code if e.org_unit else "",
            e.tmt if isinstance(e.tmt, date) else "",
            e.decree or "",
        ]


ROWS = {AGENCIES: _agencies, UNITS: _units, POSITIONS: _positions, EMPLOYEES: _employees}


def _kinds(kind: str, fmt: str) -> tuple[str, ...]:
    if fmt not in CONTENT_TYPES:
        raise refuse("Format harus xlsx atau csv.", "format")
    if kind == ALL and fmt == XLSX:
        return KIND_ORDER
    if kind not in SPECS:
        raise refuse("Pilih jenis data (semua jenis sekaligus hanya untuk XLSX).", "kind")
    return (kind,)


def _build(kinds: tuple[str, ...], fmt: str, rows: Any, name: str) -> ExportFile:
    if fmt == CSV:
        spec = SPECS[kinds[0]]
        return ExportFile(f"{name}.csv", write_csv(spec.names, rows(kinds[0])), CONTENT_TYPES[CSV])
    sheets = [(SPECS[kind].sheet, SPECS[kind].names, rows(kind)) for kind in kinds]
    return ExportFile(f"{name}.xlsx", write_xlsx(sheets), CONTENT_TYPES[XLSX])


def directory_export(*, user: Any, kind: str, fmt: str) -> ExportFile:
    """The rows of ``kind`` (or all kinds, XLSX only) that the user may see, in the import format."""
    _, government = government_of(user)
    kinds = _kinds(kind, fmt)
    today = timezone.localdate(timezone=ZoneInfo(government.timezone))
    name = f"direktori-{'semua' if kind == ALL else SPECS[kind].sheet}-{today:%Y%m%d}"
    return _build(kinds, fmt, lambda k: ROWS[k](user, government), name)


def import_template(*, user: Any, kind: str, fmt: str) -> ExportFile:
    """An empty file with the headers of ``kind`` (or every sheet, XLSX only)."""
    government_of(user)
    kinds = _kinds(kind, fmt)
    name = f"templat-{'direktori' if kind == ALL else SPECS[kind].sheet}"
    return _build(kinds, fmt, lambda k: iter(()), name)
