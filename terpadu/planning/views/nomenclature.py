"""Nomenclature pages of E-Planning: browse a fiscal year's nomenclature (urusan → sub kegiatan), import
it from XLSX with a preview, export it in the import format (and an empty template), the agencies'
mandates per year, and the planning agency setting.

Every participant of E-Planning reads; the nomenclature managers (platform admin, Sekda, head and admin
of the planning agency) import, export and set mandates; the platform admin and the Sekda name the
planning agency. No menu entry here: the rounds pages register "Perencanaan" and link to these pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from terpadu.core.access import Rule, access, roles
from terpadu.core.errors import ApplicationError, NotFound
from terpadu.core.forms import show_errors
from terpadu.core.roles import Actor, actor_of
from terpadu.core.scoping import get_for_user, scoped
from terpadu.directory.models import Agency, Government
from terpadu.documents.interfaces import Sheet, write_xlsx

from .. import policies, rules, services
from ..forms_nomenclature import MandatesForm, NomenclatureFilterForm, NomenclatureUploadForm, PlanningSettingForm
from ..models import (
    AgencyMandate,
    Nomenclature,
    NomenclatureEntry,
    NomenclatureImport,
    PlanningSetting,
    PlanSubActivity,
)
from ..services import nomenclature as importer

MANAGERS = Rule("planning_nomenclature_managers", policies.can_manage_nomenclature)
GOVERNMENT_MANAGERS = roles(*policies.GOVERNMENT_MANAGER_ROLES)
PAGE_SIZE = 100
#: removed entries listed on the preview besides those kept (a new national version may drop thousands)
REMOVED_SHOWN = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTION_LABELS = {
    importer.CREATE: "Baru",
    importer.UPDATE: "Diubah",
    importer.UNCHANGED: "Tidak berubah",
}


# --- shared ----------------------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> Actor:
    actor = actor_of(request.user)
    assert actor is not None, "the access rules admit signed-in users only"
    return actor


def _government_id(request: HttpRequest) -> int:
    government_id = _actor(request).government_id
    if government_id is None:  # the access rules admit only members of a government
        raise NotFound("Data tidak ditemukan.")
    return government_id


def _government(request: HttpRequest) -> Government:
    return get_for_user(Government, request.user, _government_id(request))


def _years(request: HttpRequest) -> list[int]:
    found = scoped(Nomenclature.objects.order_by("-fiscal_year"), request.user)
    return list(found.values_list("fiscal_year", flat=True))


def _nomenclature(request: HttpRequest, year: int) -> Nomenclature:
    found = scoped(Nomenclature.objects.select_related("updated_by"), request.user).filter(fiscal_year=year).first()
    if found is None:
        raise NotFound(f"Nomenklatur tahun anggaran {year} belum diimpor.")
    return found


def _agency(request: HttpRequest, pk: int) -> Agency:
    """An agency of the user's government (the nomenclature managers set every agency's mandates)."""
    found = Agency.objects.filter(government_id=_government_id(request), pk=pk).first()
    if found is None:
        raise NotFound("OPD tidak ditemukan.")
    return found


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _links(request: HttpRequest, year: int | None) -> dict[str, Any]:
    """What the pages' link bar may show to this user."""
    actor = _actor(request)
    if year is not None and not scoped(Nomenclature.objects.filter(fiscal_year=year), request.user).exists():
        year = None  # an upload of a year not imported yet: nothing to export or mandate
    return {
        "year": year,
        "can_manage": policies.can_manage_nomenclature(actor),
        "can_set_agency": GOVERNMENT_MANAGERS.test(actor),
    }


# --- browsing --------------------------------------------------------------------------------------------


@dataclass
class Node:
    entry: NomenclatureEntry
    level_label: str
    children: list[Node] = field(default_factory=list)


def _forest(entries: list[NomenclatureEntry]) -> list[Node]:
    """The page's entries (in code order) as trees: an entry goes under its parent when the parent is on
    the same page, else it starts a tree of its own."""
    nodes = {entry.pk: Node(entry, rules.Level(entry.level).label) for entry in entries}
    roots: list[Node] = []
    for entry in entries:
        parent = nodes.get(entry.parent_id) if entry.parent_id else None
        (parent.children if parent else roots).append(nodes[entry.pk])
    return roots


def _entries(nomenclature: Nomenclature, query: str, level: str) -> QuerySet[NomenclatureEntry]:
    entries = nomenclature.entries.select_related("parent").order_by("code")
    if level:
        entries = entries.filter(level=level)
    if query:
        entries = entries.filter(Q(code__startswith=query) | Q(name__icontains=query) | Q(indicator__icontains=query))
    return entries


