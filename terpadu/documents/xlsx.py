"""The one place Terpadu writes XLSX workbooks (openpyxl in write-only mode: any number of rows)."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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
