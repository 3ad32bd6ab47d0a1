"""Reading and writing the two file formats: XLSX (openpyxl) and CSV (the csv module).

Files are checked by content, not by name: an XLSX must be a zip holding the OOXML parts, a CSV
must be text (no NUL byte) in UTF-8 (with or without BOM) or Windows-1252.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from terpadu.core.errors import ValidationFailed

from .columns import SPECS, kind_for_sheet

XLSX, CSV = "xlsx", "csv"
FORMATS = (XLSX, CSV)
OOXML_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
#: an XLSX whose parts expand beyond this many times the upload limit is refused (zip bomb)
MAX_EXPANSION = 20


@dataclass
class Table:
    """One sheet of an uploaded file: headers as written and the rows under them."""

    sheet: str
    kind: str
    headers: list[Any]
    rows: list[tuple[int, Sequence[Any]]] = field(default_factory=list)


def refuse(message: str, field_name: str = "file") -> ValidationFailed:
    return ValidationFailed(message, fields={field_name: message})


def format_of(filename: str) -> str:
    name = (filename or "").lower()
    for fmt in FORMATS:
        if name.endswith(f".{fmt}"):
            return fmt
    raise refuse("Format berkas harus .xlsx atau .csv.")


def check_size(size: int) -> None:
    limit = settings.TERPADU_IMPORT_MAX_BYTES
    if size > limit:
        raise refuse(f"Ukuran berkas melebihi batas {limit / (1024 * 1024):.0f} MB.")


def read_tables(data: bytes, filename: str, kind: str = "") -> list[Table]:
    """The tables of an upload, each tagged with the kind of data it holds."""
    check_size(len(data))
    if format_of(filename) == XLSX:
        return _read_xlsx(data, kind)
    if not kind:
        raise refuse("Pilih jenis data untuk berkas CSV.", "kind")
    return [_read_csv(data, kind)]


# --- XLSX -------------------------------------------------------------------------------------------


def _check_ooxml(data: bytes) -> None:
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise refuse("Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel).")
    with zipfile.ZipFile(buffer) as archive:
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
    if not names.issuperset(OOXML_PARTS):
        raise refuse("Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel).")
    if expanded > MAX_EXPANSION * settings.TERPADU_IMPORT_MAX_BYTES:
        raise refuse("Isi berkas XLSX terlalu besar setelah diekstrak.")


def _read_xlsx(data: bytes, kind: str) -> list[Table]:
    _check_ooxml(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise refuse("Berkas XLSX rusak atau tidak dapat dibaca.") from None
    try:
        sheets = [(ws, kind_for_sheet(ws.title)) for ws in workbook.worksheets]
        if not any(sheet_kind for _, sheet_kind in sheets) and kind and sheets:
            sheets = [(sheets[0][0], kind)]  # one unnamed sheet read as the kind chosen in the form
        known = [_sheet_table(ws, sheet_kind) for ws, sheet_kind in sheets if sheet_kind]
    finally:
        workbook.close()
    if not known:
        names = ", ".join(spec.sheet for spec in SPECS.values())
        raise refuse(f"Tidak ada lembar yang dikenali. Beri nama lembar: {names}; atau pilih jenis data.")
    return known


def _sheet_table(worksheet: Any, kind: str) -> Table:
    table = Table(sheet=worksheet.title, kind=kind, headers=[])
    worksheet.reset_dimensions()  # some writers record a wrong size; read what is there
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number == 1:
            table.headers = list(values)
        elif any(value not in (None, "") for value in values):
            table.rows.append((number, values))
    return table


def write_xlsx(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per (name, headers, rows); dates as real date cells."""
    workbook = Workbook(write_only=True)
    for name, headers, rows in sheets:
        worksheet = workbook.create_sheet(title=name)
        worksheet.append(list(headers))
        for row in rows:
            worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(worksheet: Any, value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


# --- CSV --------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise refuse("Berkas CSV berisi data biner (byte NUL); unggah berkas CSV teks biasa.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise refuse("Berkas CSV harus berkodekan UTF-8 atau Windows-1252.") from None


def _read_csv(data: bytes, kind: str) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    table = Table(sheet="CSV", kind=kind, headers=[])
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number == 1:
                table.headers = values
            elif any(value.strip() for value in values):
                table.rows.append((number, values))
    except csv.Error as exc:
        raise refuse(f"Berkas CSV tidak dapat dibaca: {exc}.") from None
    return table


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with BOM (so that Excel shows the letters right), comma-separated, dates as YYYY-MM-DD."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            ["" if value is None else value.isoformat() if isinstance(value, date) else value for value in row]
        )
    return buffer.getvalue().encode("utf-8-sig")
