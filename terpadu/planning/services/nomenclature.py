"""Importing a fiscal year's nomenclature (urusan → sub kegiatan, with indicators and units) and the
agencies' mandates from XLSX; the planning agency setting; the mandates of one agency.

Upload → preview (every row checked: codes well formed, at the government's level, parents present,
no duplicates; errors by sheet, row, column and reason in Bahasa Indonesia) → commit, all or nothing.
The workbook's first sheet (or the sheet "nomenklatur") holds ``kode, nomenklatur, indikator, satuan``;
an optional sheet "kewenangan" holds ``kode_opd, kode_bidang`` and then replaces the year's mandates.
Re-importing a year updates names, indicators and units in place; an entry no longer in the file is
deleted, or kept inactive while a work plan uses it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError

from terpadu.core.audit import audit_record
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.directory.models import Agency, Government
from terpadu.documents.interfaces import ReadSheet, read_xlsx

from .. import policies, rules
from ..models import AgencyMandate, Nomenclature, NomenclatureEntry, NomenclatureImport, PlanningSetting
from .common import acting

ENTRY_COLUMNS = ("kode", "nomenklatur", "indikator", "satuan")
MANDATE_COLUMNS = ("kode_opd", "kode_bidang")
ENTRY_SHEET, MANDATE_SHEET = "nomenklatur", "kewenangan"
NAME_MAX, INDICATOR_MAX, UNIT_MAX = 400, 400, 50
MIN_YEAR, MAX_YEAR = 2020, 2100
CREATE, UPDATE, UNCHANGED, REMOVE = "create", "update", "unchanged", "remove"
FIELDS = ("name", "indicator", "unit")


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as Excel shows it: the header is row 1
    column: str
    reason: str


@dataclass(frozen=True)
class PlannedEntry:
    row: int
    code: str
    level: str
    action: str
    values: dict[str, str]


@dataclass
class ImportPreview:
    fiscal_year: int
    entries: list[PlannedEntry] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: agency code → bidang codes, when the workbook has a mandate sheet
    mandates: dict[str, list[str]] | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for entry in self.entries if entry.action == action)

    def count_level(self, level: str) -> int:
        return sum(1 for entry in self.entries if entry.level == level)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _sheets(data: bytes) -> tuple[ReadSheet, ReadSheet | None]:
    sheets = read_xlsx(data, max_bytes=settings.TERPADU_IMPORT_MAX_BYTES)
    by_title = {sheet.title.strip().lower(): sheet for sheet in sheets}
    entries = by_title.get(ENTRY_SHEET) or sheets[0]
    missing = [name for name in ("kode", "nomenklatur") if name not in entries.headers]
    if missing:
        message = f"Kolom wajib tidak ada: {', '.join(missing)}. Kolom yang dikenal: {', '.join(ENTRY_COLUMNS)}."
        raise ValidationFailed(message, fields={"file": message})
    mandates = by_title.get(MANDATE_SHEET)
    if mandates is not None and not set(MANDATE_COLUMNS) <= set(mandates.headers):
        message = f"Lembar '{mandates.title}' perlu kolom {', '.join(MANDATE_COLUMNS)}."
        raise ValidationFailed(message, fields={"file": message})
    return entries, mandates


# --- checking the nomenclature sheet ---------------------------------------------------------------------


def _check_entry(
    number: int, row: dict[str, Any], *, sheet: str, government_level: str, errors: list[RowError]
) -> tuple[rules.Code | None, dict[str, str]]:
    def error(column: str, reason: str) -> None:
        errors.append(RowError(sheet, number, column, reason))

    values = {
        "name": _text(row.get("nomenklatur")),
        "indicator": _text(row.get("indikator")),
        "unit": _text(row.get("satuan")),
    }
    for column, key, limit in (
        ("nomenklatur", "name", NAME_MAX),
        ("indikator", "indicator", INDICATOR_MAX),
        ("satuan", "unit", UNIT_MAX),
    ):
        if len(values[key]) > limit:
            error(column, f"Terlalu panjang: paling banyak {limit} karakter.")
    if not values["name"]:
        error("nomenklatur", "Wajib diisi.")
    try:
        code = rules.parse_code(_text(row.get("kode")))
    except rules.CodeError as exc:
        error("kode", str(exc))
        return None, values
    digit_problem = rules.level_digit_problem(code, government_level)
    if digit_problem:
        error("kode", digit_problem)
    if code.level == rules.Level.SUB_KEGIATAN:
        for column, key in (("indikator", "indicator"), ("satuan", "unit")):
            if not values[key]:
                error(column, "Wajib diisi untuk sub kegiatan.")
    return code, values


def _action(values: dict[str, str], existing: NomenclatureEntry | None) -> str:
    if existing is None:
        return CREATE
    if existing.is_active and all(getattr(existing, name) == values[name] for name in FIELDS):
        return UNCHANGED
    return UPDATE


def _plan_entries(
    sheet: ReadSheet, government: Government, existing: dict[str, NomenclatureEntry], preview: ImportPreview
) -> None:
    seen: dict[str, int] = {}
    parsed = []
    for number, row in sheet.rows:
        code, values = _check_entry(
            number, row, sheet=sheet.title, government_level=government.level, errors=preview.errors
        )
        if code is None:
            continue
        if code.code in seen:
            preview.errors.append(
                RowError(sheet.title, number, "kode", f"Kode {code.code} sudah ada di baris {seen[code.code]}.")
            )
            continue
        seen[code.code] = number
        parsed.append((number, code, values))
    known = set(seen)
    for number, code, values in parsed:
        if code.parent is not None and code.parent not in known:
            preview.errors.append(
                RowError(sheet.title, number, "kode", f"Kode induk {code.parent} tidak ada dalam berkas.")
            )
        preview.entries.append(
            PlannedEntry(number, code.code, code.level, _action(values, existing.get(code.code)), values)
        )
    preview.removed = sorted(set(existing) - known)


# --- checking the mandate sheet ---------------------------------------------------------------------------


def _plan_mandates(sheet: ReadSheet, government: Government, preview: ImportPreview) -> None:
    agencies = set(Agency.objects.filter(government=government).values_list("code", flat=True))
    fields = {entry.code for entry in preview.entries if entry.level == rules.Level.BIDANG}
    mandates: dict[str, set[str]] = {}
    for number, row in sheet.rows:
        agency, bidang = _text(row.get("kode_opd")), _text(row.get("kode_bidang"))
        ok = True
        if agency not in agencies:
            preview.errors.append(RowError(sheet.title, number, "kode_opd", f"OPD dengan kode '{agency}' tidak ada."))
            ok = False
        if bidang not in fields:
            preview.errors.append(
                RowError(
                    sheet.title, number, "kode_bidang", f"Bidang urusan '{bidang}' tidak ada di lembar nomenklatur."
                )
            )
            ok = False
        if ok:
            mandates.setdefault(agency, set()).add(bidang)
    preview.mandates = {agency: sorted(codes) for agency, codes in sorted(mandates.items())}


def nomenclature_import_plan(*, government: Government, fiscal_year: int, data: bytes) -> ImportPreview:
    """What committing ``data`` for ``fiscal_year`` would do, and every problem found (nothing is written)."""
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise ValidationFailed("Tahun anggaran tidak sah.", fields={"fiscal_year": f"Isi tahun {MIN_YEAR}–{MAX_YEAR}."})
    entry_sheet, mandate_sheet = _sheets(data)
    nomenclature = Nomenclature.objects.filter(government=government, fiscal_year=fiscal_year).first()
    existing = {e.code: e for e in nomenclature.entries.all()} if nomenclature else {}
    preview = ImportPreview(fiscal_year=fiscal_year)
    _plan_entries(entry_sheet, government, existing, preview)
    if mandate_sheet is not None:
        _plan_mandates(mandate_sheet, government, preview)
    if not preview.entries and not preview.errors:
        preview.errors.append(RowError(entry_sheet.title, 1, "kode", "Lembar nomenklatur tidak berisi baris data."))
    return preview


# --- upload and commit -------------------------------------------------------------------------------------


def _ensure_manager(user: Any, government_id: int | None = None) -> None:
    """A nomenclature manager, and of ``government_id`` when given (an upload or a year of another
    government is not theirs)."""
    actor = acting(user)
    allowed = policies.can_manage_nomenclature(actor) and (
        government_id is None or (actor is not None and actor.government_id == government_id)
    )
    policies.ensure(allowed, "Anda tidak berwenang mengelola nomenklatur.")


@transaction.atomic
def nomenclature_import_upload(
    *, user: Any, fiscal_year: int, filename: str, data: bytes, source: str = ""
) -> tuple[NomenclatureImport, ImportPreview]:
    """Keep the upload and return its preview; nothing changes in the nomenclature yet."""
    _ensure_manager(user)
    government = Government.objects.get(pk=user.government_id)
    preview = nomenclature_import_plan(government=government, fiscal_year=fiscal_year, data=data)
    upload = NomenclatureImport.objects.create(
        government=government,
        fiscal_year=fiscal_year,
        source=source.strip()[:200],
        uploaded_by=user,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    return upload, preview


def _write_entries(nomenclature: Nomenclature, preview: ImportPreview) -> None:
    existing = {e.code: e for e in nomenclature.entries.all()}
    order = list(rules.Level)
    for entry in sorted(preview.entries, key=lambda e: (order.index(rules.Level(e.level)), e.code)):
        row = existing.get(entry.code)
        parent = existing.get(rules.parse_code(entry.code).parent or "")
        if row is None:
            row = NomenclatureEntry(nomenclature=nomenclature, code=entry.code, level=entry.level)
        if entry.action == UNCHANGED and row.parent_id == (parent.pk if parent else None):
            continue
        row.parent, row.is_active = parent, True
        row.name, row.indicator, row.unit = entry.values["name"], entry.values["indicator"], entry.values["unit"]
        row.save()
        existing[entry.code] = row


def _remove_entries(nomenclature: Nomenclature, codes: Iterable[str]) -> int:
    """Delete the entries no longer in the file, deepest first; keep (inactive) those still in use."""
    kept = 0
    for code in sorted(codes, key=lambda c: (-len(c), c)):
        entry = nomenclature.entries.get(code=code)
        try:
            with transaction.atomic():
                entry.delete()
        except ProtectedError:
            NomenclatureEntry.objects.filter(pk=entry.pk).update(is_active=False)
            kept += 1
    return kept


def _write_mandates(nomenclature: Nomenclature, mandates: dict[str, list[str]]) -> None:
    agencies = dict(Agency.objects.filter(government_id=nomenclature.government_id).values_list("code", "pk"))
    fields = dict(nomenclature.entries.filter(level=rules.Level.BIDANG).values_list("code", "pk"))
    nomenclature.mandates.all().delete()
    AgencyMandate.objects.bulk_create(
        AgencyMandate(nomenclature=nomenclature, agency_id=agencies[agency], field_id=fields[code])
        for agency, codes in mandates.items()
        for code in codes
    )


@transaction.atomic
def nomenclature_import_commit(*, user: Any, upload: NomenclatureImport) -> ImportPreview:
    """Apply a previewed upload, all or nothing; refused while the file has errors."""
    _ensure_manager(user, upload.government_id)
    locked = NomenclatureImport.objects.select_for_update().get(pk=upload.pk)
    if locked.status != NomenclatureImport.Status.PENDING:
        raise Conflict("Berkas ini sudah diimpor.", code="already_committed")
    government = Government.objects.get(pk=locked.government_id)
    preview = nomenclature_import_plan(government=government, fiscal_year=locked.fiscal_year, data=bytes(locked.data))
    if not preview.ok:
        raise ValidationFailed("Berkas masih berisi kesalahan; perbaiki lalu unggah ulang.", code="import_errors")
    nomenclature, created = Nomenclature.objects.select_for_update().get_or_create(
        government=government, fiscal_year=locked.fiscal_year, defaults={"source": locked.source, "updated_by": user}
    )
    _write_entries(nomenclature, preview)
    if preview.mandates is not None:
        _write_mandates(nomenclature, preview.mandates)
    kept = _remove_entries(nomenclature, preview.removed)
    nomenclature.source = locked.source or nomenclature.source
    nomenclature.updated_by = user
    nomenclature.save()
    locked.status = NomenclatureImport.Status.COMMITTED
    locked.save(update_fields=["status"])
    audit_record(
        actor=user,
        action="planning.nomenclature.import",
        target=nomenclature,
        government_id=government.pk,
        after={
            "fiscal_year": locked.fiscal_year,
            "file": locked.filename,
            "sha256": locked.sha256,
            "created": preview.count(CREATE),
            "updated": preview.count(UPDATE),
            "removed": len(preview.removed) - kept,
            "kept_inactive": kept,
            "mandates": None if preview.mandates is None else sum(len(c) for c in preview.mandates.values()),
            "new_year": created,
        },
    )
    return preview


# --- mandates of one agency, the planning agency ----------------------------------------------------------


@transaction.atomic
def mandates_set(*, user: Any, nomenclature: Nomenclature, agency: Agency, field_codes: Iterable[str]) -> list[str]:
    """Replace the bidang urusan ``agency`` may plan in ``nomenclature``'s year."""
    _ensure_manager(user, nomenclature.government_id)
    if agency.government_id != nomenclature.government_id:
        raise ValidationFailed("OPD tidak dikenal.", fields={"agency": "Tidak dikenal."})
    wanted = sorted(set(field_codes))
    fields = {e.code: e for e in nomenclature.entries.filter(level=rules.Level.BIDANG, code__in=wanted)}
    unknown = [code for code in wanted if code not in fields]
    if unknown:
        message = f"Bidang urusan tidak ada dalam nomenklatur {nomenclature.fiscal_year}: {', '.join(unknown)}."
        raise ValidationFailed(message, fields={"fields": message})
    mandates = AgencyMandate.objects.filter(nomenclature=nomenclature, agency=agency)
    before = sorted(mandates.values_list("field__code", flat=True))
    mandates.delete()
    AgencyMandate.objects.bulk_create(
        AgencyMandate(nomenclature=nomenclature, agency=agency, field=fields[code]) for code in wanted
    )
    audit_record(
        actor=user,
        action="planning.mandates.set",
        target=nomenclature,
        government_id=nomenclature.government_id,
        agency_id=agency.pk,
        before={"fields": before},
        after={"fields": wanted},
    )
    return wanted


@transaction.atomic
def planning_agency_set(*, user: Any, agency: Agency) -> PlanningSetting:
    """Name the government's planning agency (Bappeda): platform admin or Sekda."""
    actor = acting(user)
    allowed = actor is not None and actor.has_role(*policies.GOVERNMENT_MANAGER_ROLES)
    policies.ensure(allowed, "Hanya admin platform atau Sekda yang dapat menetapkan OPD perencana.")
    assert actor is not None
    if agency.government_id != actor.government_id or not agency.is_active:
        raise ValidationFailed("OPD tidak dikenal.", fields={"agency": "Pilih OPD dari daftar."})
    setting = PlanningSetting.objects.filter(government_id=agency.government_id).first()
    before = {"planning_agency_id": setting.planning_agency_id if setting else None}
    setting = setting or PlanningSetting(government_id=agency.government_id)
    setting.planning_agency = agency
    setting.save()
    audit_record(
        actor=user,
        action="planning.setting.agency",
        target=setting,
        government_id=agency.government_id,
        before=before,
        after={"planning_agency_id": agency.pk},
    )
    return setting
