"""E-Planning API: the agency writes its plan (open it, put or remove sub kegiatan, replace it whole, the
round's items and supporting data, submit) and the round's reviewers return or accept it.

Every write answers the plan as :func:`api_plans.plan_out` shows it, with its new ``version``; send that
``version`` back with the next write and a change made meanwhile by someone else is refused (409
``stale_version``). Field errors name the place in the body: ``lines.3.account_code`` for one sub kegiatan,
``sub_activities.0.lines.3.account_code`` for the whole plan."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from terpadu.core.access import api_access
from terpadu.core.apischema import ERRORS

from . import policies, rules, selectors, services
from .api_plans import PlanOut, plan_out
from .api_plans import router as plans_router
from .api_schemas import DecimalText, Periods, Uid
from .models import WorkPlan

router = Router(tags=["E-Planning"])
VERSION_HELP = "versi Renja yang dibaca; ditolak (409 stale_version) bila sudah berubah"


class IndicatorIn(Schema):
    name: str
    unit: str
    target: DecimalText
    uid: Uid = Field("", description="uid dari jawaban API; kosong untuk indikator baru")


class LineIn(Schema):
    account_code: str = Field(..., description="kode rekening belanja, misalnya 5.1.02.01.01.0024")
    description: str
    periods: Periods = Field(..., description='jumlah per bulan (12) atau per triwulan (4), misalnya ["1000000.00"]')
    uid: Uid = Field("", description="uid dari jawaban API; kosong untuk baris baru (uid tetap antar revisi)")


class _SubActivityBody(Schema):
    location: str = ""
    target_group: str = ""
    notes: str = ""
    indicators: list[IndicatorIn] = []
    lines: list[LineIn] = []


class SubActivityIn(_SubActivityBody):
    version: int | None = Field(None, description=VERSION_HELP)


class PlanSubActivityIn(_SubActivityBody):
    code: str = Field(..., description="kode sub kegiatan, misalnya 2.16.03.2.02.0005")


class PlanIn(Schema):
    sub_activities: list[PlanSubActivityIn] = Field(..., description="menggantikan seluruh isi Renja")
    version: int | None = Field(None, description=VERSION_HELP)


class VersionIn(Schema):
    version: int | None = Field(None, description=VERSION_HELP)


class ReturnIn(VersionIn):
    note: str = Field(..., description="apa yang harus diperbaiki OPD")


class ItemsIn(VersionIn):
    values: dict[int, str] = Field(..., description="id butir putaran → isian (butir berkas: lewat halaman)")


class EvidenceIn(VersionIn):
    text: str = Field(..., description="isian data dukung berjenis teks")


def _draft(code: str, body: _SubActivityBody) -> services.SubActivityDraft:
    return services.SubActivityDraft(
        code=code,
        location=body.location,
        target_group=body.target_group,
        notes=body.notes,
        indicators=tuple(rules.IndicatorDraft(i.name, i.unit, i.target, i.uid) for i in body.indicators),
        lines=tuple(
            rules.LineDraft(line.account_code, line.description, tuple(line.periods), line.uid) for line in body.lines
        ),
    )


def _plan(request: HttpRequest, plan_id: int) -> WorkPlan:
    return selectors.plan_get_for_user(user=request.user, pk=plan_id)


def _out(request: HttpRequest, plan: WorkPlan) -> dict[str, Any]:
    """The plan read again after a write (the services change a locked copy)."""
    return plan_out(_plan(request, plan.pk))


# --- the agency fills in its plan ---------------------------------------------------------------------


@router.post("/rounds/{round_id}/agencies/{agency_code}/plan", response={200: PlanOut, 201: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_open(request: HttpRequest, round_id: int, agency_code: str) -> Status[dict[str, Any]]:
    """The agency's plan in the round, created on first use (201), else as it is (200)."""
    planning_round = selectors.round_get_for_user(user=request.user, pk=round_id)
    agency = selectors.addressed_agency(planning_round=planning_round, code=agency_code)
    existing = selectors.plan_for_user(user=request.user, planning_round=planning_round, agency_id=agency.pk)
    plan = services.plan_open(user=request.user, planning_round=planning_round, agency_id=agency.pk)
    return Status(200 if existing else 201, _out(request, plan))


SUB_ACTIVITY_PATH = "/plans/{plan_id}/sub-activities/{code}"


