from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template

from terpadu.core import formatting

register = template.Library()


@register.filter
def tanggal(value: date | datetime | None, tz: str | None = None) -> str:
    return formatting.tanggal(value, tz)


@register.filter
def waktu(value: datetime | None, tz: str = "Asia/Jakarta") -> str:
    return formatting.waktu(value, tz)


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    return formatting.rupiah(value)


@register.filter
def angka(value: Decimal | int | None, places: int = 0) -> str:
    return formatting.angka(value, places)


@register.filter
def bilangan(value: Decimal | int | None) -> str:
    return formatting.bilangan(value)


@register.filter
def durasi(minutes: int | None) -> str:
    return formatting.durasi(minutes or 0)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)
