"""The E-Planning generator and the planning_round scenario at a tiny size: deterministic, every code and
amount valid by the rules, plans through the real workflow, and the quick run leaves the data as generated."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Sum

from bench.generate import generate_province
from bench.measure import Options
from bench.planning import QUICK, Sizes, _plan_content, field_code, generate_round, nomenclature_rows, outcomes_for
from bench.scenarios import planning_round
from terpadu.planning import rules
from terpadu.planning.models import AgencyCeiling, BudgetLine, PlanVersion, WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    return generate_province(seed=7, agencies=6, employees=120)


def test_the_nomenclature_gives_each_agency_a_bidang_of_45_sub_kegiatan_at_province_level():
    rows = nomenclature_rows(50)

    codes = [code for code, *_ in rows]
    levels = Counter(rules.parse_code(code).level for code in codes)
    assert levels == {"urusan": 5, "bidang": 50, "program": 150, "kegiatan": 450, "sub_kegiatan": 2250}
    assert len(set(codes)) == len(codes)
    subs = [code for code in codes if rules.parse_code(code).level == rules.Level.SUB_KEGIATAN]
    assert all(rules.level_digit_problem(rules.parse_code(code), "provinsi") is None for code in subs)
    assert (field_code(0), field_code(9), field_code(10), field_code(49)) == ("1.01", "1.10", "2.01", "5.10")
    assert ("1.01.01", "Program Penunjang Urusan Pemerintahan Daerah Provinsi", "", "") in rows


def test_plan_content_is_deterministic_and_valid():
    first = _plan_content(random.Random(3), "1.02", Sizes())
    again = _plan_content(random.Random(3), "1.02", Sizes())

    assert (first.sub_codes, first.lines, first.indicators) == (again.sub_codes, again.lines, again.indicators)
    assert len(first.sub_codes) == 40 and len(first.lines) == 1200 and len(first.indicators) == 80
    for line in first.lines:
        periods = tuple(line[f"period_{n}"] for n in range(1, 13))
        assert rules.line_problems(rules.LineDraft(line["account_code"], line["description"], periods), "month") == {}
        assert line["amount"] == sum(periods)
    assert first.total == sum(line["amount"] for line in first.lines)


def test_outcomes_keep_the_mix_for_50_and_a_draft_at_any_size():
    assert Counter(outcomes_for(list(range(50)), 1).values()) == {
        "accepted": 18,
        "submitted": 12,
        "draft": 10,
        "late": 5,
        "returned": 5,
    }
    for size in (1, 2, 6):
        assert "draft" in outcomes_for(list(range(size)), 1).values()
    assert outcomes_for(list(range(6)), 9) == outcomes_for(list(range(6)), 9)


def test_the_round_is_written_and_its_plans_went_through_the_workflow(gov):
    generated = generate_round(gov, sizes=QUICK, seed=7)

    assert generated.counts == {
        "entries": 1 + 6 + 18 + 54 + 270,
        "plans": 6,
        "sub_activities": 24,
        "indicators": 24,
        "budget_lines": 72,
    }
    statuses = Counter(WorkPlan.objects.filter(round_id=generated.round_id).values_list("status", flat=True))
    expected = Counter(
        {"accepted": "accepted", "submitted": "submitted", "late": "submitted", "returned": "returned"}.get(o, o)
        for o in generated.outcomes.values()
    )
    assert statuses == expected
    assert PlanVersion.objects.count() == sum(1 for o in generated.outcomes.values() if o != "draft")
    for agency_id, plan_id in generated.plan_ids.items():
        total = BudgetLine.objects.filter(sub_activity__plan_id=plan_id).aggregate(t=Sum("amount"))["t"]
        ceiling = AgencyCeiling.objects.get(round_id=generated.round_id, agency_id=agency_id).amount
        assert total * Decimal("0.91") <= ceiling <= total * Decimal("1.13")


def test_quick_run_reports_every_case_and_rolls_the_saves_back(gov):
    figures = planning_round.run(gov, Options.quick())

    cases = [figure.case.split(",")[0] for figure in figures]
    assert cases[:3] == ["plan_save", "sub_activity_save", "compliance selector"]
    assert cases[-4:] == ["konsolidasi.xlsx", "konsolidasi.pdf", "renja.xlsx", "renja.pdf"]
    assert all(figure.ratio and figure.ratio > 0 for figure in figures)
    draft = WorkPlan.objects.get(status="draft")
    assert draft.version == 1
    assert BudgetLine.objects.filter(sub_activity__plan=draft).count() == QUICK.sub_activities * QUICK.lines
