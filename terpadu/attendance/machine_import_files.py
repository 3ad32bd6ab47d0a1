"""Reading a machine log file: CSV (UTF-8 or Windows-1252; comma, semicolon or tab) or XLSX (first sheet,
openpyxl in read-only mode). Rows come out as sequences of cells, the header first. No database."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """A file that is neither a CSV text nor an XLSX workbook; the message is for the user."""


@dataclass
class LogFile:
    header: Sequence[object]
    rows: Iterator[Sequence[object]]
    #: an estimate from the file's size (lines, or the sheet's dimension), before reading the rows
    estimated_rows: int


def is_xlsx(data: bytes) -> bool:
    return data.startswith(XLSX_MAGIC)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(data: bytes) -> LogFile:
    text = _text(data)
    if "\x00" in text[:4096]:
        raise UnreadableFile("Berkas bukan teks CSV; unggah CSV atau XLSX.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    header = next(reader, [])
    return LogFile(header, reader, _data_lines(text.count("\n"), text.endswith("\n")))


def read_xlsx(data: bytes) -> LogFile:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise UnreadableFile("Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel atau unggah CSV.") from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    return LogFile(header or (), _closing(rows, workbook), max(0, (sheet.max_row or 1) - 1))


def _closing(rows: Iterator[Sequence[object]], workbook: object) -> Iterator[Sequence[object]]:
    try:
        yield from rows
    finally:
        workbook.close()  # type: ignore[attr-defined]


def _data_lines(newlines: int, ends_with_newline: bool) -> int:
    return max(0, newlines + (0 if ends_with_newline else 1) - 1)


def read_log(data: bytes) -> LogFile:
    return read_xlsx(data) if is_xlsx(data) else read_csv(data)


def estimate_rows(data: bytes) -> int:
    """The number of data rows, cheaply (before any parsing)."""
    if not is_xlsx(data):
        return _data_lines(data.count(b"\n"), data.endswith(b"\n"))
    log = read_xlsx(data)
    log.rows.close()  # type: ignore[attr-defined]
    return log.estimated_rows
