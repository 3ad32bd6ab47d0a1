"""What budgeting will read: the accepted, locked plans of a fiscal year, as frozen dataclasses."""

from decimal import Decimal

import pytest

from terpadu.planning import services
from terpadu.planning.interfaces import AcceptedIndicator, accepted_plans

from .factories import DURING, KOMINFO_SUB, YEAR, filled_plan, planning_world

pytestmark = pytest.mark.django_db


def test_only_accepted_plans_are_handed_to_budgeting():
    pw = planning_world()
    plan = filled_plan(pw)
    filled_plan(pw, pw.w.dinkes)  # a draft: not handed over
    assert accepted_plans(government_id=pw.w.government.pk, fiscal_year=YEAR) == []
    plan = services.plan_submit(user=pw.w.operator_kominfo, plan=plan, now=DURING)
    services.plan_accept(user=pw.w.sekda, plan=plan, now=DURING)

    (found,) = accepted_plans(government_id=pw.w.government.pk, fiscal_year=YEAR)
    assert (found.agency_code, found.revision, found.total, found.period_kind) == (
        "3.01",
        1,
        Decimal(120_000_000),
        "month",
    )
    (sub,) = found.sub_activities
    assert (sub.code, sub.program_code, sub.activity_code) == (KOMINFO_SUB, "2.16.03", "2.16.03.2.02")
    assert sub.indicators == (AcceptedIndicator("Jumlah aplikasi yang dikembangkan", "Aplikasi", Decimal(3)),)
    (line,) = sub.lines
    assert (line.account_code, line.amount, sum(line.periods)) == (
        "5.1.02.02.01.0003",
        Decimal(120_000_000),
        Decimal(120_000_000),
    )
    assert accepted_plans(government_id=pw.w.government.pk, fiscal_year=YEAR, agency_id=pw.w.dinkes.pk) == []
    assert accepted_plans(government_id=pw.w.government.pk, fiscal_year=YEAR + 1) == []
