"""RULES.md §7 and the planning rules, at every boundary: codes and their levels, the level-of-government
digit, mandates, account codes, money, lines and indicators, totals, the ceiling, the workflow, the
submission checks, completeness and the difference between two versions."""

from decimal import Decimal

import pytest

from terpadu.planning import rules
from terpadu.planning.rules import Level


@pytest.mark.parametrize(
    ("code", "level", "parent", "digit"),
    [
        ("7", Level.URUSAN, None, None),
        ("7.01", Level.BIDANG, "7", None),
        ("7.01.01", Level.PROGRAM, "7.01", None),
        ("7.01.01.2.01", Level.KEGIATAN, "7.01.01", "2"),
        ("7.01.01.2.01.0001", Level.SUB_KEGIATAN, "7.01.01.2.01", "2"),
        ("5.01.01.2.01.0006", Level.SUB_KEGIATAN, "5.01.01.2.01", "2"),
        ("1.02.02.1.01.0014", Level.SUB_KEGIATAN, "1.02.02.1.01", "1"),
    ],
)
def test_codes_are_parsed_into_level_parent_and_government_digit(code, level, parent, digit):
    parsed = rules.parse_code(code)
    assert (parsed.code, parsed.level, parsed.parent, parsed.government_digit) == (code, level, parent, digit)


def test_the_sub_activity_pattern_is_the_one_of_rules_md():
    assert rules.LEVEL_PATTERNS[Level.SUB_KEGIATAN].pattern == r"^\d\.\d{2}\.\d{2}\.[12]\.\d{2}\.\d{4}$"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "07",
        "7.1",
        "7.001",
        "7.01.1",
        "7.01.01.3.01",  # level digit only 1 or 2
        "7.01.01.0.01.0001",
        "7.01.01.2.1.0001",
        "7.01.01.2.01.001",
        "7.01.01.2.01.00001",
        "7.01.01.2.01.0001.1",
        "7-01-01-2-01-0001",
        "a.01.01.2.01.0001",
        " 7.01.01.2.01.0001x",
    ],
)
def test_malformed_codes_are_refused_with_the_format_in_the_message(code):
    with pytest.raises(rules.CodeError) as refused:
        rules.parse_code(code)
    assert "U.BB.PP.K.KK.SSSS" in str(refused.value) or "wajib" in str(refused.value)


def test_surrounding_spaces_are_ignored():
    assert rules.parse_code(" 7.01.01.2.01.0001 ").code == "7.01.01.2.01.0001"


def test_the_bidang_and_the_supporting_program():
    code = rules.parse_code("2.16.01.2.01.0001")
    assert (code.bidang, code.is_supporting_program) == ("2.16", True)
    assert rules.parse_code("2.16.03.2.02.0005").is_supporting_program is False
    assert rules.parse_code("2").bidang is None


@pytest.mark.parametrize(
    ("government_level", "digit", "allowed"),
    [
        ("kabupaten", "2", True),
        ("kota", "2", True),
        ("provinsi", "1", True),
        ("kabupaten", "1", False),
        ("kota", "1", False),
        ("provinsi", "2", False),
    ],
)
def test_a_government_plans_only_codes_of_its_own_level(government_level, digit, allowed):
    code = rules.parse_code(f"1.02.02.{digit}.01.0014")
    problem = rules.level_digit_problem(code, government_level)
    assert (problem is None) is allowed
    if not allowed:
        assert f"digit tingkat {digit}" in problem


def test_codes_above_kegiatan_carry_no_level_digit():
    for code in ("1", "1.02", "1.02.02"):
        assert rules.level_digit_problem(rules.parse_code(code), "provinsi") is None


def test_the_mandate_is_the_bidang_urusan():
    code = rules.parse_code("1.02.02.2.01.0014")
    assert rules.mandate_problem(code, ["1.02"], "Dinkes") is None
    problem = rules.mandate_problem(code, ["2.16", "1.01"], "Diskominfo")
    assert problem == (
        "Sub kegiatan 1.02.02.2.01.0014 termasuk bidang urusan 1.02, yang bukan kewenangan Diskominfo. "
        "Kewenangan: 1.01, 2.16."
    )
    assert rules.mandate_problem(code, [], "Dinsos").endswith("Kewenangan: belum ditetapkan.")


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("5.1.02.01.01.0024", True),
        ("5.2.02.10.01.0002", True),
        (" 5.1.02.01.01.0024 ", True),
        ("4.1.01.01.01.0001", False),  # revenue, not expenditure
        ("6.1.01.01.01.0001", False),  # financing
        ("5.1.02.01.01.024", False),
        ("5.1.2.01.01.0024", False),
        ("5.1.02.01.01", False),
        ("", False),
    ],
)
def test_budget_lines_take_expenditure_account_codes(code, ok):
    assert (rules.account_problem(code) is None) is ok


