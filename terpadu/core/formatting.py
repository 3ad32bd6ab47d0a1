"""Indonesian formatting of dates, times and money, as the UI shows them ("3 Mei 2019", "08.15 WITA",
"Rp 1.250.000")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
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


def angka(value: Decimal | int | None, places: int = 0) -> str:
    """A number with Indonesian separators: 1.250.000 and 12,5 (``places`` decimals, rounded half up)."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"-{text}" if rounded < 0 else text


def bilangan(value: Decimal | int | None) -> str:
    """A count or target with only the decimals it has: 12 and 2,5 (not 12,00)."""
    if value is None:
        return "—"
    exponent = Decimal(value).normalize().as_tuple().exponent
    return angka(value, max(0, -exponent) if isinstance(exponent, int) else 0)


def rupiah(value: Decimal | int | None) -> str:
    """Rupiah without cents, as budgets are written: "Rp 1.250.000" (cents are rounded half up)."""
    return "—" if value is None else f"Rp {angka(value)}"


def durasi(minutes: int) -> str:
    """A length of time as people say it: ``2 hari 3 jam``, ``5 jam 10 menit``, ``45 menit``; ``—`` for 0."""
    if minutes <= 0:
        return "—"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} hari {hours} jam" if hours else f"{days} hari"
    if hours:
        return f"{hours} jam {mins} menit" if mins else f"{hours} jam"
    return f"{mins} menit"
