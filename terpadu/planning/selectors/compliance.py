"""The round's compliance table: one row per addressed agency, built with a fixed number of queries
whatever the number of agencies, sub kegiatan and lines (the bench holds 50 × 40 × 30)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from terpadu.core.roles import actor_of
from terpadu.deadlines import interfaces as deadlines
from terpadu.directory.models import Agency

from .. import rules
from ..models import (
    AgencyCeiling,
    PlanningRound,
    WorkPlan,
)
from .checks import sub_activity_checks
from .rounds import visible_agency_ids


@dataclass(frozen=True)
class ComplianceRow:
    agency_id: int
    agency_code: str
    agency_name: str
    #: the deadlines engine's status (not_started, in_progress, submitted, submitted_late, returned,
    #: accepted, overdue)
    status: str
    submitted_at: datetime | None
    late_by_minutes: int
    plan_id: int | None
    plan_status: str
    revision: int
    sub_activities: int
    total: Decimal
    ceiling: Decimal | None
    completeness: int
    missing_items: tuple[str, ...]

    @property
    def over_ceiling(self) -> bool:
        return self.ceiling is not None and self.total > self.ceiling


def unscoped_compliance(
    planning_round: PlanningRound, *, now: datetime, agency_ids: Iterable[int] | None = None
) -> list[ComplianceRow]:
    """One row per addressed agency: the engine's status and lateness, the plan's status, total against
    the ceiling, and how complete it is (about 10 queries for any number of agencies)."""
    request = deadlines.request_compliance_of(request_id=planning_round.obligation_id, now=now)
    info = deadlines.request_info(request_id=planning_round.obligation_id)
    wanted = None if agency_ids is None else set(agency_ids)
    found = WorkPlan.objects.filter(round=planning_round)
    plans = {p.agency_id: p for p in (found if wanted is None else found.filter(agency_id__in=sorted(wanted)))}
    checks = sub_activity_checks(planning_round, [p.pk for p in plans.values()])
    ceilings = dict(AgencyCeiling.objects.filter(round=planning_round).values_list("agency_id", "amount"))
    names = dict(Agency.objects.filter(pk__in=info.agency_ids).values_list("pk", "name"))
    required_items = sum(1 for item in info.items if item.required)
    rows = []
    for agency in request.agencies:
        if wanted is not None and agency.agency_id not in wanted:
            continue
        plan = plans.get(agency.agency_id)
        plan_checks = checks.get(plan.pk, []) if plan else []
        rows.append(
            ComplianceRow(
                agency_id=agency.agency_id,
                agency_code=agency.agency_code,
                agency_name=names.get(agency.agency_id, ""),
                status=agency.status,
                submitted_at=agency.submitted_at,
                late_by_minutes=agency.late_by_minutes,
                plan_id=plan.pk if plan else None,
                plan_status=plan.status if plan else "",
                revision=plan.revision if plan else 0,
                sub_activities=len(plan_checks),
                total=sum((c.total for c in plan_checks), Decimal(0)),
                ceiling=ceilings.get(agency.agency_id),
                completeness=rules.completeness_percent(
                    plan_checks, items=required_items, missing_items=len(agency.missing_items)
                ),
                missing_items=agency.missing_items,
            )
        )
    return rows


def compliance_for_user(*, user: Any, planning_round: PlanningRound, now: datetime) -> list[ComplianceRow]:
    visible = visible_agency_ids(actor_of(user), planning_round)
    return unscoped_compliance(planning_round, now=now, agency_ids=visible)
