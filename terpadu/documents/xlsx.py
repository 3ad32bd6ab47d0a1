"""The one place Terpadu writes XLSX workbooks (openpyxl in write-only mode: any number of rows), and a
checked reader of uploaded ones."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from terpadu.core.errors import ValidationFailed

#: rows looked at to size the columns (the rest streams through without being held in memory)
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TIME_FORMAT = "HH:MM"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a bold, frozen header row, then the rows as they come.

    Values keep their types: dates and date-times become Excel dates, ``Decimal`` and numbers stay
    numbers. Time-zone-aware date-times are shown in ``timezone`` (the government's zone).
    """

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    timezone: str = "Asia/Jakarta"


def _title(title: str, used: set[str]) -> str:
    """A valid, unique sheet title: at most 31 characters, none of []:*?/\\."""
    base = _BAD_TITLE.sub(" ", title).strip()[:31] or "Lembar"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def _plain(value: Any, zone: ZoneInfo) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(zone).replace(tzinfo=None)
    if value is None or isinstance(value, str | bool | int | float | Decimal | date | time):
        return value
    return str(value)


def _cell(ws: WriteOnlyWorksheet, value: Any, zone: ZoneInfo) -> WriteOnlyCell:
    value = _plain(value, zone)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if cell.data_type == "f":  # text that starts with "=" stays text: no formula injection
        cell.data_type = "s"
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, time):
        cell.number_format = TIME_FORMAT
    return cell


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str("" if value is None else value).splitlines()), default=0)


def _set_widths(ws: WriteOnlyWorksheet, headers: Sequence[str], sample: list[Sequence[object]]) -> None:
    for index, header in enumerate(headers):
        longest = max([_width(header), *(_width(row[index]) for row in sample if index < len(row))])
        ws.column_dimensions[get_column_letter(index + 1)].width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)


def _write_sheet(workbook: Workbook, sheet: Sheet, title: str) -> None:
    ws = workbook.create_sheet(title=title)
    zone = ZoneInfo(sheet.timezone)
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    _set_widths(ws, sheet.headers, sample)
    ws.freeze_panes = "A2"
    header = []
    for text in sheet.headers:
        cell = _cell(ws, text, zone)
        cell.font = _BOLD
        header.append(cell)
    ws.append(header)
    for row in itertools.chain(sample, rows):
        ws.append([_cell(ws, value, zone) for value in row])


def write_xlsx(*, sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook with one worksheet per :class:`Sheet`, as bytes."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook, sheet, _title(sheet.title, used))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading uploaded workbooks -----------------------------------------------------------------------

OOXML_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
#: a workbook whose parts expand beyond this many times its size limit is refused (zip bomb)
MAX_EXPANSION = 20


@dataclass(frozen=True)
class ReadSheet:
    """One worksheet of an uploaded workbook: its title, the header row (lower case, spaces as "_")
    and the non-empty rows under it as {header: value}, numbered as Excel shows them."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"file": message})


def _header(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def _check_workbook(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise _refuse(f"Ukuran berkas melebihi batas {max_bytes / (1024 * 1024):.0f} MB.")
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise _refuse("Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel).")
    with zipfile.ZipFile(buffer) as archive:
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
    if not names.issuperset(OOXML_PARTS):
        raise _refuse("Berkas bukan XLSX yang sah (isinya bukan buku kerja Excel).")
    if expanded > MAX_EXPANSION * max_bytes:
        raise _refuse("Isi berkas XLSX terlalu besar setelah diekstrak.")


def _read_sheet(worksheet: Any) -> ReadSheet:
    worksheet.reset_dimensions()  # some writers record a wrong size; read what is there
    headers: tuple[str, ...] = ()
    rows = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number == 1:
            headers = tuple(_header(value) for value in values)
        elif any(value not in (None, "") for value in values):
            rows.append((number, {h: v for h, v in zip(headers, values, strict=False) if h}))
    return ReadSheet(worksheet.title, headers, tuple(rows))


def read_xlsx(data: bytes, *, max_bytes: int) -> list[ReadSheet]:
    """Every worksheet of an uploaded XLSX, checked by content (a real OOXML zip, not too big when
    expanded); a damaged or foreign file is refused with a message for the ``file`` field."""
    _check_workbook(data, max_bytes)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise _refuse("Berkas XLSX rusak atau tidak dapat dibaca.") from None
    try:
        return [_read_sheet(ws) for ws in workbook.worksheets]
    finally:
        workbook.close()
