"""Importing the archive classification table (Permendagri 83/2022, with JRA and SKKAAD) from XLSX.

Upload → preview (every row checked; errors by row, column and reason in Bahasa Indonesia) → commit,
all or nothing. A code's parent must exist already or come earlier in the same file; the ten top
levels are seeded when missing.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from openpyxl import load_workbook

from terpadu.core.audit import audit_record
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory import policies
from terpadu.directory.models import Government

from . import rules
from .models import ClassificationCode, ClassificationImport
from .services import classification_seed_top_levels

COLUMNS = ("kode", "nama", "retensi_aktif", "retensi_inaktif", "keterangan_akhir", "klasifikasi_keamanan")
REQUIRED_COLUMNS = ("kode", "nama")
RETENTION_COLUMNS = ("retensi_aktif", "retensi_inaktif", "keterangan_akhir")
MAX_YEARS = 99
FINAL_CHOICES = {"musnah": "musnah", "permanen": "permanen", "dinilai kembali": "dinilai_kembali"}
SECURITY_CHOICES = {"biasa": "biasa", "terbatas": "terbatas", "rahasia": "rahasia", "sangat rahasia": "sangat_rahasia"}
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
FIELDS = ("name", "active_years", "inactive_years", "final_disposition", "security_level")


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel shows it: the header is row 1
    column: str
    reason: str


@dataclass(frozen=True)
class PlannedRow:
    row: int
    code: str
    action: str
    values: dict[str, Any]


@dataclass
class ImportPreview:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"file": message})


# --- reading the file ----------------------------------------------------------------------------------


def _check_xlsx(data: bytes) -> None:
    if len(data) > settings.TERPADU_IMPORT_MAX_BYTES:
        raise _refuse(f"Ukuran berkas melebihi batas {settings.TERPADU_IMPORT_MAX_BYTES / (1024 * 1024):.0f} MB.")
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise _refuse("Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel).")
    with zipfile.ZipFile(buffer) as archive:
        if sum(info.file_size for info in archive.infolist()) > 20 * settings.TERPADU_IMPORT_MAX_BYTES:
            raise _refuse("Isi berkas XLSX terlalu besar setelah diekstrak.")


def _header(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def read_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """The rows of the first sheet as {column: value}, numbered as Excel shows them."""
    _check_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise _refuse("Berkas XLSX rusak atau tidak dapat dibaca.") from None
    try:
        lines = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    headers = [_header(value) for value in (lines[0] if lines else ())]
    missing = [name for name in REQUIRED_COLUMNS if name not in headers]
    if missing:
        raise _refuse(f"Kolom wajib tidak ada: {', '.join(missing)}. Kolom yang dikenal: {', '.join(COLUMNS)}.")
    return [
        (number, {h: v for h, v in zip(headers, values, strict=False) if h in COLUMNS})
        for number, values in enumerate(lines[1:], start=2)
        if any(value not in (None, "") for value in values)
    ]


# --- checking one row ------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


class _Row:
    def __init__(self, number: int, values: dict[str, Any], errors: list[RowError]) -> None:
        self.number, self.values, self.errors, self.ok = number, values, errors, True

    def error(self, column: str, reason: str) -> None:
        self.ok = False
        self.errors.append(RowError(self.number, column, reason))

    def text(self, column: str) -> str:
        return _text(self.values.get(column))

    def years(self, column: str) -> int | None:
        raw = self.values.get(column)
        text = _text(raw)
        if not text:
            return None
        if isinstance(raw, bool) or not text.isdigit() or int(text) > MAX_YEARS:
            self.error(column, f"Isi dengan bilangan bulat 0–{MAX_YEARS} (tahun).")
            return None
        return int(text)

    def choice(self, column: str, choices: dict[str, str], default: str = "") -> str:
        text = self.text(column)
        wanted = text.lower().replace("_", " ")
        if not text:
            return default
        if wanted not in choices:
            self.error(column, f"Nilai '{text}' tidak dikenal. Pilihan: {', '.join(choices)}.")
        return choices.get(wanted, default)


def _check_code(row: _Row, seen: dict[str, int], known: set[str]) -> str:
    try:
        parsed = rules.parse_classification_code(row.text("kode"))
    except rules.ClassificationCodeError as exc:
        row.error("kode", str(exc))
        return ""
    if parsed.code in seen:
        row.error("kode", f"Kode {parsed.code} sudah ada di baris {seen[parsed.code]}.")
    elif parsed.parent is not None and parsed.parent not in known:
        row.error("kode", f"Kode induk {parsed.parent} belum ada (di basis data atau di baris sebelumnya).")
    seen.setdefault(parsed.code, row.number)
    known.add(parsed.code)
    return parsed.code


def _check_retention(row: _Row, values: dict[str, Any]) -> None:
    values["active_years"] = row.years("retensi_aktif")
    values["inactive_years"] = row.years("retensi_inaktif")
    values["final_disposition"] = row.choice("keterangan_akhir", FINAL_CHOICES)
    if any(row.text(column) for column in RETENTION_COLUMNS):
        for column in RETENTION_COLUMNS:
            if not row.text(column):
                row.error(column, "Wajib diisi bila jadwal retensi diisi.")


def _check_row(row: _Row, seen: dict[str, int], known: set[str]) -> dict[str, Any]:
    values: dict[str, Any] = {"code": _check_code(row, seen, known)}
    values["name"] = row.text("nama")
    if not values["name"]:
        row.error("nama", "Wajib diisi.")
    elif len(values["name"]) > 300:
        row.error("nama", "Terlalu panjang: paling banyak 300 karakter.")
    _check_retention(row, values)
    values["security_level"] = row.choice("klasifikasi_keamanan", SECURITY_CHOICES, default="biasa")
    return values


def _action(values: dict[str, Any], existing: ClassificationCode | None) -> str:
    if existing is None:
        return CREATE
    same = all(getattr(existing, name) == values[name] for name in FIELDS)
    return UNCHANGED if same else UPDATE


def classification_import_plan(*, government: Government, data: bytes) -> ImportPreview:
    """What committing ``data`` would do, and every problem found (nothing is written)."""
    existing = {c.code: c for c in ClassificationCode.objects.filter(government=government)}
    known = set(existing) | set(rules.TOP_LEVEL_CLASSIFICATIONS)
    preview, seen = ImportPreview(), dict[str, int]()
    for number, cells in read_rows(data):
        row = _Row(number, cells, preview.errors)
        values = _check_row(row, seen, known)
        if row.ok:
            preview.rows.append(
                PlannedRow(number, values["code"], _action(values, existing.get(values["code"])), values)
            )
    return preview


# --- upload and commit ----------------------------------------------------------------------------------


@transaction.atomic
def classification_import_upload(
    *, user: Any, government: Government, filename: str, data: bytes
) -> ClassificationImport:
    """Keep an uploaded table for its preview (the file must be a readable XLSX with the columns)."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    if not filename.lower().endswith(".xlsx"):
        raise _refuse("Format berkas harus .xlsx.")
    read_rows(data)
    return ClassificationImport.objects.create(
        government=government,
        uploaded_by=user,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )


