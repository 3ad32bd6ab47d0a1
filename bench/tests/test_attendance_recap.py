"""The recap scenario's raw SQL and the application compute the same totals for every employee."""

from decimal import Decimal

import pytest

from bench.attendance_year import generate_year
from bench.generate import generate_province
from bench.scenarios.attendance_recap import MONTH_FIRST, YEAR_LAST, raw_month
from terpadu.attendance import days, recap
from terpadu.calendar.interfaces import calendar_days
from terpadu.directory.models import User


@pytest.fixture
def gov(db):
    return generate_province(seed=7, agencies=4, employees=80)


def test_raw_sql_and_the_recap_agree(gov):
    year = generate_year(government_id=gov.government_id, first=MONTH_FIRST, last=YEAR_LAST, employees=40, seed=7)
    assert year.events > 40 * 21 * 1.8  # two events on most of the 21 working days (25 and 26 December are off)
    days.days_compute(government_id=gov.government_id, start=MONTH_FIRST, end=YEAR_LAST)
    working = sum(
        1 for day in calendar_days(government_id=gov.government_id, start=MONTH_FIRST, end=YEAR_LAST) if day.is_working
    )
    assert working == 21
    raw = {row[0]: row for row in raw_month(gov.government_id, working)}
    rows = recap.month_rows(user=User.objects.get(pk=gov.secretary_id), month=MONTH_FIRST)
    checked = 0
    for row in rows:
        if row["employee_id"] not in raw:
            assert row["days_present"] == 0 and row["unexcused_days"] == 21  # no events: absent every day
            continue
        expected = raw[row["employee_id"]]
        app = (
            row["days_present"],
            row["late_minutes"],
            row["early_minutes"],
            row["TL1"],
            row["TL2"],
            row["TL3"],
            row["TL4"],
            row["PSW1"],
            row["PSW2"],
            row["PSW3"],
            row["PSW4"],
            row["unexcused_days"],
            row["minutes_worked"],
        )
        assert app == tuple(int(value) for value in expected[1:14])
        assert row["deduction_percent"] == Decimal(str(expected[14])).quantize(Decimal("0.01"))
        checked += 1
    assert checked == 40