@pytest.mark.parametrize(
    ("raw", "value", "error"),
    [
        ("1.250.000", Decimal("1250000.00"), None),
        ("1250000", Decimal("1250000.00"), None),
        ("1250000,50", Decimal("1250000.50"), None),
        ("Rp 1.250.000", Decimal("1250000.00"), None),
        ("", Decimal(0), None),
        (None, Decimal(0), None),
        (1500, Decimal("1500.00"), None),
        (Decimal("12.5"), Decimal("12.50"), None),
        ("-5", Decimal(0), "Jumlah tidak boleh negatif."),
        ("abc", Decimal(0), "Isi dengan angka rupiah, misalnya 1.250.000."),
        ("1,234", Decimal(0), "Paling banyak dua angka di belakang koma, dan tidak lebih dari 15 digit."),
        ("1000000000000000", Decimal(0), "Paling banyak dua angka di belakang koma, dan tidak lebih dari 15 digit."),
        (True, Decimal(0), "Isi dengan angka rupiah."),
        ("NaN", Decimal(0), "Jumlah tidak boleh negatif."),
    ],
)
def test_money_is_parsed_the_indonesian_way(raw, value, error):
    assert rules.parse_money(raw) == (value, error)


def _line(periods, account="5.1.02.01.01.0024", description="ATK"):
    return rules.LineDraft(account, description, tuple(Decimal(p) for p in periods))


def test_a_line_amount_is_the_sum_of_its_periods():
    assert _line([100, 0, 250, 650]).amount == Decimal(1000)


def test_a_line_needs_an_amount_an_account_and_a_description():
    assert rules.line_problems(_line([0] * 12), "month") == {
        "periods": "Isi kebutuhan anggaran paling sedikit pada satu periode."
    }
    assert rules.line_problems(_line([1], account="5.1", description=" "), "month") == {
        "account_code": "Kode rekening belanja berformat 5.X.XX.XX.XX.XXXX, misalnya 5.1.02.01.01.0024.",
        "description": "Uraian wajib diisi.",
    }
    assert "paling banyak 300" in rules.line_problems(_line([1], description="x" * 301), "month")["description"]
    assert rules.line_problems(_line([-1, 5]), "month") == {"periods": "Jumlah tidak boleh negatif."}


def test_a_quarterly_round_takes_four_periods_and_a_monthly_twelve():
    assert rules.PeriodKind.MONTH.period_count == 12 and rules.PeriodKind.QUARTER.period_count == 4
    assert rules.line_problems(_line([1, 1, 1, 1]), "quarter") == {}
    assert rules.line_problems(_line([1, 1, 1, 1, 0, 0]), "quarter") == {}
    assert rules.line_problems(_line([1, 1, 1, 1, 1]), "quarter") == {
        "periods": "Putaran ini merinci kebutuhan per triwulan (4 kolom)."
    }
    assert rules.period_labels("quarter") == ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
    assert rules.period_labels("month")[0] == "Januari" and len(rules.period_labels("month")) == 12


def test_indicators_need_a_name_a_unit_and_a_positive_target():
    ok = rules.IndicatorDraft("Jumlah aplikasi", "Aplikasi", Decimal(3))
    assert rules.indicator_problems(ok) == {}
    assert rules.indicator_problems(rules.IndicatorDraft("", " ", Decimal(0))) == {
        "name": "Nama indikator keluaran wajib diisi.",
        "unit": "Satuan wajib diisi.",
        "target": "Target harus lebih dari 0.",
    }
    assert "4 angka" in rules.indicator_problems(rules.IndicatorDraft("a", "b", Decimal("1.00001")))["target"]
    assert rules.indicator_problems(rules.IndicatorDraft("a", "b", Decimal("0.0001"))) == {}


