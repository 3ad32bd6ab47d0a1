"""E-Planning API: reading work plans — a round's plans, accepted plans for other systems (SPBE
interoperability), one plan in full, its lines, its versions and what changed between two of them."""

import re
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from terpadu.core.access import api_access
from terpadu.core.apischema import ERRORS, Pages
from terpadu.core.errors import ValidationFailed

from . import policies, rules, selectors
from .api_schemas import Mapped, decimal_text, money, money_or_zero, utc
from .models import BudgetLine, EvidenceRequirement, PlanVersion, SubActivityEvidence, WorkPlan

router = Router(tags=["E-Planning"])
VERSION_PATTERN = re.compile(r"^(\d+|draft)$")

# --- lists ------------------------------------------------------------------------------------------------


class PlanSummaryOut(Schema):
    id: int
    round_id: int
    fiscal_year: int
    agency_code: str
    agency_name: str
    status: str = Field(..., description="draft, submitted, returned atau accepted")
    version: int = Field(..., description="naik setiap perubahan; kirim kembali untuk penguncian optimistis")
    revision: int = Field(..., description="berapa kali Renja dikirim (nomor versi terakhir)")
    sub_activity_count: int
    total: str
    ceiling: str | None
    submitted_at: datetime | None
    accepted_at: datetime | None


def _header(plan: WorkPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "round_id": plan.round_id,
        "fiscal_year": plan.round.fiscal_year,
        "agency_code": plan.agency.code,
        "agency_name": plan.agency.name,
        "status": plan.status,
        "version": plan.version,
        "revision": plan.revision,
        "submitted_at": utc(plan.submitted_at),
        "accepted_at": utc(plan.accepted_at),
    }


def _summary(plan: Any) -> dict[str, Any]:
    return {
        **_header(plan),
        "sub_activity_count": plan.sub_activity_count or 0,
        "total": money_or_zero(plan.total),
        "ceiling": money(plan.ceiling),
    }


def _status(status: str) -> str:
    if status and status not in {s.value for s in rules.PlanStatus}:
        message = "Status tidak dikenal: pilih draft, submitted, returned atau accepted."
        raise ValidationFailed(message, fields={"status": message})
    return status


@router.get("/rounds/{round_id}/plans", response={200: list[PlanSummaryOut], **ERRORS})
@paginate(Pages)
@api_access(policies.PARTICIPANTS)
def round_plans(request: HttpRequest, round_id: int, status: str = "") -> Any:
    """The round's plans the caller may read (an agency's staff: their own), by agency code."""
    planning_round = selectors.round_get_for_user(user=request.user, pk=round_id)
    plans = selectors.plan_list_for_user(user=request.user, planning_round=planning_round, status=_status(status))
    return Mapped(plans, _summary)


class PlanFilters(Schema):
    fiscal_year: int | None = None
    status: str = Field("", description="draft, submitted, returned atau accepted (accepted: masukan penganggaran)")


@router.get("/plans", response={200: list[PlanSummaryOut], **ERRORS})
@paginate(Pages)
@api_access(policies.PARTICIPANTS)
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> Any:
    """Plans of every round the caller may read, e.g. ``?fiscal_year=2027&status=accepted`` for another
    system taking the accepted Renja; the lines of each at ``/plans/{id}/lines``."""
    plans = selectors.plan_list_for_user(
        user=request.user, fiscal_year=filters.fiscal_year, status=_status(filters.status)
    )
    return Mapped(plans, _summary)


# --- one plan ---------------------------------------------------------------------------------------------


class ProblemOut(Schema):
    sub_activity_code: str = Field(..., description="kosong: Renja secara keseluruhan")
    message: str


class IndicatorOut(Schema):
    uid: str
    name: str
    unit: str
    target: str


class LineOut(Schema):
    uid: str
    account_code: str
    description: str
    amount: str
    periods: list[str] = Field(..., description="12 periode; putaran per triwulan memakai 4 yang pertama")


class EvidenceOut(Schema):
    requirement_id: int
    label: str
    kind: str = Field(..., description="file (berkas) atau text (isian teks)")
    required: bool
    filled: bool
    text: str
    file_name: str | None
    file_url: str | None


