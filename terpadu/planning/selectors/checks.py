"""What the submission check and the completeness figure look at, for every sub kegiatan of some plans of a
round: the one place :class:`rules.SubActivityCheck` is built (the plan page, the submit refusal and the
round's compliance table all read it from here).

Five queries for any number of plans, none reading the lines (each sub kegiatan keeps its total) and none
ordered in SQL (the models' default orderings would join and sort through plan, round and agency).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .. import rules
from ..models import (
    AgencyMandate,
    EvidenceRequirement,
    PlanIndicator,
    PlanningRound,
    PlanSubActivity,
    SubActivityEvidence,
)


def sub_activity_checks(planning_round: PlanningRound, plan_ids: list[int]) -> dict[int, list[rules.SubActivityCheck]]:
    """Plan id → the checks of its sub kegiatan, in code order."""
    required = list(
        EvidenceRequirement.objects.filter(round=planning_round, required=True)
        .order_by("order", "pk")
        .values_list("pk", "label")
    )
    targets: dict[int, list[Decimal]] = defaultdict(list)
    for sub_id, target in (
        PlanIndicator.objects.filter(sub_activity__plan_id__in=plan_ids)
        .order_by()
        .values_list("sub_activity_id", "target")
    ):
        targets[sub_id].append(target)
    supplied: dict[int, set[int]] = defaultdict(set)
    for sub_id, requirement_id, text, file_id in (
        SubActivityEvidence.objects.filter(
            sub_activity__plan_id__in=plan_ids, requirement_id__in=[pk for pk, _ in required]
        )
        .order_by()
        .values_list("sub_activity_id", "requirement_id", "text", "stored_file_id")
    ):
        if text.strip() or file_id:
            supplied[sub_id].add(requirement_id)
    mandates: dict[int, set[str]] = defaultdict(set)
    for agency_id, field_code in (
        AgencyMandate.objects.filter(nomenclature_id=planning_round.nomenclature_id)
        .order_by()
        .values_list("agency_id", "field__code")
    ):
        mandates[agency_id].add(field_code)
    subs = PlanSubActivity.objects.filter(plan_id__in=plan_ids).order_by()
    checks: dict[int, list[rules.SubActivityCheck]] = defaultdict(list)
    for sub in sorted(
        subs.values(
            "pk",
            "plan_id",
            "plan__agency_id",
            "plan__agency__short_name",
            "plan__agency__name",
            "entry__code",
            "entry__name",
            "location",
            "target_group",
            "total",
        ),
        key=lambda row: row["entry__code"],
    ):
        code = rules.parse_code(sub["entry__code"])
        agency = sub["plan__agency__short_name"] or sub["plan__agency__name"]  # as str(Agency)
        checks[sub["plan_id"]].append(
            rules.SubActivityCheck(
                code=code.code,
                name=sub["entry__name"],
                location=sub["location"],
                target_group=sub["target_group"],
                indicator_targets=tuple(targets[sub["pk"]]),
                total=sub["total"],
                missing_evidence=tuple(label for pk, label in required if pk not in supplied[sub["pk"]]),
                required_evidence=len(required),
                mandate_problem=rules.mandate_problem(code, mandates[sub["plan__agency_id"]], agency),
            )
        )
    return checks