def _level_counts(nomenclature: Nomenclature) -> list[tuple[str, int]]:
    found = dict(
        nomenclature.entries.filter(is_active=True).values("level").annotate(n=Count("pk")).values_list("level", "n")
    )
    return [(level.label, found.get(level.value, 0)) for level in rules.Level]


@access(policies.PARTICIPANTS)
@require_GET
def nomenclature_list(request: HttpRequest) -> HttpResponse:
    years = _years(request)
    form = NomenclatureFilterForm(request.GET, years=years)
    year = form.value("tahun", years[0] if years else None)
    context: dict[str, Any] = {"form": form, "years": years, **_links(request, year)}
    if year is not None:
        nomenclature = _nomenclature(request, year)
        query, level = form.value("q").strip(), form.value("tingkat")
        page = Paginator(_entries(nomenclature, query, level), PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "nomenclature": nomenclature,
            "page_obj": page,
            "nodes": _forest(list(page)),
            "bidang": nomenclature.entries.filter(level=rules.Level.BIDANG).select_related("parent").order_by("code"),
            "level_counts": _level_counts(nomenclature),
            "inactive_count": nomenclature.entries.filter(is_active=False).count(),
            "timezone": _government(request).timezone,
        }
    return render(request, "planning/nomenclature/list.html", context)


# --- import ----------------------------------------------------------------------------------------------


def _next_year(government: Government) -> int:
    return datetime.now(ZoneInfo(government.timezone)).year + 1


@access(MANAGERS)
@require_http_methods(["GET", "POST"])
def nomenclature_import(request: HttpRequest) -> HttpResponse:
    government = _government(request)
    data = request.POST if request.method == "POST" else None
    form = NomenclatureUploadForm(data, request.FILES or None, initial={"fiscal_year": _next_year(government)})
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch, _ = services.nomenclature_import_upload(
                user=request.user,
                fiscal_year=form.cleaned_data["fiscal_year"],
                source=form.cleaned_data["source"],
                filename=upload.name,
                data=upload.read(),
            )
            return redirect("planning:nomenclature_import_confirm", pk=batch.pk)
        except ApplicationError as exc:
            show_errors(form, exc)
    recent = scoped(NomenclatureImport.objects.select_related("uploaded_by"), request.user)[:10]
    context = {"form": form, "recent": recent, "timezone": government.timezone, **_links(request, None)}
    return render(request, "planning/nomenclature/import.html", context, status=422 if form.is_bound else 200)


@dataclass(frozen=True)
class RemovedRow:
    code: str
    name: str
    level_label: str
    #: still used by a work plan (or a mandate the file does not replace): kept, marked not in force
    kept: bool


def _ancestors(code: str) -> list[str]:
    found = [code]
    parent = rules.parse_code(code).parent
    while parent:
        found.append(parent)
        parent = rules.parse_code(parent).parent
    return found


def _removed_rows(batch: NomenclatureImport, preview: services.ImportPreview) -> list[RemovedRow]:
    nomenclature = Nomenclature.objects.filter(government_id=batch.government_id, fiscal_year=batch.fiscal_year).first()
    if nomenclature is None or not preview.removed:
        return []
    used = set(PlanSubActivity.objects.filter(entry__nomenclature=nomenclature).values_list("entry__code", flat=True))
    if preview.mandates is None:
        used |= set(nomenclature.mandates.values_list("field__code", flat=True))
    protected = {code for used_code in used for code in _ancestors(used_code)}
    names = dict(nomenclature.entries.values_list("code", "name"))
    return [
        RemovedRow(code, names.get(code, ""), rules.parse_code(code).level.label, code in protected)
        for code in preview.removed
    ]


def _mandate_rows(batch: NomenclatureImport, preview: services.ImportPreview) -> list[tuple[str, str, list[str]]]:
    if not preview.mandates:
        return []
    names = dict(
        Agency.objects.filter(government_id=batch.government_id, code__in=list(preview.mandates)).values_list(
            "code", "name"
        )
    )
    return [(code, names.get(code, ""), fields) for code, fields in preview.mandates.items()]


