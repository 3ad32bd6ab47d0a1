"""The round's consolidation, what the exports read: every addressed agency's plan total against its
ceiling, and every planned sub kegiatan with its totals per period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency

from .. import policies, rules
from ..models import AgencyCeiling, BudgetLine, PlanningRound, PlanSubActivity, WorkPlan
from .rounds import round_get_for_user


@dataclass(frozen=True)
class SubActivityTotal:
    """One sub kegiatan of one agency's plan, added up from its lines (periods as the round asks)."""

    agency_id: int
    program_code: str
    program_name: str
    activity_code: str
    activity_name: str
    code: str
    name: str
    lines: int
    periods: tuple[Decimal, ...]
    total: Decimal


@dataclass(frozen=True)
class AgencyPlanTotal:
    """An addressed agency's plan in the round (``plan_id`` None and status "" while not started)."""

    agency_id: int
    agency_code: str
    agency_name: str
    plan_id: int | None
    plan_status: str
    revision: int
    submitted_at: datetime | None
    sub_activities: int
    total: Decimal
    ceiling: Decimal | None


@dataclass(frozen=True)
class RoundConsolidation:
    round: PlanningRound
    agencies: list[AgencyPlanTotal]
    sub_activities: list[SubActivityTotal]

    @property
    def total(self) -> Decimal:
        return sum((agency.total for agency in self.agencies), Decimal(0))

    @property
    def ceiling_total(self) -> Decimal:
        return sum((agency.ceiling or Decimal(0) for agency in self.agencies), Decimal(0))


PERIOD_SUMS = {f"p{n}": Sum(f"period_{n}") for n in range(1, rules.MAX_PERIODS + 1)}


def _sub_activity_sums(planning_round: PlanningRound) -> dict[int, dict[str, Any]]:
    """Per sub kegiatan id: its number of lines, total and period totals (one aggregate over the lines)."""
    lines = BudgetLine.objects.filter(sub_activity__plan__round=planning_round).values("sub_activity_id")
    found = lines.annotate(n=Count("pk"), total=Sum("amount"), **PERIOD_SUMS).order_by()
    return {row["sub_activity_id"]: row for row in found}


def unscoped_round_consolidation(planning_round: PlanningRound) -> RoundConsolidation:
    """Every addressed agency with its plan's status, total and ceiling, and every planned sub kegiatan
    with its totals, in agency and code order (5 queries whatever the size of the round)."""
    count = rules.PeriodKind(planning_round.period_kind).period_count
    sums = _sub_activity_sums(planning_round)
    agencies = list(
        Agency.objects.filter(obligations_received__obligation_id=planning_round.obligation_id)
        .order_by("code")
        .values_list("pk", "code", "name")
    )
    order = {pk: index for index, (pk, _code, _name) in enumerate(agencies)}
    subs = []
    for pk, agency_id, program, program_name, activity, activity_name, code, name in PlanSubActivity.objects.filter(
        plan__round=planning_round
    ).values_list(
        "pk",
        "plan__agency_id",
        "entry__parent__parent__code",
        "entry__parent__parent__name",
        "entry__parent__code",
        "entry__parent__name",
        "entry__code",
        "entry__name",
    ):
        row = sums.get(pk, {})
        periods = tuple(row.get(f"p{n}") or Decimal(0) for n in range(1, count + 1))
        names = (program, program_name, activity, activity_name, code, name)
        subs.append(SubActivityTotal(agency_id, *names, row.get("n", 0), periods, row.get("total") or Decimal(0)))
    subs.sort(key=lambda sub: (order.get(sub.agency_id, len(order)), sub.code))
    plans = {p.agency_id: p for p in WorkPlan.objects.filter(round=planning_round)}
    ceilings = dict(AgencyCeiling.objects.filter(round=planning_round).values_list("agency_id", "amount"))
    per_agency: dict[int, list[SubActivityTotal]] = defaultdict(list)
    for sub in subs:
        per_agency[sub.agency_id].append(sub)
    rows = []
    for agency_id, code, name in agencies:
        plan = plans.get(agency_id)
        mine = per_agency.get(agency_id, [])
        rows.append(
            AgencyPlanTotal(
                agency_id=agency_id,
                agency_code=code,
                agency_name=name,
                plan_id=plan.pk if plan else None,
                plan_status=plan.status if plan else "",
                revision=plan.revision if plan else 0,
                submitted_at=plan.submitted_at if plan else None,
                sub_activities=len(mine),
                total=sum((sub.total for sub in mine), Decimal(0)),
                ceiling=ceilings.get(agency_id),
            )
        )
    return RoundConsolidation(planning_round, rows, subs)


def round_consolidation_for_user(*, user: Any, pk: Any) -> RoundConsolidation:
    """The consolidation of a round: 404 when the user may not open the round, 403 when they may but
    do not read every plan in it (an addressed agency's staff)."""
    planning_round = round_get_for_user(user=user, pk=pk)
    policies.ensure(
        policies.reads_every_plan(actor_of(user)),
        "Konsolidasi Renja hanya dapat diunduh oleh pimpinan, Inspektorat dan Bappeda.",
    )
    return unscoped_round_consolidation(planning_round)