class SubActivityOut(Schema):
    uid: str
    code: str
    name: str
    program_code: str
    activity_code: str
    location: str
    target_group: str
    notes: str
    total: str
    problems: list[str]
    open_comments: int
    indicators: list[IndicatorOut]
    lines: list[LineOut]
    evidence: list[EvidenceOut] = Field(..., description="data dukung yang diminta putaran")


class ActivityOut(Schema):
    code: str
    name: str
    total: str
    sub_activity_codes: list[str]


class ProgramOut(Schema):
    code: str
    name: str
    total: str
    activities: list[ActivityOut]


class PlanOut(PlanSummaryOut):
    period_kind: str
    returned_at: datetime | None
    return_note: str
    deadline_status: str = Field(..., description="status di mesin tenggat: submitted_late, overdue, …")
    late_by_minutes: int
    ceiling_warning: str | None
    over_ceiling: bool
    completeness: int = Field(..., description="persen, seperti tabel kepatuhan putaran")
    missing_items: list[str] = Field(..., description="butir wajib putaran yang belum diisi")
    problems: list[ProblemOut] = Field(..., description="yang masih menghalangi pengiriman")
    programs: list[ProgramOut]
    sub_activities: list[SubActivityOut]


def line_out(line: BudgetLine) -> dict[str, Any]:
    return {
        "uid": str(line.uid),
        "account_code": line.account_code,
        "description": line.description,
        "amount": money_or_zero(line.amount),
        "periods": [money_or_zero(amount) for amount in line.periods],
    }


Evidence = tuple[list[EvidenceRequirement], dict[tuple[int, int], SubActivityEvidence]]


def _evidence(sub_id: int, table: Evidence) -> list[dict[str, Any]]:
    requirements, supplied = table
    rows = []
    for requirement in requirements:
        found = supplied.get((sub_id, requirement.pk))
        stored = found.stored_file if found is not None and found.stored_file_id else None
        rows.append(
            {
                "requirement_id": requirement.pk,
                "label": requirement.label,
                "kind": requirement.kind,
                "required": requirement.required,
                "filled": found is not None and found.is_filled,
                "text": found.text if found is not None else "",
                "file_name": stored.original_name if stored else None,
                "file_url": reverse("documents:download", args=[stored.pk]) if stored else None,
            }
        )
    return rows


def _sub_activity(row: selectors.SubActivityRow, evidence: Evidence) -> dict[str, Any]:
    sub, activity = row.sub, row.sub.entry.parent
    assert activity is not None and activity.parent is not None
    return {
        "uid": str(sub.uid),
        "code": sub.entry.code,
        "name": sub.entry.name,
        "program_code": activity.parent.code,
        "activity_code": activity.code,
        "location": sub.location,
        "target_group": sub.target_group,
        "notes": sub.notes,
        "total": money_or_zero(row.total),
        "problems": row.problems,
        "open_comments": row.comment_count,
        "indicators": [
            {"uid": str(i.uid), "name": i.name, "unit": i.unit, "target": decimal_text(i.target)}
            for i in row.indicators
        ],
        "lines": [line_out(line) for line in row.lines],
        "evidence": _evidence(sub.pk, evidence),
    }


def _program(node: selectors.ProgramNode) -> dict[str, Any]:
    return {
        "code": node.entry.code,
        "name": node.entry.name,
        "total": money_or_zero(node.total),
        "activities": [
            {
                "code": a.entry.code,
                "name": a.entry.name,
                "total": money_or_zero(a.total),
                "sub_activity_codes": [row.sub.entry.code for row in a.sub_activities],
            }
            for a in node.activities
        ],
    }