def _preview_context(batch: NomenclatureImport) -> dict[str, Any]:
    government = Government.objects.get(pk=batch.government_id)
    preview = services.nomenclature_import_plan(
        government=government, fiscal_year=batch.fiscal_year, data=bytes(batch.data)
    )
    current = AgencyMandate.objects.filter(
        nomenclature__government_id=batch.government_id, nomenclature__fiscal_year=batch.fiscal_year
    ).count()
    removed = _removed_rows(batch, preview)
    kept = [row for row in removed if row.kept]
    shown = sorted(kept + [row for row in removed if not row.kept][:REMOVED_SHOWN], key=lambda row: row.code)
    return {
        "preview": preview,
        "counts": [(label, preview.count(action)) for action, label in ACTION_LABELS.items()],
        "level_counts": [(level.label, preview.count_level(level.value)) for level in rules.Level],
        "removed": removed,
        "removed_shown": shown,
        "removed_hidden": len(removed) - len(shown),
        "kept_count": len(kept),
        "mandate_rows": _mandate_rows(batch, preview),
        "mandate_total": sum(len(fields) for fields in (preview.mandates or {}).values()),
        "current_mandates": current,
    }


@access(MANAGERS)
@require_http_methods(["GET", "POST"])
def nomenclature_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_for_user(NomenclatureImport.objects.select_related("uploaded_by"), request.user, pk)
    error, status = "", 200
    if request.method == "POST":
        try:
            preview = services.nomenclature_import_commit(user=request.user, upload=batch)
            messages.success(
                request,
                f"Nomenklatur {batch.fiscal_year} disimpan: {preview.count(importer.CREATE)} baru, "
                f"{preview.count(importer.UPDATE)} diubah, {len(preview.removed)} tidak ada lagi di berkas.",
            )
            return redirect(f"{reverse('planning:nomenclature')}?tahun={batch.fiscal_year}")
        except ApplicationError as exc:
            error, status = exc.message, exc.status
            batch.refresh_from_db()
    context: dict[str, Any] = {
        "batch": batch,
        "error": error,
        "timezone": _government(request).timezone,
        **_links(request, batch.fiscal_year),
    }
    if batch.status == NomenclatureImport.Status.PENDING:
        context |= _preview_context(batch)
    return render(request, "planning/nomenclature/import_confirm.html", context, status=status)


# --- export and template ---------------------------------------------------------------------------------


def _template_rows(government: Government) -> tuple[list[list[str]], list[list[str]]]:
    digit = rules.GOVERNMENT_LEVEL_DIGIT[government.level]
    entry = [
        f"5.01.01.{digit}.01.0001",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ]
    agency_id = policies.planning_agency_id(government.pk)
    agencies = government.agencies.order_by("code")
    agency = agencies.filter(pk=agency_id).first() if agency_id else None
    agency = agency or agencies.first()
    return [entry], [[agency.code if agency else "1.01", "5.01"]]


@access(MANAGERS)
@require_GET
def nomenclature_export(request: HttpRequest, year: int) -> HttpResponse:
    nomenclature = _nomenclature(request, year)
    entries = nomenclature.entries.filter(is_active=True).order_by("code")
    mandates = nomenclature.mandates.filter(field__is_active=True).order_by("agency__code", "field__code")
    timezone = _government(request).timezone
    sheets = [
        Sheet(
            importer.ENTRY_SHEET,
            importer.ENTRY_COLUMNS,
            entries.values_list("code", "name", "indicator", "unit"),
            timezone,
        ),
        Sheet(
            importer.MANDATE_SHEET,
            importer.MANDATE_COLUMNS,
            mandates.values_list("agency__code", "field__code"),
            timezone,
        ),
    ]
    return _xlsx(write_xlsx(sheets=sheets), f"nomenklatur-{year}.xlsx")


@access(MANAGERS)
@require_GET
def nomenclature_template(request: HttpRequest) -> HttpResponse:
    government = _government(request)
    entry_rows, mandate_rows = _template_rows(government)
    sheets = [
        Sheet(importer.ENTRY_SHEET, importer.ENTRY_COLUMNS, entry_rows, government.timezone),
        Sheet(importer.MANDATE_SHEET, importer.MANDATE_COLUMNS, mandate_rows, government.timezone),
    ]
    return _xlsx(write_xlsx(sheets=sheets), "templat-nomenklatur.xlsx")


# --- mandates --------------------------------------------------------------------------------------------


def _visible_agencies(request: HttpRequest, nomenclature: Nomenclature) -> QuerySet[Agency]:
    """Every agency for the leaders, the auditor, the planning agency and the managers; else one's own."""
    actor = _actor(request)
    agencies = Agency.objects.filter(government_id=_government_id(request)).filter(
        Q(is_active=True) | Q(planning_mandates__nomenclature=nomenclature)
    )
    if not (policies.reads_every_plan(actor) or policies.can_manage_nomenclature(actor)):
        agencies = agencies.filter(pk__in=sorted(actor.agencies_with(*policies.ANY_AGENCY_ROLE)))
    return agencies.distinct().order_by("code")


