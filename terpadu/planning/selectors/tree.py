"""A plan as a tree (programs → kegiatan → sub kegiatan) with its totals and checks, and as the plain JSON
a version stores.

The tree is built with a fixed number of queries, whatever the number of sub kegiatan and lines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from terpadu.deadlines import interfaces as deadlines

from .. import rules
from ..models import (
    AgencyCeiling,
    BudgetLine,
    NomenclatureEntry,
    PlanIndicator,
    PlanSubActivity,
    SubActivityEvidence,
    WorkPlan,
)
from .checks import sub_activity_checks


@dataclass
class SubActivityRow:
    sub: PlanSubActivity
    total: Decimal
    indicators: list[PlanIndicator] = field(default_factory=list)
    lines: list[BudgetLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    comment_count: int = 0


@dataclass
class ActivityNode:
    entry: NomenclatureEntry
    total: Decimal = Decimal(0)
    sub_activities: list[SubActivityRow] = field(default_factory=list)


@dataclass
class ProgramNode:
    entry: NomenclatureEntry
    total: Decimal = Decimal(0)
    activities: list[ActivityNode] = field(default_factory=list)


@dataclass
class PlanTree:
    programs: list[ProgramNode]
    totals: rules.Totals
    ceiling: Decimal | None
    ceiling_warning: str | None
    checks: list[rules.SubActivityCheck]
    problems: list[rules.Problem]
    completeness: int


def _sub_rows(plan: WorkPlan, *, with_lines: bool) -> list[SubActivityRow]:
    subs = list(
        plan.sub_activities.select_related("entry", "entry__parent", "entry__parent__parent").order_by("entry__code")
    )
    rows = {sub.pk: SubActivityRow(sub=sub, total=sub.total) for sub in subs}
    for indicator in PlanIndicator.objects.filter(sub_activity__plan=plan).order_by("order", "pk"):
        rows[indicator.sub_activity_id].indicators.append(indicator)
    if with_lines:
        for line in BudgetLine.objects.filter(sub_activity__plan=plan).order_by("order", "pk"):
            rows[line.sub_activity_id].lines.append(line)
    return list(rows.values())


def _checks(plan: WorkPlan, rows: list[SubActivityRow]) -> list[rules.SubActivityCheck]:
    """The checks of ``rows``, in their order."""
    by_code = {check.code: check for check in sub_activity_checks(plan.round, [plan.pk])[plan.pk]}
    return [by_code[row.sub.entry.code] for row in rows]


def unscoped_plan_checks(plan: WorkPlan) -> list[rules.SubActivityCheck]:
    """What the submission check looks at, for every sub kegiatan of the plan (in code order)."""
    return sub_activity_checks(plan.round, [plan.pk])[plan.pk]


def _ceiling(plan: WorkPlan) -> Decimal | None:
    return (
        AgencyCeiling.objects.filter(round_id=plan.round_id, agency_id=plan.agency_id)
        .values_list("amount", flat=True)
        .first()
    )


def _group(rows: list[SubActivityRow]) -> list[ProgramNode]:
    programs: dict[int, ProgramNode] = {}
    activities: dict[int, ActivityNode] = {}
    for row in rows:
        activity_entry = row.sub.entry.parent
        program_entry = activity_entry.parent if activity_entry else None
        assert activity_entry is not None and program_entry is not None, "a sub kegiatan has its parents"
        program = programs.setdefault(program_entry.pk, ProgramNode(program_entry))
        if activity_entry.pk not in activities:
            activities[activity_entry.pk] = ActivityNode(activity_entry)
            program.activities.append(activities[activity_entry.pk])
        activities[activity_entry.pk].sub_activities.append(row)
        activities[activity_entry.pk].total += row.total
        program.total += row.total
    return list(programs.values())


def plan_tree(plan: WorkPlan, *, with_lines: bool = True) -> PlanTree:
    """Programs → kegiatan → sub kegiatan with their totals, checks and the ceiling (about 9 queries)."""
    rows = _sub_rows(plan, with_lines=with_lines)
    checks = _checks(plan, rows)
    comments = dict(
        plan.comments.filter(resolved_at__isnull=True)
        .values("sub_activity_code")
        .annotate(n=Count("pk"))
        .values_list("sub_activity_code", "n")
    )
    for row, check in zip(rows, checks, strict=True):
        row.problems = rules.sub_activity_problems(check)
        row.comment_count = comments.get(row.sub.entry.code, 0)
    totals = rules.totals(
        [rules.LineAmount(row.sub.entry.code, row.total) for row in rows], [row.sub.entry.code for row in rows]
    )
    ceiling = _ceiling(plan)
    return PlanTree(
        programs=_group(rows),
        totals=totals,
        ceiling=ceiling,
        ceiling_warning=rules.ceiling_warning(totals.agency, ceiling),
        checks=checks,
        problems=rules.submission_problems(checks),
        completeness=rules.completeness_percent(checks),
    )


def plan_snapshot(plan: WorkPlan) -> dict[str, Any]:
    """The whole plan as plain JSON (what a version stores and what the diff compares)."""
    rows = _sub_rows(plan, with_lines=True)
    evidence: dict[int, dict[str, str]] = defaultdict(dict)
    for e in SubActivityEvidence.objects.filter(sub_activity__plan=plan).select_related("requirement", "stored_file"):
        value = e.stored_file.original_name if e.stored_file else e.text
        if value:
            evidence[e.sub_activity_id][e.requirement.label] = value
    items = deadlines.request_info(request_id=plan.round.obligation_id).items
    values = deadlines.response_values(request_id=plan.round.obligation_id, agency_id=plan.agency_id)
    return {
        "agency": plan.agency.code,
        "total": str(sum((row.total for row in rows), Decimal(0))),
        "items": {i.label: (values[i.id].file_name or values[i.id].text) for i in items if i.id in values},
        "sub_activities": [
            {
                "code": row.sub.entry.code,
                "name": row.sub.entry.name,
                "location": row.sub.location,
                "target_group": row.sub.target_group,
                "notes": row.sub.notes,
                "total": str(row.total),
                "indicators": [
                    {"uid": str(i.uid), "name": i.name, "unit": i.unit, "target": f"{i.target.normalize():f}"}
                    for i in row.indicators
                ],
                "lines": [
                    {
                        "uid": str(line.uid),
                        "account_code": line.account_code,
                        "description": line.description,
                        "amount": str(line.amount),
                        "periods": [str(p) for p in line.periods],
                    }
                    for line in row.lines
                ],
                "evidence": evidence.get(row.sub.pk, {}),
            }
            for row in rows
        ],
    }
