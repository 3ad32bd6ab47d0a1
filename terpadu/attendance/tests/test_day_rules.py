"""day_rules.day_result at every boundary of RULES.md §1 and §4 (default table)."""

from datetime import datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from terpadu.attendance import rules
from terpadu.attendance.day_rules import FULL_DAY_EXCUSES, Punch, day_result, pick_in_out, whole_minutes

WITA = ZoneInfo("Asia/Makassar")
START = datetime(2026, 10, 5, 7, 30, tzinfo=WITA)  # a Monday: 07:30–16:00, break 60 (Perpres 21/2023)
END = datetime(2026, 10, 5, 16, 0, tzinfo=WITA)
TABLE = rules.DEFAULT_DEDUCTION_TABLE


def result(punches, excuse=None, kind="working", start=START, end=END):
    return day_result(kind=kind, start=start, end=end, break_minutes=60, punches=punches, excuse=excuse, table=TABLE)


def at(hour, minute, second=0):
    return START.replace(hour=hour, minute=minute, second=second)


def test_on_time_full_day_is_present_with_450_minutes_and_no_deduction():
    day = result([Punch("in", at(7, 30)), Punch("out", at(16, 0))])
    assert (day.status, day.late_minutes, day.early_minutes, day.minutes_worked) == ("present", 0, 0, 450)
    assert day.deduction.percent == D(0) and day.deduction.items == ()


@pytest.mark.parametrize(
    ("arrival", "minutes", "code", "percent"),
    [
        (at(7, 30, 59), 0, None, D("0")),  # within the first minute: not late
        (at(7, 31), 1, "TL1", D("0.5")),
        (at(8, 0), 30, "TL1", D("0.5")),
        (at(8, 0, 59), 30, "TL1", D("0.5")),
        (at(8, 1), 31, "TL2", D("1")),
        (at(8, 30), 60, "TL2", D("1")),
        (at(8, 31), 61, "TL3", D("1.5")),
        (at(9, 0), 90, "TL3", D("1.5")),
        (at(9, 1), 91, "TL4", D("2")),
        (at(12, 0), 270, "TL4", D("2")),
    ],
)
def test_late_arrival_bands(arrival, minutes, code, percent):
    day = result([Punch("in", arrival), Punch("out", at(16, 0))])
    assert day.late_minutes == minutes
    assert [item.code for item in day.deduction.items] == ([code] if code else [])
    assert day.deduction.percent == percent


@pytest.mark.parametrize(
    ("leaving", "minutes", "code", "percent"),
    [
        (at(16, 0), 0, None, D("0")),
        (at(15, 59, 30), 0, None, D("0")),  # 30 seconds early: not a whole minute
        (at(15, 59), 1, "PSW1", D("0.5")),
        (at(15, 30), 30, "PSW1", D("0.5")),
        (at(15, 29), 31, "PSW2", D("1")),
        (at(15, 0), 60, "PSW2", D("1")),
        (at(14, 59), 61, "PSW3", D("1.5")),
        (at(14, 30), 90, "PSW3", D("1.5")),
        (at(14, 29), 91, "PSW4", D("2")),
    ],
)
def test_early_departure_bands(leaving, minutes, code, percent):
    day = result([Punch("in", at(7, 0)), Punch("out", leaving)])
    assert day.early_minutes == minutes
    assert [item.code for item in day.deduction.items] == ([code] if code else [])
    assert day.deduction.percent == percent


def test_late_and_early_add_up_on_one_day():
    day = result([Punch("in", at(8, 1)), Punch("out", at(14, 29))])
    assert [item.code for item in day.deduction.items] == ["TL2", "PSW4"]
    assert day.deduction.percent == D("3")


def test_no_check_out_is_psw4_and_no_check_in_is_tl4():
    only_in = result([Punch("in", at(7, 20))])
    assert (only_in.missing_in, only_in.missing_out) == (False, True)
    assert [(item.code, item.percent) for item in only_in.deduction.items] == [("PSW4", D("2"))]
    only_out = result([Punch("out", at(16, 5))])
    assert (only_out.missing_in, only_out.missing_out) == (True, False)
    assert [(item.code, item.percent) for item in only_out.deduction.items] == [("TL4", D("2"))]
    assert only_in.minutes_worked == only_out.minutes_worked == 0


