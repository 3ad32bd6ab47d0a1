"""Deadlines API under /api/v1/deadlines: requests, an agency's response, the requester's review, and
the compliance table. Agencies are named by their code; items by their id."""

from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from terpadu.core.access import api_access
from terpadu.core.apischema import ERRORS, Pages
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.directory.timezones import aware_in_government_zone

from . import policies, rules, selectors, services
from .models import AgencyResponse, Obligation

router = Router(tags=["tenggat"])


class ItemIn(Schema):
    label: str
    kind: str = Field("text", description="text, long_text, number, date, choice, file")
    required: bool = True
    help_text: str = ""
    choices: list[str] = []
    allowed_types: list[str] = Field([], description="untuk jenis file: pdf, xlsx, docx, image (kosong: semua)")


class RequestIn(Schema):
    title: str
    instructions: str = ""
    opens_at: datetime
    due_at: datetime
    items: list[ItemIn]
    agency_codes: list[str]
    reminder_days: list[int] = list(rules.DEFAULT_REMINDER_DAYS)
    publish: bool = Field(False, description="langsung terbitkan ke OPD tujuan")


class ItemOut(Schema):
    id: int
    label: str
    kind: str
    required: bool
    help_text: str
    choices: list[str]
    allowed_types: list[str]


class RequestSummaryOut(Schema):
    id: int
    title: str
    status: str
    opens_at: datetime
    due_at: datetime
    published_at: datetime | None
    requester_agency_code: str | None


class RequestOut(RequestSummaryOut):
    instructions: str
    reminder_days: list[int]
    agency_codes: list[str]
    items: list[ItemOut]


def _summary(obligation: Obligation) -> dict[str, Any]:
    return {
        "id": obligation.pk,
        "title": obligation.title,
        "status": obligation.status,
        "opens_at": obligation.opens_at.astimezone(UTC),
        "due_at": obligation.due_at.astimezone(UTC),
        "published_at": obligation.published_at.astimezone(UTC) if obligation.published_at else None,
        "requester_agency_code": obligation.requester_agency.code if obligation.requester_agency else None,
    }


def _detail(obligation: Obligation) -> dict[str, Any]:
    items = [
        {f: getattr(i, f) for f in ("label", "kind", "required", "help_text", "choices", "allowed_types")}
        | {"id": i.pk}
        for i in selectors.items_of(obligation)
    ]
    agencies = [agency.code for agency in selectors.addressed_agencies(obligation)]
    return {
        **_summary(obligation),
        "instructions": obligation.instructions,
        "reminder_days": obligation.reminder_days,
        "agency_codes": agencies,
        "items": items,
    }


@router.get("/requests", response={200: list[RequestSummaryOut], **ERRORS})
@paginate(Pages)
@api_access(policies.PARTICIPANTS)
def request_list(request: HttpRequest, status: str = "", q: str = "") -> Any:
    return [_summary(o) for o in selectors.obligation_list_for_user(user=request.user, status=status, q=q)]


def _agency_ids(request: HttpRequest, codes: list[str]) -> list[int]:
    actor = actor_of(request.user)
    agencies = selectors.unscoped_addressable_agencies(government_id=actor.government_id if actor else None)
    by_code = {agency.code: agency.pk for agency in agencies}
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        message = f"Kode OPD tidak dikenal: {', '.join(unknown)}."
        raise ValidationFailed(message, fields={"agency_codes": message})
    return [by_code[code] for code in codes]


def _draft(item: ItemIn) -> rules.ItemDraft:
    return rules.ItemDraft(
        label=item.label,
        kind=item.kind,
        required=item.required,
        help_text=item.help_text,
        choices=tuple(item.choices),
        allowed_types=tuple(item.allowed_types),
    )


