"""E-Planning API: the nomenclature, planning rounds and their compliance table (mounted under
/api/v1/planning by api.py). Agencies are named by their code; money is a decimal string; times without
an offset are the government's local time and every time is answered in UTC."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from terpadu.core.access import api_access
from terpadu.core.apischema import ERRORS, Pages
from terpadu.core.errors import ValidationFailed
from terpadu.core.roles import actor_of
from terpadu.deadlines.interfaces import ItemDraft, request_info
from terpadu.directory.timezones import aware_in_government_zone

from . import policies, rules, selectors, services
from .api_schemas import Mapped, Money, money, money_or_zero, utc
from .models import NomenclatureEntry, PlanningRound
from .services.rounds import ensure_manager

router = Router(tags=["E-Planning"])

# --- the nomenclature ---------------------------------------------------------------------------------


class NomenclatureFilters(Schema):
    fiscal_year: int | None = Field(None, description="tahun anggaran (kosong: nomenklatur terbaru)")
    level: str = Field("", description="urusan, bidang, program, kegiatan atau sub_kegiatan")
    q: str = Field("", description="awal kode atau bagian nama")
    parent: str = Field("", description="kode induk, misalnya 2.16.03")


class EntryOut(Schema):
    fiscal_year: int
    code: str
    level: str
    name: str
    indicator: str
    unit: str
    parent_code: str | None
    is_active: bool


def _entry(entry: NomenclatureEntry) -> dict[str, Any]:
    return {
        "fiscal_year": entry.nomenclature.fiscal_year,
        "code": entry.code,
        "level": entry.level,
        "name": entry.name,
        "indicator": entry.indicator,
        "unit": entry.unit,
        "parent_code": entry.parent.code if entry.parent else None,
        "is_active": entry.is_active,
    }


@router.get("/nomenclature", response={200: list[EntryOut], **ERRORS})
@paginate(Pages)
@api_access(policies.PARTICIPANTS)
def nomenclature_list(request: HttpRequest, filters: Query[NomenclatureFilters]) -> Any:
    """Entries of the government's nomenclature (urusan → sub kegiatan), in code order."""
    if filters.level and filters.level not in {level.value for level in rules.Level}:
        message = "Tingkat tidak dikenal: pilih urusan, bidang, program, kegiatan atau sub_kegiatan."
        raise ValidationFailed(message, fields={"level": message})
    entries = selectors.nomenclature_entries_for_user(
        user=request.user, fiscal_year=filters.fiscal_year, level=filters.level, q=filters.q, parent=filters.parent
    )
    return Mapped(entries, _entry)


# --- rounds ----------------------------------------------------------------------------------------------


class RoundSummaryOut(Schema):
    id: int
    fiscal_year: int
    title: str
    status: str = Field(..., description="draft, open atau closed (status permintaan di mesin tenggat)")
    opens_at: datetime
    due_at: datetime
    period_kind: str = Field(..., description="month (12 kolom) atau quarter (4 kolom)")
    agency_count: int


class ItemOut(Schema):
    id: int
    label: str
    kind: str
    required: bool
    help_text: str
    choices: list[str]
    allowed_types: list[str]


class RequirementOut(Schema):
    id: int
    label: str
    kind: str
    required: bool
    help_text: str


class CeilingOut(Schema):
    agency_code: str
    agency_name: str
    amount: str


class RoundOut(RoundSummaryOut):
    instructions: str
    reminder_days: list[int]
    agency_codes: list[str]
    items: list[ItemOut] = Field(..., description="butir yang dijawab sekali per Renja (mesin tenggat)")
    requirements: list[RequirementOut] = Field(..., description="data dukung setiap sub kegiatan")
    ceilings: list[CeilingOut] = Field(..., description="pagu indikatif yang boleh Anda lihat")


def _summary(planning_round: PlanningRound) -> dict[str, Any]:
    obligation = planning_round.obligation
    return {
        "id": planning_round.pk,
        "fiscal_year": planning_round.fiscal_year,
        "title": obligation.title,
        "status": obligation.status,
        "opens_at": utc(obligation.opens_at),
        "due_at": utc(obligation.due_at),
        "period_kind": planning_round.period_kind,
        "agency_count": planning_round.agency_count,  # type: ignore[attr-defined]
    }