def test_totals_add_up_from_lines_to_agency():
    lines = [
        rules.LineAmount("2.16.03.2.02.0005", Decimal(100), (Decimal(60), Decimal(40))),
        rules.LineAmount("2.16.03.2.02.0005", Decimal(50), (Decimal(50),)),
        rules.LineAmount("2.16.03.2.02.0010", Decimal(25), (Decimal(0), Decimal(25))),
        rules.LineAmount("2.16.02.2.01.0005", Decimal(5)),
    ]
    found = rules.totals(lines, ["2.16.01.2.01.0001"])
    assert found.sub_activities == {
        "2.16.01.2.01.0001": Decimal(0),
        "2.16.03.2.02.0005": Decimal(150),
        "2.16.03.2.02.0010": Decimal(25),
        "2.16.02.2.01.0005": Decimal(5),
    }
    assert found.activities == {
        "2.16.01.2.01": Decimal(0),
        "2.16.03.2.02": Decimal(175),
        "2.16.02.2.01": Decimal(5),
    }
    assert found.programs == {"2.16.01": Decimal(0), "2.16.03": Decimal(175), "2.16.02": Decimal(5)}
    assert found.agency == Decimal(180)
    assert found.periods[:3] == [Decimal(110), Decimal(65), Decimal(0)]
    assert sum(found.programs.values()) == found.agency == sum(found.sub_activities.values())


@pytest.mark.parametrize(
    ("total", "ceiling", "warning"),
    [
        (Decimal(100), Decimal(100), None),
        (Decimal(99), Decimal(100), None),
        (Decimal(100), None, None),
        (
            Decimal("100.01"),
            Decimal(100),
            "Total kebutuhan anggaran Rp 100 melebihi pagu indikatif Rp 100 (selisih Rp 0).",
        ),
        (
            Decimal(2_500_000_000),
            Decimal(2_400_000_000),
            "Total kebutuhan anggaran Rp 2.500.000.000 melebihi pagu indikatif Rp 2.400.000.000 "
            "(selisih Rp 100.000.000).",
        ),
    ],
)
def test_the_ceiling_warns_only_when_exceeded(total, ceiling, warning):
    assert rules.ceiling_warning(total, ceiling) == warning


def test_ceiling_use():
    assert rules.ceiling_use_percent(Decimal(50), Decimal(200)) == Decimal("25.0")
    assert rules.ceiling_use_percent(Decimal(50), None) is None
    assert rules.ceiling_use_percent(Decimal(50), Decimal(0)) is None


ALLOWED = [
    ("draft", "edit", "draft"),
    ("returned", "edit", "returned"),
    ("draft", "submit", "submitted"),
    ("returned", "submit", "submitted"),
    ("submitted", "return", "returned"),
    ("submitted", "accept", "accepted"),
]


@pytest.mark.parametrize(("status", "action", "after"), ALLOWED)
def test_allowed_transitions(status, action, after):
    assert rules.plan_next(status, rules.PlanAction(action)) == after


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "accepted"])
@pytest.mark.parametrize("action", ["edit", "submit", "return", "accept"])
def test_every_other_transition_is_impossible(status, action):
    if (status, action) in {(s, a) for s, a, _ in ALLOWED}:
        return
    with pytest.raises(rules.TransitionRefused):
        rules.plan_next(status, rules.PlanAction(action))


def test_an_accepted_plan_is_locked_for_good():
    for action in rules.PlanAction:
        with pytest.raises(rules.TransitionRefused):
            rules.plan_next("accepted", action)


def _check(**changes):
    base = {
        "code": "2.16.03.2.02.0005",
        "name": "Pengembangan Aplikasi",
        "location": "Kabupaten",
        "target_group": "OPD",
        "indicator_targets": (Decimal(3),),
        "total": Decimal(100),
        "required_evidence": 1,
    }
    return rules.SubActivityCheck(**{**base, **changes})


def test_a_complete_sub_activity_has_no_problem():
    assert rules.sub_activity_problems(_check()) == []
    assert rules.submission_problems([_check()]) == []