@router.post("/requests", response={201: RequestOut, **ERRORS})
@api_access(policies.REQUESTERS)
def request_create(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    obligation = services.obligation_create(
        user=request.user,
        title=payload.title,
        instructions=payload.instructions,
        opens_at=aware_in_government_zone(payload.opens_at, request),
        due_at=aware_in_government_zone(payload.due_at, request),
        items=[_draft(item) for item in payload.items],
        agency_ids=_agency_ids(request, payload.agency_codes),
        reminder_days=payload.reminder_days,
    )
    if payload.publish:
        obligation = services.obligation_publish(user=request.user, obligation=obligation)
    return Status(201, _detail(obligation))


@router.get("/requests/{request_id}", response={200: RequestOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def request_detail(request: HttpRequest, request_id: int) -> Any:
    return _detail(selectors.obligation_get_for_user(user=request.user, pk=request_id))


@router.post("/requests/{request_id}/publish", response={200: RequestOut, **ERRORS})
@api_access(policies.REQUESTERS)
def request_publish(request: HttpRequest, request_id: int) -> Any:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=request_id)
    return _detail(services.obligation_publish(user=request.user, obligation=obligation))


@router.post("/requests/{request_id}/close", response={200: RequestOut, **ERRORS})
@api_access(policies.REQUESTERS)
def request_close(request: HttpRequest, request_id: int) -> Any:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=request_id)
    return _detail(services.obligation_close(user=request.user, obligation=obligation))


# --- the compliance table -------------------------------------------------------------------------


class ComplianceOut(Schema):
    agency_code: str
    status: str
    submitted_at: datetime | None
    late_by_minutes: int
    missing_items: list[str]


@router.get("/requests/{request_id}/compliance", response={200: list[ComplianceOut], **ERRORS})
@api_access(policies.PARTICIPANTS)
def request_compliance(request: HttpRequest, request_id: int) -> Any:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=request_id)
    rows = selectors.compliance_for_user(user=request.user, obligation=obligation, now=timezone.now())
    return [
        {
            "agency_code": row.agency_code,
            "status": row.status.value,
            "submitted_at": row.submitted_at,
            "late_by_minutes": row.late_by_minutes,
            "missing_items": row.missing_items,
        }
        for row in rows
    ]


# --- an agency's response -------------------------------------------------------------------------


class ValueOut(Schema):
    item_id: int
    label: str
    value: str
    file_name: str | None
    file_url: str | None


class ResponseOut(Schema):
    agency_code: str
    status: str
    state: str | None
    version: int
    submitted_at: datetime | None
    first_submitted_at: datetime | None
    accepted_at: datetime | None
    return_note: str
    late_by_minutes: int
    missing_items: list[str]
    values: list[ValueOut]


class DraftIn(Schema):
    values: dict[int, str] = Field({}, description="id butir → isian (butir berkas: POST …/files/{item_id})")
    version: int | None = Field(None, description="versi yang dibaca; ditolak (409) bila sudah berubah")


class ReturnIn(Schema):
    note: str
    version: int | None = None


class VersionIn(Schema):
    version: int | None = None


def _value(item: Any, value: Any) -> dict[str, Any]:
    stored = value.stored_file if value is not None and value.stored_file_id else None
    return {
        "item_id": item.pk,
        "label": item.label,
        "value": value.text if value is not None else "",
        "file_name": stored.original_name if stored else None,
        "file_url": reverse("documents:download", args=[stored.pk]) if stored else None,
    }


def _response_out(obligation: Obligation, agency: Any) -> dict[str, Any]:
    response = selectors.response_of(obligation=obligation, agency=agency)
    row = selectors.unscoped_compliance_rows(
        obligation=obligation, now=timezone.now(), agency_ids=frozenset({agency.pk})
    )[0]
    values = selectors.values_of(response)
    return {
        "agency_code": agency.code,
        "status": row.status.value,
        "state": response.state if response else None,
        "version": response.version if response else 0,
        "submitted_at": response.submitted_at if response else None,
        "first_submitted_at": response.first_submitted_at if response else None,
        "accepted_at": response.accepted_at if response else None,
        "return_note": response.return_note if response else "",
        "late_by_minutes": row.late_by_minutes,
        "missing_items": row.missing_items,
        "values": [_value(item, values.get(item.pk)) for item in selectors.items_of(obligation)],
    }