def _round_out(request: HttpRequest, planning_round: PlanningRound) -> dict[str, Any]:
    info = request_info(request_id=planning_round.obligation_id)
    agencies = selectors.round_agencies(planning_round)
    ceilings = selectors.ceilings_for_user(user=request.user, planning_round=planning_round)
    return {
        "id": planning_round.pk,
        "fiscal_year": planning_round.fiscal_year,
        "title": info.title,
        "status": info.status,
        "opens_at": utc(info.opens_at),
        "due_at": utc(info.due_at),
        "period_kind": planning_round.period_kind,
        "agency_count": len(info.agency_ids),
        "instructions": info.instructions,
        "reminder_days": list(info.reminder_days),
        "agency_codes": [agency.code for agency in agencies],
        "items": [{**vars(i), "choices": list(i.choices), "allowed_types": list(i.allowed_types)} for i in info.items],
        "requirements": [
            {f: getattr(r, f) for f in ("id", "label", "kind", "required", "help_text")}
            for r in planning_round.requirements.order_by("order", "pk")
        ],
        "ceilings": [
            {"agency_code": c.agency.code, "agency_name": c.agency.name, "amount": money(c.amount)} for c in ceilings
        ],
    }


@router.get("/rounds", response={200: list[RoundSummaryOut], **ERRORS})
@paginate(Pages)
@api_access(policies.PARTICIPANTS)
def round_list(request: HttpRequest, fiscal_year: int | None = None) -> Any:
    """The rounds the caller may see: all for the leaders and Bappeda; published ones addressed to their
    agencies for an agency's staff. Newest fiscal year first."""
    return Mapped(selectors.round_list_for_user(user=request.user, fiscal_year=fiscal_year), _summary)


