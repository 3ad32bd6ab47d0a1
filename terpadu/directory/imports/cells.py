"""Reading one row's cells: text, choices, yes/no, dates, emails — each problem becomes a row error."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from openpyxl.utils.datetime import from_excel

from .report import Plan

YES = frozenset({"ya", "y", "yes", "true", "1", "aktif", "benar"})
NO = frozenset({"tidak", "t", "n", "no", "false", "0", "nonaktif", "salah"})
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
#: the largest integer a spreadsheet keeps exactly as a number (an 18-digit NIP does not fit)
EXACT_NUMBER_LIMIT = 10**15
EXCEL_LAST_SERIAL = 2958465


def cell_text(value: Any) -> str:
    """A cell as the text the user sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def max_length(model: type[models.Model], name: str) -> int:
    return int(getattr(model._meta.get_field(name), "max_length", 0) or 0)


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value <= EXCEL_LAST_SERIAL:
        converted = from_excel(value)
        return converted.date() if isinstance(converted, datetime) else None
    text = cell_text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class RowReader:
    """The cells of one row by canonical column name; problems are recorded in the plan."""

    def __init__(self, plan: Plan, sheet: str, number: int, values: dict[str, Any], labels: dict[str, str]) -> None:
        self.plan, self.sheet, self.row = plan, sheet, number
        self.values, self.labels = values, labels
        self.ok = True

    def error(self, name: str, reason: str) -> None:
        self.ok = False
        self.plan.error(self.sheet, self.row, self.labels.get(name, name), reason)

    def has(self, name: str) -> bool:
        return name in self.values

    def text(self, name: str, *, limit: int | None = None, required: bool = False) -> str:
        value = cell_text(self.values.get(name))
        if required and not value:
            self.error(name, "Wajib diisi.")
        elif limit is not None and len(value) > limit:
            self.error(name, f"Terlalu panjang: paling banyak {limit} karakter.")
        return value

    def number(self, name: str) -> str:
        """An 18-digit identifier; a long number stored as a spreadsheet number has lost digits."""
        raw = self.values.get(name)
        if isinstance(raw, float) and abs(raw) >= EXACT_NUMBER_LIMIT:
            self.error(name, "Angka panjang tersimpan sebagai bilangan sehingga digitnya berubah; tulis sebagai teks.")
            return ""
        return cell_text(raw).replace(" ", "")

    def choice(self, name: str, choices: type[models.TextChoices], default: str | None = None) -> str | None:
        value = self.text(name)
        if not value:
            if default is None:
                self.error(name, "Wajib diisi.")
            return default
        wanted = value.lower()
        for choice in choices:
            if wanted in (str(choice.value).lower(), str(choice.label).lower()):
                return str(choice.value)
        options = ", ".join(str(choice.value) for choice in choices)
        self.error(name, f"Nilai '{value}' tidak dikenal. Pilihan: {options}.")
        return default

    def flag(self, name: str, default: bool) -> bool:
        value = self.text(name).lower()
        if not value:
            return default
        if value in YES or value in NO:
            return value in YES
        self.error(name, "Isi dengan ya atau tidak.")
        return default

    def date(self, name: str) -> date | None:
        raw = self.values.get(name)
        if raw is None or cell_text(raw) == "":
            return None
        parsed = parse_date(raw)
        if parsed is None:
            self.error(name, "Tanggal tidak sah; tulis YYYY-MM-DD atau DD-MM-YYYY.")
        return parsed

    def email(self, name: str, limit: int) -> str:
        value = self.text(name, limit=limit)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(name, "Alamat email tidak sah.")
        return value