def test_each_missing_part_is_named():
    check = _check(
        location=" ",
        target_group="",
        indicator_targets=(Decimal(0),),
        total=Decimal(0),
        missing_evidence=("KAK/TOR",),
        mandate_problem="di luar kewenangan",
    )
    assert rules.sub_activity_problems(check) == [
        "di luar kewenangan",
        "belum ada indikator keluaran dengan target",
        "kebutuhan anggaran belum diisi",
        "lokasi belum diisi",
        "kelompok sasaran belum diisi",
        "data dukung “KAK/TOR” belum ada",
    ]
    (problem,) = rules.submission_problems([check, _check(code="2.16.01.2.01.0001")])
    assert problem.code == "2.16.03.2.02.0005"
    assert problem.message.startswith("Sub kegiatan 2.16.03.2.02.0005 Pengembangan Aplikasi: di luar kewenangan;")


def test_an_empty_plan_cannot_be_submitted():
    assert rules.submission_problems([]) == [rules.Problem("", "Renja belum berisi sub kegiatan.")]


def test_completeness():
    assert rules.completeness_percent([]) == 0
    assert rules.completeness_percent([_check()]) == 100
    # 6 checks: the evidence is missing → 5/6
    assert rules.completeness_percent([_check(missing_evidence=("KAK/TOR",))]) == 83
    # and a required plan-level item missing too → 5/7
    assert rules.completeness_percent([_check(missing_evidence=("KAK/TOR",))], items=1, missing_items=1) == 71
    half = _check(location="", target_group="", total=Decimal(0), required_evidence=0)
    assert rules.completeness_percent([half, _check(required_evidence=0)]) == 70


def _snapshot(**sub):
    base = {
        "code": "2.16.03.2.02.0005",
        "name": "Pengembangan Aplikasi",
        "location": "Kabupaten",
        "target_group": "OPD",
        "notes": "",
        "total": "100.00",
        "indicators": [{"uid": "i1", "name": "Jumlah aplikasi", "unit": "Aplikasi", "target": "3"}],
        "lines": [
            {
                "uid": "l1",
                "account_code": "5.1.02.01.01.0024",
                "description": "ATK",
                "amount": "100.00",
                "periods": ["100.00"],
            }
        ],
        "evidence": {"KAK/TOR": "kak.pdf"},
    }
    return {"sub_activities": [{**base, **sub}]}


def test_no_change_between_identical_versions():
    assert rules.plan_diff(_snapshot(), _snapshot()) == []


def test_changed_fields_of_a_sub_activity_its_indicators_and_lines():
    after = _snapshot(
        location="Kecamatan Kota",
        indicators=[{"uid": "i1", "name": "Jumlah aplikasi", "unit": "Aplikasi", "target": "5"}],
        lines=[
            {
                "uid": "l1",
                "account_code": "5.1.02.01.01.0024",
                "description": "ATK",
                "amount": "150.00",
                "periods": ["150.00"],
            },
            {
                "uid": "l2",
                "account_code": "5.1.02.04.01.0001",
                "description": "Perjalanan",
                "amount": "70.00",
                "periods": ["70.00"],
            },
        ],
        evidence={"KAK/TOR": "kak-revisi.pdf"},
    )
    changes = [(c.kind, c.part, c.label, c.field, c.before, c.after) for c in rules.plan_diff(_snapshot(), after)]
    assert changes == [
        ("changed", "sub_activity", "Pengembangan Aplikasi", "Lokasi", "Kabupaten", "Kecamatan Kota"),
        ("changed", "indicator", "Jumlah aplikasi", "Target", "3", "5"),
        ("changed", "line", "ATK", "Jumlah", "100.00", "150.00"),
        ("changed", "line", "ATK", "Rincian", "100.00", "150.00"),
        ("added", "line", "Perjalanan", "", "", "70.00"),
        ("changed", "evidence", "KAK/TOR", "Data dukung", "kak.pdf", "kak-revisi.pdf"),
    ]


def test_added_and_removed_sub_activities_and_lines():
    before = _snapshot()
    after = {"sub_activities": [{**before["sub_activities"][0], "code": "2.16.01.2.01.0001", "name": "Penyusunan"}]}
    found = [(c.kind, c.part, c.sub_activity_code) for c in rules.plan_diff(before, after)]
    assert found == [("added", "sub_activity", "2.16.01.2.01.0001"), ("removed", "sub_activity", "2.16.03.2.02.0005")]
    no_lines = _snapshot(lines=[])
    assert [(c.kind, c.part, c.label) for c in rules.plan_diff(before, no_lines)] == [("removed", "line", "ATK")]
    assert rules.plan_diff(before, no_lines)[0].part_label == "Rincian anggaran"
