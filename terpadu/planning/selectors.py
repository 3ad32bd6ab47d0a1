"""Reads of E-Planning, always given the acting user (or named ``unscoped_…`` when the caller has checked).

The plan tree and the round's compliance table are built with a fixed number of queries, whatever the
number of agencies, sub kegiatan and lines (the bench holds 50 × 40 × 30).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from terpadu.core.errors import NotFound
from terpadu.core.roles import Actor, actor_of
from terpadu.deadlines import interfaces as deadlines
from terpadu.directory.models import Agency

from . import policies, rules
from .models import (
    AgencyCeiling,
    AgencyMandate,
    BudgetLine,
    EvidenceRequirement,
    Nomenclature,
    NomenclatureEntry,
    PlanIndicator,
    PlanningRound,
    PlanSubActivity,
    PlanVersion,
    ReviewComment,
    SubActivityEvidence,
    WorkPlan,
)

# --- rounds ---------------------------------------------------------------------------------------------


def rounds_for_user(*, user: Any) -> QuerySet[PlanningRound]:
    """The rounds the user may open: all of the government for the leaders and the planning agency;
    the published ones addressed to their agencies for an agency's staff."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return PlanningRound.objects.none()
    qs = PlanningRound.objects.filter(government_id=actor.government_id).select_related("nomenclature", "obligation")
    if policies.reads_every_plan(actor):
        return qs
    agencies = sorted(actor.agencies_with(*policies.RESPONDENT_ROLES))
    return qs.filter(obligation__addressees__agency_id__in=agencies).exclude(obligation__status="draft").distinct()


def round_get_for_user(*, user: Any, pk: Any) -> PlanningRound:
    try:
        return rounds_for_user(user=user).get(pk=pk)
    except (PlanningRound.DoesNotExist, ValueError, TypeError):
        raise NotFound("Putaran perencanaan tidak ditemukan.") from None


def visible_agency_ids(actor: Actor | None, planning_round: PlanningRound) -> frozenset[int] | None:
    """The agencies whose plans the actor may read in the round (``None``: all of them)."""
    if policies.reads_every_plan(actor):
        return None
    return actor.agencies_with(*policies.RESPONDENT_ROLES) if actor is not None else frozenset()


def plan_for_user(*, user: Any, planning_round: PlanningRound, agency_id: Any) -> WorkPlan | None:
    """The agency's plan in the round (``None`` while not started); 404 when not the user's to read or
    when the round does not address that agency."""
    actor = actor_of(user)
    try:
        agency_id = int(agency_id)
    except (TypeError, ValueError):
        raise NotFound("Renja tidak ditemukan.") from None
    info = deadlines.request_info(request_id=planning_round.obligation_id)
    if agency_id not in info.agency_ids or not policies.can_read_plan(
        actor, government_id=planning_round.government_id, agency_id=agency_id
    ):
        raise NotFound("Renja tidak ditemukan.")
    return (
        WorkPlan.objects.select_related("round", "agency", "round__nomenclature")
        .filter(round=planning_round, agency_id=agency_id)
        .first()
    )


