"""What the parts of the E-Planning API share: money and decimals as strings in and out (never floats),
uids, times read in the government's zone and answered in UTC."""

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from pydantic import AfterValidator, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from . import rules

MONEY_PATTERN = re.compile(r"^\d{1,15}(\.\d{1,2})?$")
DECIMAL_PATTERN = re.compile(r"^-?\d{1,20}(\.\d{1,10})?$")
MONEY_EXAMPLE = "1250000.00"
CENT = Decimal("0.01")


def _error(message: str) -> PydanticCustomError:
    return PydanticCustomError("invalid", message)


def _money(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise _error(f'Kirim jumlah rupiah sebagai teks, misalnya "{MONEY_EXAMPLE}" (bukan angka JSON).')
    text = value.strip()
    if text.startswith("-"):
        raise _error("Jumlah tidak boleh negatif.")
    if not MONEY_PATTERN.match(text):
        raise _error(
            "Jumlah rupiah ditulis dengan titik desimal, tanpa pemisah ribuan, paling banyak 15 digit dan "
            f'dua angka di belakang titik, misalnya "{MONEY_EXAMPLE}".'
        )
    return Decimal(text)


def _decimal(value: Any) -> Decimal:
    if not isinstance(value, str) or not DECIMAL_PATTERN.match(value.strip()):
        raise _error('Kirim angka sebagai teks dengan titik desimal, misalnya "12.5".')
    return Decimal(value.strip())


def _periods(value: list[Decimal]) -> list[Decimal]:
    if len(value) > rules.MAX_PERIODS:
        raise _error(f"Paling banyak {rules.MAX_PERIODS} periode (bulan Januari–Desember atau triwulan I–IV).")
    return value


def _uid(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise _error("uid tidak dikenal: pakai uid dari jawaban API, atau kosongkan untuk baris baru.") from None


#: rupiah as a decimal string ("1250000.00"), never a float
Money = Annotated[
    Decimal,
    PlainValidator(_money),
    WithJsonSchema({"type": "string", "pattern": MONEY_PATTERN.pattern, "examples": [MONEY_EXAMPLE]}),
]
#: a target or other quantity as a decimal string ("12.5")
DecimalText = Annotated[
    Decimal,
    PlainValidator(_decimal),
    WithJsonSchema({"type": "string", "pattern": DECIMAL_PATTERN.pattern, "examples": ["12.5"]}),
]
#: the amounts of a budget line per month (12) or per quarter (the first 4)
Periods = Annotated[list[Money], AfterValidator(_periods)]
#: the uid of an indicator or a line as answered by the API ("" for a new one)
Uid = Annotated[str, AfterValidator(_uid)]


def money(value: Decimal | None) -> str | None:
    """Rupiah out: a decimal string with two places ("120000000.00")."""
    return None if value is None else str(Decimal(value).quantize(CENT))


def money_or_zero(value: Decimal | None) -> str:
    return str(Decimal(value or 0).quantize(CENT))


def decimal_text(value: Decimal) -> str:
    """A target out without trailing zeros and never in exponent form ("3", "12.5", "100")."""
    return f"{value.normalize():f}"


def utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC) if moment is not None else None


class Mapped:
    """A queryset the paginator slices and counts, each row of the page mapped to its output."""

    def __init__(self, queryset: QuerySet[Any], to_out: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset, self.to_out = queryset, to_out

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [self.to_out(row) for row in self.queryset[page]]