def plan_out(plan: WorkPlan) -> dict[str, Any]:
    """The whole plan of an agency, as the caller (already admitted) reads it."""
    tree = selectors.plan_tree(plan)
    (row,) = selectors.unscoped_compliance(plan.round, now=timezone.now(), agency_ids=[plan.agency_id])
    rows = [sub for program in tree.programs for activity in program.activities for sub in activity.sub_activities]
    evidence = selectors.evidence_table(plan)
    return {
        **_header(plan),
        "sub_activity_count": len(rows),
        "total": money_or_zero(tree.totals.agency),
        "ceiling": money(tree.ceiling),
        "period_kind": plan.round.period_kind,
        "returned_at": utc(plan.returned_at),
        "return_note": plan.return_note,
        "deadline_status": row.status,
        "late_by_minutes": row.late_by_minutes,
        "ceiling_warning": tree.ceiling_warning,
        "over_ceiling": tree.ceiling_warning is not None,
        "completeness": row.completeness,
        "missing_items": list(row.missing_items),
        "problems": [{"sub_activity_code": p.code, "message": p.message} for p in tree.problems],
        "programs": [_program(node) for node in tree.programs],
        "sub_activities": [_sub_activity(sub, evidence) for sub in rows],
    }


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_detail(request: HttpRequest, plan_id: int) -> Any:
    """The plan with its totals per program, kegiatan and sub kegiatan, the ceiling, what still keeps it
    from being submitted, and every sub kegiatan with its indicators and lines."""
    return plan_out(selectors.plan_get_for_user(user=request.user, pk=plan_id))


class FlatLineOut(LineOut):
    sub_activity_code: str


def _flat_line(line: BudgetLine) -> dict[str, Any]:
    return {**line_out(line), "sub_activity_code": line.sub_activity.entry.code}


@router.get("/plans/{plan_id}/lines", response={200: list[FlatLineOut], **ERRORS})
@paginate(Pages)
@api_access(policies.PARTICIPANTS)
def plan_lines(request: HttpRequest, plan_id: int) -> Any:
    """Every budget line of the plan, by sub kegiatan code and then as entered."""
    return Mapped(selectors.lines_of(selectors.plan_get_for_user(user=request.user, pk=plan_id)), _flat_line)


# --- versions -----------------------------------------------------------------------------------------------


class VersionOut(Schema):
    number: int
    submitted_at: datetime
    submitted_by: str
    total: str


def _version(version: PlanVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "submitted_at": utc(version.submitted_at),
        "submitted_by": version.submitted_by.display_name,
        "total": money_or_zero(version.total),
    }


@router.get("/plans/{plan_id}/versions", response={200: list[VersionOut], **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_versions(request: HttpRequest, plan_id: int) -> Any:
    """Every submitted version, newest first."""
    return [_version(v) for v in selectors.versions_of(selectors.plan_get_for_user(user=request.user, pk=plan_id))]


class DiffIn(Schema):
    from_: str = Field(..., alias="from", description="nomor versi")
    to: str = Field("draft", description="nomor versi, atau draft (Renja saat ini)")


class ChangeOut(Schema):
    kind: str = Field(..., description="added, removed atau changed")
    part: str = Field(..., description="sub_activity, indicator, line atau evidence")
    sub_activity_code: str
    label: str
    field: str
    before: str
    after: str


class DiffOut(Schema):
    from_version: str
    to_version: str
    changes: list[ChangeOut]


def _version_key(value: str, field: str) -> str:
    if not VERSION_PATTERN.match(value.strip()):
        message = "Isi dengan nomor versi atau draft."
        raise ValidationFailed(message, fields={field: message})
    return value.strip()


@router.get("/plans/{plan_id}/diff", response={200: DiffOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_diff(request: HttpRequest, plan_id: int, params: Query[DiffIn]) -> Any:
    """What changed between two versions (``to=draft``: the plan as it is now), sub kegiatan by code."""
    plan = selectors.plan_get_for_user(user=request.user, pk=plan_id)
    before, after = _version_key(params.from_, "from"), _version_key(params.to, "to")
    changes = rules.plan_diff(selectors.version_content(plan, before), selectors.version_content(plan, after))
    return {
        "from_version": before,
        "to_version": after,
        "changes": [
            {
                "kind": c.kind.value,
                "part": c.part,
                "sub_activity_code": c.sub_activity_code,
                "label": c.label,
                "field": c.field,
                "before": c.before,
                "after": c.after,
            }
            for c in changes
        ],
    }