def plan_get_for_user(*, user: Any, pk: Any) -> WorkPlan:
    try:
        plan = WorkPlan.objects.select_related("round", "agency", "round__nomenclature", "round__government").get(pk=pk)
    except (WorkPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound("Renja tidak ditemukan.") from None
    if not policies.can_read_plan(actor_of(user), government_id=plan.round.government_id, agency_id=plan.agency_id):
        raise NotFound("Renja tidak ditemukan.")
    return plan


def plans_for_user(*, user: Any, planning_round: PlanningRound | None = None, status: str = "") -> QuerySet[WorkPlan]:
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return WorkPlan.objects.none()
    qs = WorkPlan.objects.filter(round__government_id=actor.government_id).select_related(
        "agency", "round", "round__nomenclature"
    )
    if not policies.reads_every_plan(actor):
        qs = qs.filter(agency_id__in=sorted(actor.agencies_with(*policies.RESPONDENT_ROLES)))
    if planning_round is not None:
        qs = qs.filter(round=planning_round)
    return qs.filter(status=status) if status else qs


# --- the plan's tree and totals ------------------------------------------------------------------------


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


def _evidence_missing(plan: WorkPlan) -> tuple[dict[int, list[str]], int]:
    """Per sub kegiatan id: labels of the required supporting data not supplied; and how many are required."""
    required = list(EvidenceRequirement.objects.filter(round_id=plan.round_id, required=True).order_by("order"))
    filled = defaultdict(set)
    for evidence in SubActivityEvidence.objects.filter(sub_activity__plan=plan, requirement__in=required):
        if evidence.is_filled:
            filled[evidence.sub_activity_id].add(evidence.requirement_id)
    ids = plan.sub_activities.values_list("pk", flat=True)
    return {pk: [r.label for r in required if r.pk not in filled[pk]] for pk in ids}, len(required)


def _checks(plan: WorkPlan, rows: list[SubActivityRow]) -> list[rules.SubActivityCheck]:
    mandated = set(
        AgencyMandate.objects.filter(nomenclature_id=plan.round.nomenclature_id, agency_id=plan.agency_id).values_list(
            "field__code", flat=True
        )
    )
    missing, required = _evidence_missing(plan)
    return [
        rules.SubActivityCheck(
            code=row.sub.entry.code,
            name=row.sub.entry.name,
            location=row.sub.location,
            target_group=row.sub.target_group,
            indicator_targets=tuple(i.target for i in row.indicators),
            total=row.total,
            missing_evidence=tuple(missing.get(row.sub.pk, ())),
            required_evidence=required,
            mandate_problem=rules.mandate_problem(rules.parse_code(row.sub.entry.code), mandated, str(plan.agency)),
        )
        for row in rows
    ]


def unscoped_plan_checks(plan: WorkPlan) -> list[rules.SubActivityCheck]:
    """What the submission check looks at, for every sub kegiatan of the plan."""
    return _checks(plan, _sub_rows(plan, with_lines=False))


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


def sub_activity_for_plan(plan: WorkPlan, code: str) -> PlanSubActivity:
    found = plan.sub_activities.select_related("entry", "entry__parent", "entry__parent__parent").filter(
        entry__code=code
    )
    sub = found.first()
    if sub is None:
        raise NotFound("Sub kegiatan tidak ada dalam Renja ini.")
    return sub


def evidence_of(sub: PlanSubActivity) -> list[tuple[EvidenceRequirement, SubActivityEvidence | None]]:
    supplied = {e.requirement_id: e for e in sub.evidence.select_related("stored_file")}
    requirements = EvidenceRequirement.objects.filter(round_id=sub.plan.round_id).order_by("order", "pk")
    return [(requirement, supplied.get(requirement.pk)) for requirement in requirements]


# --- nomenclature offered to an agency -------------------------------------------------------------------


def nomenclature_for_year(*, government_id: int, fiscal_year: int) -> Nomenclature | None:
    return Nomenclature.objects.filter(government_id=government_id, fiscal_year=fiscal_year).first()


def mandated_sub_activities(plan: WorkPlan, q: str = "") -> QuerySet[NomenclatureEntry]:
    """The sub kegiatan the agency may still add: in its mandate, at the government's level, not yet planned."""
    digit = rules.GOVERNMENT_LEVEL_DIGIT[plan.round.government.level]
    bidang = AgencyMandate.objects.filter(
        nomenclature_id=plan.round.nomenclature_id, agency_id=plan.agency_id
    ).values_list("field__code", flat=True)
    condition = Q()
    for code in bidang:
        condition |= Q(code__startswith=f"{code}.")
    if not condition:
        return NomenclatureEntry.objects.none()
    qs = NomenclatureEntry.objects.filter(
        condition,
        nomenclature_id=plan.round.nomenclature_id,
        level=rules.Level.SUB_KEGIATAN,
        is_active=True,
        code__regex=rf"^\d\.\d{{2}}\.\d{{2}}\.{digit}\.",
    ).exclude(pk__in=plan.sub_activities.values("entry_id"))
    if q.strip():
        qs = qs.filter(Q(code__startswith=q.strip()) | Q(name__icontains=q.strip()))
    return qs.order_by("code")


# --- versions, comments ----------------------------------------------------------------------------------


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


def versions_of(plan: WorkPlan) -> list[PlanVersion]:
    return list(plan.versions.select_related("submitted_by__employee").order_by("-number"))


def version_content(plan: WorkPlan, number: Any) -> dict[str, Any]:
    """A stored version's content; ``"draft"`` (or 0) is the plan as it is now."""
    if str(number) in ("draft", "0"):
        return plan_snapshot(plan)
    try:
        return plan.versions.get(number=int(number)).content
    except (PlanVersion.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"Versi {number} tidak ada.") from None


def comments_of(plan: WorkPlan, *, code: str | None = None) -> list[ReviewComment]:
    qs = plan.comments.select_related("author__employee", "resolved_by__employee")
    if code is not None:
        qs = qs.filter(sub_activity_code=code)
    return list(qs.order_by("created_at", "pk"))


# --- the round's compliance -------------------------------------------------------------------------------


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


def _plan_sub_checks(planning_round: PlanningRound, plan_ids: list[int]) -> dict[int, list[rules.SubActivityCheck]]:
    """The checks of every sub kegiatan of the given plans, with 5 queries in all, none reading the lines
    (each sub kegiatan keeps its total). No ordering: the models' default orderings would join and sort
    through plan, round and agency for nothing."""
    required = list(EvidenceRequirement.objects.filter(round=planning_round, required=True).values_list("pk", "label"))
    targeted = set(
        PlanIndicator.objects.filter(sub_activity__plan_id__in=plan_ids, target__gt=0)
        .order_by()
        .values_list("sub_activity_id", flat=True)
        .distinct()
    )
    subs: list[dict[str, Any]] = [
        {**sub, "line_total": sub["total"], "has_target": sub["pk"] in targeted}
        for sub in PlanSubActivity.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values("pk", "plan_id", "plan__agency_id", "entry__code", "entry__name", "location", "target_group", "total")
    ]
    supplied = defaultdict(set)
    for sub_id, requirement_id, text, file_id in SubActivityEvidence.objects.filter(
        sub_activity__plan_id__in=plan_ids, requirement_id__in=[r[0] for r in required]
    ).values_list("sub_activity_id", "requirement_id", "text", "stored_file_id"):
        if text.strip() or file_id:
            supplied[sub_id].add(requirement_id)
    mandates: dict[int, set[str]] = defaultdict(set)
    for agency_id, field_code in AgencyMandate.objects.filter(
        nomenclature_id=planning_round.nomenclature_id
    ).values_list("agency_id", "field__code"):
        mandates[agency_id].add(field_code)
    checks: dict[int, list[rules.SubActivityCheck]] = defaultdict(list)
    for sub in subs:
        code = rules.parse_code(sub["entry__code"])
        checks[sub["plan_id"]].append(
            rules.SubActivityCheck(
                code=code.code,
                name=sub["entry__name"],
                location=sub["location"],
                target_group=sub["target_group"],
                indicator_targets=(Decimal(1),) if sub["has_target"] else (),
                total=sub["line_total"] or Decimal(0),
                missing_evidence=tuple(label for pk, label in required if pk not in supplied[sub["pk"]]),
                required_evidence=len(required),
                mandate_problem=rules.mandate_problem(code, mandates[sub["plan__agency_id"]], ""),
            )
        )
    return checks


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
    checks = _plan_sub_checks(planning_round, [p.pk for p in plans.values()])
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


# --- lists and look-ups of the REST API ------------------------------------------------------------------


def nomenclature_entries_for_user(
    *, user: Any, fiscal_year: int | None = None, level: str = "", q: str = "", parent: str = ""
) -> QuerySet[NomenclatureEntry]:
    """Entries of the government's nomenclature of ``fiscal_year`` (the newest year when not given)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return NomenclatureEntry.objects.none()
    years = Nomenclature.objects.filter(government_id=actor.government_id).order_by("-fiscal_year")
    nomenclature = (years.filter(fiscal_year=fiscal_year) if fiscal_year is not None else years).first()
    qs = NomenclatureEntry.objects.filter(nomenclature=nomenclature).select_related("parent", "nomenclature")
    if level:
        qs = qs.filter(level=level)
    if parent.strip():
        qs = qs.filter(parent__code=parent.strip())
    if q.strip():
        qs = qs.filter(Q(code__startswith=q.strip()) | Q(name__icontains=q.strip()))
    return qs.order_by("code")


def round_list_for_user(*, user: Any, fiscal_year: int | None = None) -> QuerySet[PlanningRound]:
    """:func:`rounds_for_user` with ``agency_count``: how many agencies each round addresses."""
    addressed = PlanningRound.objects.filter(pk=OuterRef("pk")).annotate(n=Count("obligation__addressees")).values("n")
    qs = rounds_for_user(user=user).annotate(agency_count=Subquery(addressed))
    return qs.filter(nomenclature__fiscal_year=fiscal_year) if fiscal_year is not None else qs


def ceilings_for_user(*, user: Any, planning_round: PlanningRound) -> list[AgencyCeiling]:
    """The round's ceilings the user may see: all of them, or those of the user's own agencies."""
    visible = visible_agency_ids(actor_of(user), planning_round)
    qs = planning_round.ceilings.select_related("agency").order_by("agency__code")
    return list(qs if visible is None else qs.filter(agency_id__in=sorted(visible)))


def addressed_agency(*, planning_round: PlanningRound, code: str) -> Agency:
    """The agency with ``code`` among those the round addresses (404 otherwise; access is checked later)."""
    found = Agency.objects.filter(obligations_received__obligation_id=planning_round.obligation_id, code=code).first()
    if found is None:
        raise NotFound("Renja tidak ditemukan.")
    return found


def round_agencies(planning_round: PlanningRound) -> list[Agency]:
    """The agencies the round addresses, by code."""
    return list(
        Agency.objects.filter(obligations_received__obligation_id=planning_round.obligation_id).order_by("code")
    )


def evidence_table(plan: WorkPlan) -> tuple[list[EvidenceRequirement], dict[tuple[int, int], SubActivityEvidence]]:
    """The round's supporting-data requirements, and what the plan supplied: (sub kegiatan id,
    requirement id) → evidence (two queries for the whole plan)."""
    requirements = list(EvidenceRequirement.objects.filter(round_id=plan.round_id).order_by("order", "pk"))
    supplied = SubActivityEvidence.objects.filter(sub_activity__plan=plan).select_related("stored_file")
    return requirements, {(e.sub_activity_id, e.requirement_id): e for e in supplied}


def agency_ids_by_code(*, user: Any, codes: Iterable[str]) -> dict[str, int]:
    """Active agencies of the user's government, by code (unknown codes are simply absent)."""
    actor = actor_of(user)
    if actor is None or actor.government_id is None:
        return {}
    agencies = Agency.objects.filter(government_id=actor.government_id, is_active=True, code__in=sorted(set(codes)))
    return dict(agencies.values_list("code", "pk"))