def _target(request: HttpRequest, request_id: int, agency_code: str) -> tuple[Obligation, Any]:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=request_id)
    agency = selectors.agency_by_code_for_user(user=request.user, obligation=obligation, code=agency_code)
    return obligation, agency


def _existing(obligation: Obligation, agency: Any) -> AgencyResponse:
    response = selectors.response_of(obligation=obligation, agency=agency)
    if response is None:
        raise ValidationFailed("OPD ini belum mengirim jawaban.", code="not_submitted")
    return response


RESPONSE_PATH = "/requests/{request_id}/responses/{agency_code}"


@router.get(RESPONSE_PATH, response={200: ResponseOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def response_detail(request: HttpRequest, request_id: int, agency_code: str) -> Any:
    return _response_out(*_target(request, request_id, agency_code))


@router.put(RESPONSE_PATH, response={200: ResponseOut, **ERRORS})
@api_access(policies.RESPONDENTS)
def response_save_draft(request: HttpRequest, request_id: int, agency_code: str, payload: DraftIn) -> Any:
    obligation, agency = _target(request, request_id, agency_code)
    services.response_save_draft(
        user=request.user, obligation=obligation, agency=agency, values=payload.values, expected_version=payload.version
    )
    return _response_out(obligation, agency)


@router.post(RESPONSE_PATH + "/submit", response={200: ResponseOut, **ERRORS})
@api_access(policies.RESPONDENTS)
def response_submit(request: HttpRequest, request_id: int, agency_code: str, payload: DraftIn) -> Any:
    obligation, agency = _target(request, request_id, agency_code)
    services.response_submit(
        user=request.user, obligation=obligation, agency=agency, values=payload.values, expected_version=payload.version
    )
    return _response_out(obligation, agency)


@router.post(RESPONSE_PATH + "/return", response={200: ResponseOut, **ERRORS})
@api_access(policies.REQUESTERS)
def response_return(request: HttpRequest, request_id: int, agency_code: str, payload: ReturnIn) -> Any:
    obligation, agency = _target(request, request_id, agency_code)
    services.response_return(
        user=request.user, response=_existing(obligation, agency), note=payload.note, expected_version=payload.version
    )
    return _response_out(obligation, agency)


@router.post(RESPONSE_PATH + "/accept", response={200: ResponseOut, **ERRORS})
@api_access(policies.REQUESTERS)
def response_accept(request: HttpRequest, request_id: int, agency_code: str, payload: VersionIn) -> Any:
    obligation, agency = _target(request, request_id, agency_code)
    services.response_accept(
        user=request.user, response=_existing(obligation, agency), expected_version=payload.version
    )
    return _response_out(obligation, agency)


@router.post(RESPONSE_PATH + "/files/{item_id}", response={200: ResponseOut, **ERRORS})
@api_access(policies.RESPONDENTS)
def response_upload_file(
    request: HttpRequest,
    request_id: int,
    agency_code: str,
    item_id: int,
    file: UploadedFile = File(..., description="berkas data dukung untuk butir berjenis file"),  # noqa: B008
    version: int | None = Form(None, description="versi yang dibaca; ditolak (409) bila sudah berubah"),
) -> Any:
    """Upload (or replace) the file of one file item; saved as part of the draft, like the page does."""
    obligation, agency = _target(request, request_id, agency_code)
    item = next((i for i in selectors.items_of(obligation) if i.pk == item_id), None)
    if item is None or not item.is_file:
        raise ValidationFailed("Butir ini tidak menerima berkas.", fields={"item_id": "Bukan butir berjenis file."})
    services.response_save_draft(
        user=request.user,
        obligation=obligation,
        agency=agency,
        values={},
        files={item_id: file},
        expected_version=version,
    )
    return _response_out(obligation, agency)
