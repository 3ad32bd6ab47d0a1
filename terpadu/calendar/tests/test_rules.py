"""RULES.md §1 — working hours (Perpres 21/2023): every number."""

from datetime import date, time

import pytest

from terpadu.calendar import rules
from terpadu.calendar.rules import DayHours, DayKind, Holiday


def test_law_numbers():
    assert rules.MINUTES_PER_WEEK == 2250  # 37 h 30 min
    assert rules.MINUTES_PER_DAY == 450  # 7 h 30 min
    assert rules.RAMADAN_MINUTES_PER_WEEK == 1950  # 32 h 30 min
    assert rules.FIVE_DAY_WEEK == 5


def test_default_week_is_monday_to_friday_from_0730():
    week = rules.DEFAULT_FIVE_DAY_WEEK
    assert sorted(week) == [0, 1, 2, 3, 4]
    assert {h.start for h in week.values()} == {time(7, 30)}


@pytest.mark.parametrize("weekday", [0, 1, 2, 3])
def test_monday_to_thursday_0730_1600_with_60_minute_break_is_450_minutes(weekday):
    hours = rules.DEFAULT_FIVE_DAY_WEEK[weekday]
    assert (hours.start, hours.end, hours.break_minutes) == (time(7, 30), time(16, 0), 60)
    assert hours.expected_minutes == 450


def test_friday_0730_1630_with_90_minute_break_is_450_minutes():
    hours = rules.DEFAULT_FIVE_DAY_WEEK[4]
    assert (hours.start, hours.end, hours.break_minutes) == (time(7, 30), time(16, 30), 90)
    assert hours.expected_minutes == 450


def test_default_weeks_add_up_to_the_law():
    assert rules.weekly_minutes(rules.DEFAULT_FIVE_DAY_WEEK) == 2250
    assert rules.weekly_minutes(rules.DEFAULT_SIX_DAY_WEEK) == 2250
    assert rules.weekly_minutes(rules.DEFAULT_RAMADAN_WEEK) == 1950


def test_ramadan_starts_0800_with_60_minute_friday_break_and_30_minutes_mon_thu():
    week = rules.DEFAULT_RAMADAN_WEEK
    assert {h.start for h in week.values()} == {time(8, 0)}
    assert week[4].break_minutes == 60
    assert {week[d].break_minutes for d in range(4)} == {30}


def test_a_week_one_minute_short_is_refused_with_an_indonesian_reason():
    week = dict(rules.DEFAULT_FIVE_DAY_WEEK)
    week[0] = DayHours(time(7, 30), time(15, 59), 60)
    assert rules.week_problems(week) == ["Jumlah jam kerja seminggu 37 jam 29 menit, seharusnya 37 jam 30 menit."]


def test_a_day_ending_before_its_break_is_refused():
    week = dict(rules.DEFAULT_FIVE_DAY_WEEK)
    week[2] = DayHours(time(7, 30), time(8, 0), 60)
    assert rules.week_problems(week)[0] == "Rabu: jam pulang harus setelah jam masuk ditambah istirahat."


def test_six_day_week_is_allowed_with_a_warning():
    assert rules.week_problems(rules.DEFAULT_SIX_DAY_WEEK) == []
    assert rules.week_warnings(rules.DEFAULT_SIX_DAY_WEEK) == [
        "Hari kerja 6 hari tidak sesuai Perpres 21/2023 (5 hari kerja, Senin–Jumat)."
    ]
    assert rules.week_warnings(rules.DEFAULT_FIVE_DAY_WEEK) == []


def test_classify_listed_holiday_beats_the_weekly_pattern():
    listed = {date(2026, 8, 17): Holiday(DayKind.HOLIDAY, "Hari Kemerdekaan Republik Indonesia")}
    kind, name, hours = rules.classify(date(2026, 8, 17), rules.DEFAULT_FIVE_DAY_WEEK, listed)
    assert (kind, name, hours) == (DayKind.HOLIDAY, "Hari Kemerdekaan Republik Indonesia", None)


def test_classify_weekend_and_working_day():
    assert rules.classify(date(2026, 11, 21), rules.DEFAULT_FIVE_DAY_WEEK, {})[0] is DayKind.WEEKEND
    kind, _, hours = rules.classify(date(2026, 11, 23), rules.DEFAULT_FIVE_DAY_WEEK, {})
    assert kind is DayKind.WORKING and hours is not None and hours.expected_minutes == 450


def test_a_working_override_cancels_a_listed_holiday():
    listed = {date(2026, 12, 24): Holiday(DayKind.WORKING, "Cuti bersama dibatalkan")}
    kind, name, hours = rules.classify(date(2026, 12, 24), rules.DEFAULT_FIVE_DAY_WEEK, listed)
    assert (kind, name, hours.expected_minutes) == (DayKind.WORKING, "Cuti bersama dibatalkan", 450)
