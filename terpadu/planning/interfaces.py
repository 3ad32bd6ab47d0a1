"""The only functions other modules (budgeting, monitoring, the dashboard) call for E-Planning.

An accepted work plan is locked and is the input of budgeting: these return its content as frozen
dataclasses, never model rows. Access is the caller's business: they read one government's data by id,
for modules that have already checked who asks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from . import rules
from .models import BudgetLine, PlanIndicator, WorkPlan


@dataclass(frozen=True)
class AcceptedLine:
    uid: str
    account_code: str
    description: str
    amount: Decimal
    #: 12 months, or 4 quarters followed by zeros for a quarterly round
    periods: tuple[Decimal, ...]


@dataclass(frozen=True)
class AcceptedIndicator:
    name: str
    unit: str
    target: Decimal


@dataclass(frozen=True)
class AcceptedSubActivity:
    code: str
    name: str
    program_code: str
    activity_code: str
    location: str
    target_group: str
    total: Decimal
    indicators: tuple[AcceptedIndicator, ...]
    lines: tuple[AcceptedLine, ...]


@dataclass(frozen=True)
class AcceptedPlan:
    plan_id: int
    government_id: int
    fiscal_year: int
    agency_id: int
    agency_code: str
    period_kind: str
    revision: int
    accepted_at: datetime
    total: Decimal
    sub_activities: tuple[AcceptedSubActivity, ...]


def _sub_activities(plan: WorkPlan) -> tuple[AcceptedSubActivity, ...]:
    lines: dict[int, list[AcceptedLine]] = defaultdict(list)
    for line in BudgetLine.objects.filter(sub_activity__plan=plan).order_by("order", "pk"):
        lines[line.sub_activity_id].append(
            AcceptedLine(str(line.uid), line.account_code, line.description, line.amount, line.periods)
        )
    indicators: dict[int, list[AcceptedIndicator]] = defaultdict(list)
    for indicator in PlanIndicator.objects.filter(sub_activity__plan=plan).order_by("order", "pk"):
        indicators[indicator.sub_activity_id].append(
            AcceptedIndicator(indicator.name, indicator.unit, indicator.target)
        )
    found = []
    for sub in plan.sub_activities.select_related("entry").order_by("entry__code"):
        code = rules.parse_code(sub.entry.code)
        assert code.parent is not None
        found.append(
            AcceptedSubActivity(
                code=code.code,
                name=sub.entry.name,
                program_code=".".join(code.code.split(".")[:3]),
                activity_code=code.parent,
                location=sub.location,
                target_group=sub.target_group,
                total=sum((line.amount for line in lines[sub.pk]), Decimal(0)),
                indicators=tuple(indicators[sub.pk]),
                lines=tuple(lines[sub.pk]),
            )
        )
    return tuple(found)


def accepted_plans(*, government_id: int, fiscal_year: int, agency_id: int | None = None) -> list[AcceptedPlan]:
    """The accepted (locked) work plans of a fiscal year, newest round first, one agency's if asked."""
    plans = WorkPlan.objects.filter(
        round__government_id=government_id,
        round__nomenclature__fiscal_year=fiscal_year,
        status=rules.PlanStatus.ACCEPTED,
    ).select_related("agency", "round", "round__nomenclature")
    if agency_id is not None:
        plans = plans.filter(agency_id=agency_id)
    result = []
    for plan in plans.order_by("-round_id", "agency__code"):
        subs = _sub_activities(plan)
        assert plan.accepted_at is not None
        result.append(
            AcceptedPlan(
                plan_id=plan.pk,
                government_id=government_id,
                fiscal_year=fiscal_year,
                agency_id=plan.agency_id,
                agency_code=plan.agency.code,
                period_kind=plan.round.period_kind,
                revision=plan.revision,
                accepted_at=plan.accepted_at,
                total=sum((s.total for s in subs), Decimal(0)),
                sub_activities=subs,
            )
        )
    return result