def plan_list_for_user(
    *, user: Any, planning_round: PlanningRound | None = None, fiscal_year: int | None = None, status: str = ""
) -> QuerySet[WorkPlan]:
    """:func:`plans_for_user` with each plan's ``total``, ``ceiling`` and ``sub_activity_count``."""
    qs = plans_for_user(user=user, planning_round=planning_round, status=status)
    if fiscal_year is not None:
        qs = qs.filter(round__nomenclature__fiscal_year=fiscal_year)
    ceiling = AgencyCeiling.objects.filter(round_id=OuterRef("round_id"), agency_id=OuterRef("agency_id"))
    subs = PlanSubActivity.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    return qs.annotate(
        total=Subquery(subs.annotate(total=Sum("total")).values("total")),
        ceiling=Subquery(ceiling.values("amount")),
        sub_activity_count=Subquery(subs.annotate(n=Count("pk")).values("n")),
    ).order_by("-round__nomenclature__fiscal_year", "-round_id", "agency__code")


def lines_of(plan: WorkPlan) -> QuerySet[BudgetLine]:
    """Every budget line of a plan already admitted by :func:`plan_get_for_user`, in the plan's order."""
    return (
        BudgetLine.objects.filter(sub_activity__plan=plan)
        .select_related("sub_activity__entry")
        .order_by("sub_activity__entry__code", "order", "pk")
    )


def comment_get_for_user(*, user: Any, pk: Any) -> ReviewComment:
    """A comment on a plan the user may read; the same 404 for a missing one and one not theirs."""
    try:
        comment = ReviewComment.objects.select_related(
            "plan__round", "plan__agency", "author__employee", "resolved_by__employee"
        ).get(pk=pk)
        plan_get_for_user(user=user, pk=comment.plan_id)
    except (ReviewComment.DoesNotExist, ValueError, TypeError, NotFound):
        raise NotFound("Komentar tidak ditemukan.") from None
    return comment


# --- the round's consolidation (exports) ----------------------------------------------------------------


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
