"""National holidays and cuti bersama from the `holidays` package (RULES.md §2). No database.

Public holidays are category "public"; cuti bersama is category "government" and is asked for
separately so that it stays its own day type (it is deducted from annual leave).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holidays_lib

from .rules import DayKind, Holiday

COUNTRY = "ID"
LANGUAGE = "id"


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[date, Holiday]:
    """All national holidays and cuti bersama of a year, by date (a public holiday wins a clash)."""
    result: dict[date, Holiday] = {}
    joint = holidays_lib.country_holidays(COUNTRY, years=year, categories=("government",), language=LANGUAGE)
    for day, name in joint.items():
        result[day] = Holiday(DayKind.JOINT_LEAVE, name)
    public = holidays_lib.country_holidays(COUNTRY, years=year, categories=("public",), language=LANGUAGE)
    for day, name in public.items():
        result[day] = Holiday(DayKind.HOLIDAY, name)
    return result


def holidays_between(start: date, end: date) -> dict[date, Holiday]:
    found: dict[date, Holiday] = {}
    for year in range(start.year, end.year + 1):
        found.update({d: h for d, h in national_holidays(year).items() if start <= d <= end})
    return found
