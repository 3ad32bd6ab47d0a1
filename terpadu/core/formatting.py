"""Indonesian formatting of dates and times, as the UI shows them ("3 Mei 2019", "08.15 WITA")."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def tanggal(value: date | datetime | None, tz: str | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime) and tz:
        value = value.astimezone(ZoneInfo(tz))
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def waktu(value: datetime | None, tz: str = "Asia/Jakarta") -> str:
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(tz))
    return f"{tanggal(local)} {local:%H.%M} {ZONE_ABBREVIATIONS.get(tz, tz)}"