@router.get("/rounds/{round_id}", response={200: RoundOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def round_detail(request: HttpRequest, round_id: int) -> Any:
    return _round_out(request, selectors.round_get_for_user(user=request.user, pk=round_id))


class ItemIn(Schema):
    label: str
    kind: str = Field("text", description="text, long_text, number, date, choice, file")
    required: bool = True
    help_text: str = ""
    choices: list[str] = []
    allowed_types: list[str] = Field([], description="untuk jenis file: pdf, xlsx, docx, image (kosong: semua)")


class RequirementIn(Schema):
    label: str
    kind: str = Field("file", description="file (berkas) atau text (isian teks)")
    required: bool = True
    help_text: str = ""


class RoundIn(Schema):
    fiscal_year: int
    title: str
    instructions: str = ""
    opens_at: datetime = Field(..., description="tanpa zona waktu: waktu setempat pemerintah daerah")
    due_at: datetime
    agency_codes: list[str]
    period_kind: str = Field("month", description="month (per bulan) atau quarter (per triwulan)")
    ceilings: dict[str, Money] = Field({}, description='kode OPD → pagu indikatif, misalnya {"3.01": "2500000000.00"}')
    items: list[ItemIn] = []
    requirements: list[RequirementIn] = []
    reminder_days: list[int] = list(services.RoundDraft.reminder_days)


class CeilingsIn(Schema):
    ceilings: dict[str, Money] = Field(..., description="kode OPD → pagu indikatif; menggantikan semua pagu")


def _agency_ids(request: HttpRequest, codes: list[str], field: str, *, per_code: bool = False) -> dict[str, int]:
    """Agency codes of the caller's government → ids; unknown codes are refused under ``field`` (or
    ``field.<code>`` for a mapping by code)."""
    found = selectors.agency_ids_by_code(user=request.user, codes=codes)
    unknown = [code for code in codes if code not in found]
    if unknown:
        message = f"Kode OPD tidak dikenal: {', '.join(unknown)}."
        keys = [f"{field}.{code}" for code in unknown] if per_code else [field]
        raise ValidationFailed(message, fields=dict.fromkeys(keys, message))
    return found


@contextmanager
def _fields_by_code(ids: dict[str, int]) -> Iterator[None]:
    """The services name agencies by id (``ceiling_12``); the API by code (``ceilings.3.01``)."""
    names = {f"ceiling_{pk}": f"ceilings.{code}" for code, pk in ids.items()} | {"agency_ids": "agency_codes"}
    try:
        yield
    except ValidationFailed as exc:
        exc.fields = {names.get(key, key): value for key, value in exc.fields.items()}
        raise


def _ceilings(request: HttpRequest, ceilings: dict[str, Any]) -> tuple[dict[int, Any], dict[str, int]]:
    ids = _agency_ids(request, list(ceilings), "ceilings", per_code=True)
    return {ids[code]: amount for code, amount in ceilings.items()}, ids


def _item(item: ItemIn) -> ItemDraft:
    return ItemDraft(
        label=item.label,
        kind=item.kind,
        required=item.required,
        help_text=item.help_text,
        choices=tuple(item.choices),
        allowed_types=tuple(item.allowed_types),
    )


def _round_draft(request: HttpRequest, payload: RoundIn, ids: dict[str, int]) -> services.RoundDraft:
    return services.RoundDraft(
        fiscal_year=payload.fiscal_year,
        title=payload.title,
        instructions=payload.instructions,
        opens_at=aware_in_government_zone(payload.opens_at, request),
        due_at=aware_in_government_zone(payload.due_at, request),
        agency_ids=[ids[code] for code in payload.agency_codes],
        period_kind=payload.period_kind,
        ceilings={ids[code]: amount for code, amount in payload.ceilings.items()},
        items=[_item(item) for item in payload.items],
        requirements=[
            services.RequirementDraft(r.label, r.kind, r.required, r.help_text) for r in payload.requirements
        ],
        reminder_days=payload.reminder_days,
    )


@router.post("/rounds", response={201: RoundOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def round_create(request: HttpRequest, payload: RoundIn) -> Status[dict[str, Any]]:
    """A draft round (nothing reaches the agencies until it is published): Bappeda's head/admin, the Sekda,
    the regional head and deputy, the platform admin."""
    allowed = policies.can_open_round(actor_of(request.user))
    policies.ensure(allowed, "Anda tidak berwenang membuka putaran perencanaan.")
    ids = _agency_ids(request, payload.agency_codes, "agency_codes")
    ids |= _ceilings(request, payload.ceilings)[1]
    with _fields_by_code(ids):
        planning_round = services.round_create(user=request.user, draft=_round_draft(request, payload, ids))
    return Status(201, _round_out(request, planning_round))


@router.post("/rounds/{round_id}/publish", response={200: RoundOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def round_publish(request: HttpRequest, round_id: int) -> Any:
    """Open the round to its agencies: they are notified and the reminders start."""
    planning_round = selectors.round_get_for_user(user=request.user, pk=round_id)
    services.round_publish(user=request.user, planning_round=planning_round)
    return _round_out(request, planning_round)


@router.post("/rounds/{round_id}/close", response={200: RoundOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def round_close(request: HttpRequest, round_id: int) -> Any:
    """No more changes by the agencies; submitted plans may still be returned or accepted."""
    planning_round = selectors.round_get_for_user(user=request.user, pk=round_id)
    services.round_close(user=request.user, planning_round=planning_round)
    return _round_out(request, planning_round)


@router.put("/rounds/{round_id}/ceilings", response={200: RoundOut, **ERRORS})
@api_access(policies.PARTICIPANTS)
def round_ceilings(request: HttpRequest, round_id: int, payload: CeilingsIn) -> Any:
    """Replace the indicative ceilings (an agency left out has none); allowed after publishing too."""
    planning_round = selectors.round_get_for_user(user=request.user, pk=round_id)
    ensure_manager(request.user, planning_round)
    ceilings, ids = _ceilings(request, payload.ceilings)
    with _fields_by_code(ids):
        services.round_set_ceilings(user=request.user, planning_round=planning_round, ceilings=ceilings)
    return _round_out(request, planning_round)


# --- the compliance table ---------------------------------------------------------------------------------


class ComplianceOut(Schema):
    agency_code: str
    agency_name: str
    status: str = Field(
        ..., description="not_started, in_progress, submitted, submitted_late, returned, accepted, overdue"
    )
    submitted_at: datetime | None
    late_by_minutes: int
    plan_id: int | None
    plan_status: str | None = Field(..., description="draft, submitted, returned, accepted (null: belum dibuka)")
    revision: int
    sub_activities: int
    total: str
    ceiling: str | None
    over_ceiling: bool
    completeness: int = Field(..., description="persen, dibulatkan ke bawah")
    missing_items: list[str]


def _compliance(row: selectors.ComplianceRow) -> dict[str, Any]:
    return {
        "agency_code": row.agency_code,
        "agency_name": row.agency_name,
        "status": row.status,
        "submitted_at": utc(row.submitted_at),
        "late_by_minutes": row.late_by_minutes,
        "plan_id": row.plan_id,
        "plan_status": row.plan_status or None,
        "revision": row.revision,
        "sub_activities": row.sub_activities,
        "total": money_or_zero(row.total),
        "ceiling": money(row.ceiling),
        "over_ceiling": row.over_ceiling,
        "completeness": row.completeness,
        "missing_items": list(row.missing_items),
    }


@router.get("/rounds/{round_id}/compliance", response={200: list[ComplianceOut], **ERRORS})
@api_access(policies.PARTICIPANTS)
def round_compliance(request: HttpRequest, round_id: int) -> Any:
    """One row per addressed agency the caller may see (an agency's staff: their own)."""
    planning_round = selectors.round_get_for_user(user=request.user, pk=round_id)
    rows = selectors.compliance_for_user(user=request.user, planning_round=planning_round, now=timezone.now())
    return [_compliance(row) for row in rows]
