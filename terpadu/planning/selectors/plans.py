"""The plans the user may read and what hangs off one: its sub kegiatan and supporting data, budget lines,
versions and review comments."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from terpadu.core.errors import NotFound
from terpadu.core.roles import actor_of
from terpadu.deadlines import interfaces as deadlines

from .. import policies
from ..models import (
    AgencyCeiling,
    BudgetLine,
    EvidenceRequirement,
    PlanningRound,
    PlanSubActivity,
    PlanVersion,
    ReviewComment,
    SubActivityEvidence,
    WorkPlan,
)
from .tree import plan_snapshot


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


def evidence_table(plan: WorkPlan) -> tuple[list[EvidenceRequirement], dict[tuple[int, int], SubActivityEvidence]]:
    """The round's supporting-data requirements, and what the plan supplied: (sub kegiatan id,
    requirement id) → evidence (two queries for the whole plan)."""
    requirements = list(EvidenceRequirement.objects.filter(round_id=plan.round_id).order_by("order", "pk"))
    supplied = SubActivityEvidence.objects.filter(sub_activity__plan=plan).select_related("stored_file")
    return requirements, {(e.sub_activity_id, e.requirement_id): e for e in supplied}


def lines_of(plan: WorkPlan) -> QuerySet[BudgetLine]:
    """Every budget line of a plan already admitted by :func:`plan_get_for_user`, in the plan's order."""
    return (
        BudgetLine.objects.filter(sub_activity__plan=plan)
        .select_related("sub_activity__entry")
        .order_by("sub_activity__entry__code", "order", "pk")
    )


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