def test_no_punch_on_a_working_day_is_unexcused_tk_4_percent():
    day = result([])
    assert day.status == "unexcused"
    assert [(item.code, item.percent) for item in day.deduction.items] == [("TK", D("4"))]


@pytest.mark.parametrize("excuse", sorted(FULL_DAY_EXCUSES))
def test_full_day_excuses_are_excused_without_deduction(excuse):
    day = result([], excuse=excuse)
    assert (day.status, day.excuse_kind, day.deduction.percent) == ("excused", excuse, D(0))


@pytest.mark.parametrize("excuse", ["wfh", "wfa"])
def test_wfh_and_wfa_are_judged_on_their_punches(excuse):
    late = result([Punch("in", at(8, 1)), Punch("out", at(16, 0))], excuse=excuse)
    assert (late.status, late.flexible, late.late_minutes, late.deduction.percent) == ("present", excuse, 31, D("1"))
    absent = result([], excuse=excuse)
    assert (absent.status, absent.flexible, absent.deduction.percent) == ("unexcused", excuse, D("4"))


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("weekend", "weekend"),
        ("holiday", "holiday"),
        ("joint_leave", "holiday"),
        ("local_holiday", "holiday"),
        ("off", "off"),
    ],
)
def test_days_off_carry_no_deduction_but_count_minutes_worked(kind, status):
    day = result([Punch("in", at(8, 0)), Punch("out", at(12, 0))], kind=kind, start=None, end=None)
    assert (day.status, day.deduction.percent, day.minutes_worked) == (status, D(0), 180)


def test_friday_hours_and_night_shift_span():
    friday_start = datetime(2026, 10, 9, 7, 30, tzinfo=WITA)
    friday = day_result(
        kind="working",
        start=friday_start,
        end=friday_start.replace(hour=16, minute=30),
        break_minutes=90,
        punches=[Punch("in", friday_start), Punch("out", friday_start.replace(hour=16, minute=30))],
        excuse=None,
        table=TABLE,
    )
    assert friday.minutes_worked == 450
    night_start = datetime(2026, 10, 5, 21, 0, tzinfo=WITA)
    night = day_result(
        kind="working",
        start=night_start,
        end=night_start + timedelta(hours=10),
        break_minutes=60,
        punches=[Punch("in", night_start + timedelta(minutes=5)), Punch("out", night_start + timedelta(hours=10))],
        excuse=None,
        table=TABLE,
    )
    assert (night.late_minutes, night.early_minutes, night.minutes_worked) == (5, 0, 535)


def test_machine_punches_without_direction_take_first_and_last():
    first, last = pick_in_out([Punch("out", at(12, 0)), Punch("out", at(7, 25)), Punch("out", at(16, 10))])
    assert (first, last) == (at(7, 25), at(16, 10))
    assert pick_in_out([Punch("in", at(7, 25)), Punch("in", at(7, 40))]) == (at(7, 25), None)
    assert whole_minutes(at(7, 0), at(8, 0)) == 0


def test_a_changed_table_changes_the_deduction():
    table = rules.DeductionTable(
        name="Perbup 2027",
        effective_from=None,
        late_bands=(rules.Band(1, 15, D("1")), rules.Band(16, None, D("2.5"))),
        early_bands=(rules.Band(1, None, D("1.25")),),
        missing_record_percent=D("3"),
        unexcused_percent=D("5"),
    )
    day = day_result(
        kind="working",
        start=START,
        end=END,
        break_minutes=60,
        punches=[Punch("in", at(7, 46)), Punch("out", at(15, 0))],
        excuse=None,
        table=table,
    )
    assert [(item.code, item.percent) for item in day.deduction.items] == [("TL2", D("2.5")), ("PSW1", D("1.25"))]
    absent = day_result(kind="working", start=START, end=END, break_minutes=60, punches=[], excuse=None, table=table)
    assert absent.deduction.percent == D("5")
