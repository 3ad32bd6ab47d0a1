"""RULES.md §3–§5: every number, at every boundary, with the default and with changed values."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from terpadu.attendance import rules
from terpadu.attendance.rules import (
    DEFAULT_DEDUCTION_TABLE as DEFAULT,
)
from terpadu.attendance.rules import (
    Band,
    DeductionTable,
    DisciplineLevel,
    DisciplineSettings,
    LeaveType,
    YearMode,
)
from terpadu.calendar.rules import MINUTES_PER_DAY

BASIS = "Tabel bawaan Terpadu (RULES.md §4)"

# ── §4 TPP deductions ──


@pytest.mark.parametrize(
    ("minutes", "code", "percent", "label"),
    [
        (1, "1", "0.5", "1–30 menit"),
        (30, "1", "0.5", "1–30 menit"),
        (31, "2", "1", "31–60 menit"),
        (60, "2", "1", "31–60 menit"),
        (61, "3", "1.5", "61–90 menit"),
        (90, "3", "1.5", "61–90 menit"),
        (91, "4", "2", "≥ 91 menit"),
        (450, "4", "2", "≥ 91 menit"),
    ],
)
@pytest.mark.parametrize(("category", "prefix"), [(rules.late_category, "TL"), (rules.early_category, "PSW")])
def test_default_band_boundaries(category, prefix, minutes, code, percent, label):
    result = category(minutes, DEFAULT)
    assert (result.code, result.percent) == (prefix + code, D(percent))
    assert result.why == f"{prefix}{code} ({label}) · {rules.format_percent(D(percent))} · {BASIS}"


def test_why_names_the_rule_in_indonesian():
    assert rules.late_category(45, DEFAULT).why == f"TL2 (31–60 menit) · 1% · {BASIS}"
    assert rules.early_category(5, DEFAULT).why == f"PSW1 (1–30 menit) · 0,5% · {BASIS}"
    assert rules.late_category(75, DEFAULT).why == f"TL3 (61–90 menit) · 1,5% · {BASIS}"


@pytest.mark.parametrize(("category", "prefix"), [(rules.late_category, "TL"), (rules.early_category, "PSW")])
def test_zero_minutes_is_no_category(category, prefix):
    result = category(0, DEFAULT)
    assert (result.code, result.percent) == (None, D(0))


def test_missing_records_are_tl4_and_psw4_at_2_percent():
    late = rules.late_category(0, DEFAULT, missing_record=True)
    early = rules.early_category(0, DEFAULT, missing_record=True)
    assert (late.code, late.percent) == ("TL4", D(2))
    assert (early.code, early.percent) == ("PSW4", D(2))
    assert late.why == f"TL4 (tidak ada catatan masuk) · 2% · {BASIS}"
    assert early.why == f"PSW4 (tidak ada catatan pulang) · 2% · {BASIS}"


def test_negative_minutes_are_a_programming_error():
    with pytest.raises(ValueError):
        rules.late_category(-1, DEFAULT)


def test_tk_is_4_percent_per_day():
    tk = rules.unexcused_deduction(DEFAULT)
    assert (tk.code, tk.percent) == ("TK", D(4))
    assert tk.why == f"TK (tanpa keterangan, per hari) · 4% · {BASIS}"


def test_day_adds_late_and_early_and_tk_stands_alone():
    day = rules.day_deduction(DEFAULT, late_minutes=31, early_minutes=91)
    assert [i.code for i in day.items] == ["TL2", "PSW4"]
    assert day.percent == D(3)
    assert rules.day_deduction(DEFAULT).items == ()
    both_missing = rules.day_deduction(DEFAULT, missing_check_in=True, missing_check_out=True)
    assert both_missing.percent == D(4)
    tk = rules.day_deduction(DEFAULT, unexcused=True, late_minutes=10)
    assert [i.code for i in tk.items] == ["TK"] and tk.percent == D(4)


def test_month_sums_days_and_caps_at_exactly_100_percent():
    tk = rules.day_deduction(DEFAULT, unexcused=True)
    assert rules.month_deduction([tk] * 25, DEFAULT) == D(100)
    assert rules.month_deduction([tk] * 26, DEFAULT) == D(100)  # 104% → 100%
    assert rules.month_deduction([tk] * 24 + [rules.late_category(1, DEFAULT)], DEFAULT) == D("96.5")
    explained = rules.month_deduction_explained([tk] * 26, DEFAULT)
    assert (explained.raw_percent, explained.percent) == (D(104), D(100))
    assert explained.why == f"Jumlah potongan 104%, dibatasi paling banyak 100% sebulan · {BASIS}"
    assert rules.month_deduction([], DEFAULT) == D(0)


OTHER = DeductionTable(
    name="Perbup No. 12 Tahun 2025",
    effective_from=date(2026, 1, 1),
    late_bands=(Band(1, 15, D("1")), Band(16, 60, D("1.25")), Band(61, None, D("2.5"))),
    early_bands=(Band(1, 60, D("1.25")), Band(61, None, D("2.5"))),
    missing_record_percent=D("2.5"),
    unexcused_percent=D("5"),
    monthly_cap=D("90"),
)


@pytest.mark.parametrize(
    ("minutes", "code", "percent"),
    [(0, None, "0"), (1, "TL1", "1"), (15, "TL1", "1"), (16, "TL2", "1.25"), (60, "TL2", "1.25"), (61, "TL3", "2.5")],
)
def test_a_table_with_other_bands_is_data_not_code(minutes, code, percent):
    result = rules.late_category(minutes, OTHER)
    assert (result.code, result.percent) == (code, D(percent))


def test_other_table_early_missing_tk_cap_and_basis():
    assert rules.early_category(61, OTHER).code == "PSW2"
    missing = rules.late_category(0, OTHER, missing_record=True)
    assert (missing.code, missing.percent) == ("TL3", D("2.5"))
    assert rules.unexcused_deduction(OTHER).percent == D(5)
    assert rules.month_deduction([rules.unexcused_deduction(OTHER)] * 19, OTHER) == D(90)
    assert (
        rules.late_category(16, OTHER).why
        == "TL2 (16–60 menit) · 1,25% · Perbup No. 12 Tahun 2025 berlaku 1 Januari 2026"
    )
    assert rules.table_problems(OTHER) == {}


def test_default_table_is_valid_and_round_trips_json():
    assert rules.table_problems(DEFAULT) == {}
    data = rules.bands_to_json(DEFAULT.late_bands)
    assert data[0] == {"min": 1, "max": 30, "percent": "0.5"}
    assert data[-1] == {"min": 91, "max": None, "percent": "2"}
    assert rules.bands_from_json(data) == DEFAULT.late_bands


def test_overlap_gap_open_end_and_percent_problems():
    bad = replace(
        DEFAULT,
        late_bands=(Band(1, 30, D("0.5")), Band(30, None, D("1"))),
        early_bands=(Band(1, 30, D("0.5")), Band(32, 60, D("101"))),
        unexcused_percent=D("-1"),
        name=" ",
    )
    assert rules.table_problems(bad) == {
        "late_1_min": ["TL2: rentang tumpang tindih; harus mulai dari 31 menit."],
        "early_1_min": ["PSW2: rentang ada celah; harus mulai dari 31 menit."],
        "early_1_percent": ["Persentase harus antara 0 dan 100."],
        "early_1_max": ["PSW2: rentang terakhir harus tanpa batas akhir (mis. ≥ 91 menit)."],
        "unexcused_percent": ["Persentase harus antara 0 dan 100."],
        "name": ["Dasar hukum wajib diisi."],
    }


def test_bands_must_start_at_one_minute_and_exist():
    assert rules.table_problems(replace(DEFAULT, late_bands=(Band(5, None, D(1)),)))["late_0_min"] == [
        "TL1: rentang ada celah; harus mulai dari 1 menit."
    ]
    assert rules.table_problems(replace(DEFAULT, early_bands=()))["early_bands"] == [
        "Tabel PSW harus punya paling sedikit satu rentang."
    ]
    assert "late_0_max" in rules.table_problems(replace(DEFAULT, late_bands=(Band(10, 5, D(1)), Band(6, None, D(1)))))
    assert rules.table_problems(replace(DEFAULT, monthly_cap=D("100.01")))["monthly_cap"]
    assert rules.table_problems(replace(DEFAULT, unexcused_percent=D("4.125")))["unexcused_percent"] == [
        "Persentase paling banyak 2 angka di belakang koma."
    ]
    assert rules.parse_percent("1,25") == D("1.25")
    assert rules.parse_percent("abc").is_nan()


# ── §3 discipline (LAW) ──

NONE = (None, rules.NO_SANCTION)
RINGAN, SEDANG, BERAT = DisciplineLevel.LIGHT, DisciplineLevel.MODERATE, DisciplineLevel.SEVERE


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, NONE),
        (1, NONE),
        (2, NONE),
        (3, (RINGAN, "teguran lisan")),
        (4, (RINGAN, "teguran tertulis")),
        (6, (RINGAN, "teguran tertulis")),
        (7, (RINGAN, "pernyataan tidak puas secara tertulis")),
        (10, (RINGAN, "pernyataan tidak puas secara tertulis")),
        (11, (SEDANG, "pemotongan tunjangan kinerja 25% selama 6 bulan")),
        (13, (SEDANG, "pemotongan tunjangan kinerja 25% selama 6 bulan")),
        (14, (SEDANG, "pemotongan tunjangan kinerja 25% selama 9 bulan")),
        (16, (SEDANG, "pemotongan tunjangan kinerja 25% selama 9 bulan")),
        (17, (SEDANG, "pemotongan tunjangan kinerja 25% selama 12 bulan")),
        (20, (SEDANG, "pemotongan tunjangan kinerja 25% selama 12 bulan")),
        (21, (BERAT, "penurunan jabatan setingkat lebih rendah selama 12 bulan")),
        (24, (BERAT, "penurunan jabatan setingkat lebih rendah selama 12 bulan")),
        (25, (BERAT, "pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan")),
        (27, (BERAT, "pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan")),
        (28, (BERAT, "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS")),
        (40, (BERAT, "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS")),
    ],
)
def test_every_discipline_band_boundary(days, expected):
    assert rules.discipline_level(days) == expected


def test_level_values_and_none_text():
    assert [level.value for level in DisciplineLevel] == ["ringan", "sedang", "berat"]
    assert rules.NO_SANCTION == "tidak ada hukuman disiplin (potongan TPP tetap berlaku)"
    with pytest.raises(ValueError):
        rules.discipline_level(-1)


def weekdays(start: date, count: int) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_ten_working_days_in_a_row_is_dismissal_with_salary_stopped():
    evidence = weekdays(date(2026, 3, 2), 10)  # Monday 2 March to Friday 13 March, over a weekend
    result = rules.assess_discipline(unexcused_dates=evidence)
    assert rules.CONSECUTIVE_DISMISSAL_DAYS == 10
    assert (result.consecutive_max, result.unexcused_days) == (10, 10)
    assert result.level is BERAT and result.salary_stopped
    assert result.sanction == (
        "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS; "
        "pembayaran gaji dihentikan mulai bulan berikutnya"
    )
    assert result.evidence_dates == tuple(evidence)


def test_nine_in_a_row_is_not_dismissal():
    result = rules.assess_discipline(unexcused_dates=weekdays(date(2026, 3, 2), 9))
    assert (result.consecutive_max, result.level, result.sanction) == (
        9,
        RINGAN,
        "pernyataan tidak puas secara tertulis",
    )
    assert not result.salary_stopped


def test_a_working_day_present_breaks_the_run_and_a_holiday_does_not():
    days = weekdays(date(2026, 3, 2), 11)
    broken = days[:5] + days[6:]  # present on day 6
    assert rules.longest_run(broken) == 5
    holiday = days[5]
    working = [d for d in days if d != holiday]
    assert rules.longest_run(broken, working) == 10
    assert rules.longest_run([]) == 0


@pytest.mark.parametrize(
    ("positions", "expected"),
    [([], 0), ([7], 1), ([1, 2], 2), ([1, 3], 1), ([3, 1, 2], 3), ([1, 2, 4, 5, 6, 9], 3), ([2, 2, 3], 2)],
)
def test_the_longest_run_counted_from_positions_among_the_working_days(positions, expected):
    assert rules.longest_run_of_positions(positions) == expected
    working = weekdays(date(2026, 3, 2), 12)
    assert rules.longest_run([working[p - 1] for p in positions], working) == expected


def test_an_assessment_with_the_run_already_counted():
    evidence = weekdays(date(2026, 3, 2), 10)
    assert rules.assess_discipline(unexcused_dates=evidence, consecutive_max=10) == rules.assess_discipline(
        unexcused_dates=evidence
    )
    counted = rules.assess_discipline(unexcused_dates=evidence, consecutive_max=4)
    assert (counted.consecutive_max, counted.salary_stopped, counted.sanction) == (
        4,
        False,
        "pernyataan tidak puas secara tertulis",
    )


@pytest.mark.parametrize(("minutes", "days"), [(0, 0), (449, 0), (450, 1), (899, 1), (900, 2)])
def test_minutes_convert_to_whole_days_at_450(minutes, days):
    assert MINUTES_PER_DAY == 450
    assert rules.minutes_to_days(minutes) == days


def test_a_changed_equivalence():
    assert rules.minutes_to_days(449, 300) == 1
    assert rules.minutes_to_days(600, 300) == 2
    settings = DisciplineSettings(name="Perbup 3/2026", effective_from=date(2026, 1, 1), minutes_per_day=300)
    result = rules.assess_discipline(
        unexcused_dates=[date(2026, 1, 5), date(2026, 2, 9)], late_early_minutes=600, settings=settings
    )
    assert (result.unexcused_days, result.equivalent_days, result.total_days) == (2, 2, 4)
    assert result.sanction == "teguran tertulis"


def test_discipline_settings_problems():
    assert rules.discipline_settings_problems(rules.DEFAULT_DISCIPLINE_SETTINGS) == {}
    bad = DisciplineSettings(name="", effective_from=None, minutes_per_day=0)
    assert rules.discipline_settings_problems(bad) == {
        "minutes_per_day": ["Menit setara 1 hari harus antara 1 dan 1440."],
        "name": ["Dasar hukum wajib diisi."],
    }


def test_minutes_add_whole_days_to_the_count_and_both_are_reported():
    result = rules.assess_discipline(unexcused_dates=[date(2026, 1, 5), date(2026, 2, 9)], late_early_minutes=449)
    assert (result.total_days, result.level) == (2, None)
    result = rules.assess_discipline(unexcused_dates=[date(2026, 1, 5), date(2026, 2, 9)], late_early_minutes=450)
    assert (result.late_early_minutes, result.equivalent_days, result.total_days) == (450, 1, 3)
    assert (result.level, result.sanction) == (RINGAN, "teguran lisan")
    assert result.why == (
        "2 hari tanpa keterangan + 1 hari setara dari 450 menit terlambat/pulang cepat "
        "(450 menit = 1 hari) = 3 hari; paling lama 1 hari kerja berturut-turut"
    )


def test_calendar_and_rolling_windows():
    assert rules.DEFAULT_DISCIPLINE_SETTINGS.year_mode is YearMode.CALENDAR
    assert rules.discipline_window(date(2026, 3, 15)) == (date(2026, 1, 1), date(2026, 3, 15))
    assert rules.discipline_window(date(2026, 3, 15), YearMode.ROLLING) == (date(2025, 3, 16), date(2026, 3, 15))
    assert rules.discipline_window(date(2028, 2, 29), YearMode.ROLLING) == (date(2027, 3, 1), date(2028, 2, 29))
    assert rules.discipline_window(date(2026, 12, 31), YearMode.ROLLING) == (date(2026, 1, 1), date(2026, 12, 31))


# ── §5 leave (DEFAULT) ──


def test_default_quotas_and_carry_over():
    assert rules.DEFAULT_LEAVE_QUOTAS.quotas[LeaveType.ANNUAL] == 12
    assert dict(rules.DEFAULT_LEAVE_QUOTAS.quotas) == {
        LeaveType.ANNUAL: 12,
        LeaveType.LONG_SERVICE: 3,
        LeaveType.SICK: 12,
        LeaveType.MATERNITY: 3,
        LeaveType.IMPORTANT_REASON: 1,
        LeaveType.UNPAID: 3,
    }
    assert (rules.ANNUAL_CARRY_OVER_MAX, rules.ANNUAL_TOTAL_MAX) == (6, 18)
    assert LeaveType.UNPAID.label == "Cuti di luar tanggungan negara (CLTN)"
    assert rules.leave_quota_problems(rules.DEFAULT_LEAVE_QUOTAS) == {}


def test_annual_balance_deducts_cuti_bersama():
    balance = rules.annual_leave_balance(12, 0, 2, 4)
    assert (balance.entitlement, balance.remaining) == (12, 6)
    assert balance.why == "12 hari kuota + 0 hari sisa tahun lalu − 4 hari cuti bersama − 2 hari diambil = 6 hari"


@pytest.mark.parametrize(
    ("carried", "counted", "entitlement"), [(0, 0, 12), (5, 5, 17), (6, 6, 18), (7, 6, 18), (12, 6, 18)]
)
def test_carry_over_up_to_6_days_and_18_in_all(carried, counted, entitlement):
    balance = rules.annual_leave_balance(12, carried, 0, 0)
    assert (balance.carried_over, balance.entitlement, balance.remaining) == (counted, entitlement, entitlement)


def test_changed_carry_over_settings_and_floor_at_zero():
    balance = rules.annual_leave_balance(12, 12, 0, 0, carry_over_max=12, total_max=24)
    assert balance.entitlement == 24
    assert rules.annual_leave_balance(12, 0, 10, 5).remaining == 0
    assert (rules.carry_over(8), rules.carry_over(4), rules.carry_over(8, 12)) == (6, 4, 8)


def test_leave_quota_problems():
    bad = replace(rules.DEFAULT_LEAVE_QUOTAS, quotas={LeaveType.ANNUAL: 12, LeaveType.SICK: -1}, annual_total_max=10)
    assert rules.leave_quota_problems(bad) == {
        "sick": ["Kuota tidak boleh negatif."],
        "annual_total_max": ["Batas jumlah cuti tahunan tidak boleh kurang dari kuota tahunan."],
    }