def _write(government: Government, rows: list[PlannedRow]) -> None:
    ids = dict(ClassificationCode.objects.filter(government=government).values_list("code", "pk"))
    for planned in rows:
        parsed = rules.parse_classification_code(planned.code)
        defaults = {name: planned.values[name] for name in FIELDS}
        defaults |= {"parent_id": ids.get(parsed.parent or ""), "depth": parsed.depth, "sort_key": parsed.sort_key}
        row, _ = ClassificationCode.objects.update_or_create(
            government=government, code=planned.code, defaults=defaults
        )
        ids[row.code] = row.pk


@transaction.atomic
def classification_import_commit(*, user: Any, batch: ClassificationImport) -> ImportPreview:
    """Write every row of a checked upload, or nothing when any row has an error."""
    policies.ensure(policies.can_manage_government(actor_of(user)))
    batch = ClassificationImport.objects.select_for_update().select_related("government").get(pk=batch.pk)
    if batch.status != ClassificationImport.Status.PENDING:
        raise Conflict("Impor ini sudah disimpan.")
    preview = classification_import_plan(government=batch.government, data=bytes(batch.data))
    if not preview.ok:
        raise ValidationFailed(
            f"Impor dibatalkan: {len(preview.errors)} kesalahan. Tidak ada data yang disimpan.",
            fields={"file": [f"Baris {e.row}, kolom {e.column}: {e.reason}" for e in preview.errors]},
        )
    seeded = classification_seed_top_levels(batch.government)
    _write(batch.government, [row for row in preview.rows if row.action != UNCHANGED])
    batch.status = ClassificationImport.Status.COMMITTED
    batch.save(update_fields=["status"])
    counts = {action: preview.count(action) for action in (CREATE, UPDATE, UNCHANGED)}
    audit_record(
        actor=user,
        action="correspondence.classification.import",
        target=batch,
        government_id=batch.government_id,
        after={"filename": batch.filename, "sha256": batch.sha256, "seeded_top_levels": seeded, **counts},
    )
    return preview