@router.put(SUB_ACTIVITY_PATH, response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def sub_activity_put(request: HttpRequest, plan_id: int, code: str, payload: SubActivityIn) -> Any:
    """Add the sub kegiatan to the plan, or rewrite it: its indicators and lines are replaced by these."""
    plan = _plan(request, plan_id)
    draft = _draft(code, payload)
    services.sub_activity_save(user=request.user, plan=plan, draft=draft, expected_version=payload.version)
    return _out(request, plan)


@router.delete(SUB_ACTIVITY_PATH, response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def sub_activity_delete(request: HttpRequest, plan_id: int, code: str, version: int | None = None) -> Any:
    """Remove the sub kegiatan with its lines and supporting data (``?version=`` as for the other writes)."""
    plan = _plan(request, plan_id)
    selectors.sub_activity_for_plan(plan, code)
    services.sub_activity_remove(user=request.user, plan=plan, code=code, expected_version=version)
    return _out(request, plan)


#: on the router of GET /plans/{plan_id}: Django routes one path to one router (else 405)
@plans_router.put("/plans/{plan_id}", response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_put(request: HttpRequest, plan_id: int, payload: PlanIn) -> Any:
    """Replace the whole plan (another system sending its Renja); sub kegiatan left out are removed."""
    plan = _plan(request, plan_id)
    drafts = [_draft(sub.code, sub) for sub in payload.sub_activities]
    services.plan_save(user=request.user, plan=plan, drafts=drafts, expected_version=payload.version)
    return _out(request, plan)


@router.put("/plans/{plan_id}/items", response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_items_put(request: HttpRequest, plan_id: int, payload: ItemsIn) -> Any:
    """Answer the round's plan-level items (cover letter, Renstra…) by item id."""
    plan = _plan(request, plan_id)
    services.plan_items_save(user=request.user, plan=plan, values=payload.values, expected_version=payload.version)
    return _out(request, plan)


EVIDENCE_PATH = SUB_ACTIVITY_PATH + "/evidence/{requirement_id}"


@router.put(EVIDENCE_PATH, response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def evidence_put(request: HttpRequest, plan_id: int, code: str, requirement_id: int, payload: EvidenceIn) -> Any:
    """Supply a text supporting datum of one sub kegiatan."""
    plan = _plan(request, plan_id)
    services.evidence_save(
        user=request.user,
        plan=plan,
        code=code,
        requirement_id=requirement_id,
        text=payload.text,
        expected_version=payload.version,
    )
    return _out(request, plan)


@router.post(EVIDENCE_PATH + "/file", response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def evidence_upload(
    request: HttpRequest,
    plan_id: int,
    code: str,
    requirement_id: int,
    file: UploadedFile = File(..., description="PDF, JPEG, PNG, DOCX atau XLSX, paling besar 20 MB"),  # noqa: B008
    version: int | None = Form(None, description=VERSION_HELP),
) -> Any:
    """Upload (or replace) the file of a supporting datum of one sub kegiatan (multipart)."""
    plan = _plan(request, plan_id)
    services.evidence_save(
        user=request.user, plan=plan, code=code, requirement_id=requirement_id, upload=file, expected_version=version
    )
    return _out(request, plan)


# --- the workflow -------------------------------------------------------------------------------------


@router.post("/plans/{plan_id}/submit", response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_submit(request: HttpRequest, plan_id: int, payload: VersionIn | None = None) -> Any:
    """Hand the plan in (refused, naming each problem, while a check fails or a required item is empty)."""
    plan = _plan(request, plan_id)
    services.plan_submit(user=request.user, plan=plan, expected_version=payload.version if payload else None)
    return _out(request, plan)


@router.post("/plans/{plan_id}/return", response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_return(request: HttpRequest, plan_id: int, payload: ReturnIn) -> Any:
    """Send a submitted plan back to the agency with a note (the round's managers)."""
    plan = _plan(request, plan_id)
    services.plan_return(user=request.user, plan=plan, note=payload.note, expected_version=payload.version)
    return _out(request, plan)


@router.post("/plans/{plan_id}/accept", response={200: PlanOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def plan_accept(request: HttpRequest, plan_id: int, payload: VersionIn | None = None) -> Any:
    """Accept a submitted plan: it is locked and becomes the agency's input to budgeting."""
    plan = _plan(request, plan_id)
    services.plan_accept(user=request.user, plan=plan, expected_version=payload.version if payload else None)
    return _out(request, plan)