@access(policies.PARTICIPANTS)
@require_GET
def mandates(request: HttpRequest, year: int) -> HttpResponse:
    nomenclature = _nomenclature(request, year)
    agencies = list(_visible_agencies(request, nomenclature))
    fields: dict[int, list[NomenclatureEntry]] = defaultdict(list)
    for mandate in nomenclature.mandates.filter(agency__in=agencies).select_related("field").order_by("field__code"):
        fields[mandate.agency_id].append(mandate.field)
    mandated = set(nomenclature.mandates.values_list("field_id", flat=True))
    unassigned = nomenclature.entries.filter(level=rules.Level.BIDANG, is_active=True).exclude(pk__in=mandated)
    context = {
        "nomenclature": nomenclature,
        "rows": [(agency, fields.get(agency.pk, [])) for agency in agencies],
        "unassigned": list(unassigned.order_by("code")),
        **_links(request, year),
    }
    return render(request, "planning/nomenclature/mandates.html", context)


@access(MANAGERS)
@require_http_methods(["GET", "POST"])
def mandates_edit(request: HttpRequest, year: int, agency_pk: int) -> HttpResponse:
    nomenclature = _nomenclature(request, year)
    agency = _agency(request, agency_pk)
    current = list(nomenclature.mandates.filter(agency=agency).values_list("field__code", flat=True))
    bidang = nomenclature.entries.filter(level=rules.Level.BIDANG).filter(Q(is_active=True) | Q(code__in=current))
    data = request.POST if request.method == "POST" else None
    form = MandatesForm(data, bidang=bidang.select_related("parent").order_by("code"), initial={"fields": current})
    if form.is_bound and form.is_valid():
        try:
            saved = services.mandates_set(
                user=request.user, nomenclature=nomenclature, agency=agency, field_codes=form.cleaned_data["fields"]
            )
            messages.success(request, f"Kewenangan {agency} tahun {year} disimpan: {len(saved)} bidang urusan.")
            return redirect("planning:mandates", year=year)
        except ApplicationError as exc:
            show_errors(form, exc)
    context = {"nomenclature": nomenclature, "agency": agency, "form": form, **_links(request, year)}
    return render(request, "planning/nomenclature/mandates_edit.html", context, status=422 if form.is_bound else 200)


# --- the planning agency ---------------------------------------------------------------------------------


@access(GOVERNMENT_MANAGERS)
@require_http_methods(["GET", "POST"])
def planning_settings(request: HttpRequest) -> HttpResponse:
    government_id = _government_id(request)
    agencies = Agency.objects.filter(government_id=government_id, is_active=True).order_by("code")
    current_id = policies.planning_agency_id(government_id)
    data = request.POST if request.method == "POST" else None
    form = PlanningSettingForm(data, agencies=agencies, initial={"agency": current_id})
    if form.is_bound and form.is_valid():
        try:
            setting = services.planning_agency_set(user=request.user, agency=form.cleaned_data["agency"])
            messages.success(request, f"OPD perencana ditetapkan: {setting.planning_agency.name}.")
            return redirect("planning:settings")
        except ApplicationError as exc:
            show_errors(form, exc)
    context = {
        "form": form,
        "current": Agency.objects.filter(pk=current_id).first() if current_id else None,
        "is_set": PlanningSetting.objects.filter(government_id=government_id).exists(),
        **_links(request, None),
    }
    return render(request, "planning/nomenclature/settings.html", context, status=422 if form.is_bound else 200)


urlpatterns = [
    path("nomenklatur/", nomenclature_list, name="nomenclature"),
    path("nomenklatur/impor/", nomenclature_import, name="nomenclature_import"),
    path("nomenklatur/impor/<int:pk>/", nomenclature_import_confirm, name="nomenclature_import_confirm"),
    path("nomenklatur/templat.xlsx", nomenclature_template, name="nomenclature_template"),
    path("nomenklatur/<int:year>/ekspor.xlsx", nomenclature_export, name="nomenclature_export"),
    path("nomenklatur/<int:year>/kewenangan/", mandates, name="mandates"),
    path("nomenklatur/<int:year>/kewenangan/<int:agency_pk>/", mandates_edit, name="mandates_edit"),
    path("pengaturan/", planning_settings, name="settings"),
]
