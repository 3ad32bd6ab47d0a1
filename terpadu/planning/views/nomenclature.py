"""Nomenclature pages of E-Planning: browse a fiscal year's nomenclature (urusan → sub kegiatan), import
it from XLSX with a preview, export it in the import format (and an empty template), the agencies'
mandates per year, and the planning agency setting.

Every participant of E-Planning reads; the nomenclature managers (platform admin, Sekda, head and admin
of the planning agency) import, export and set mandates; the platform admin and the Sekda name the
planning agency. No menu entry here: the rounds pages register "Perencanaan" and link to these pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from terpadu.core.access import Rule, access, roles
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Government
from terpadu.directory.selectors import government_for_user
from terpadu.documents.interfaces import Sheet, write_xlsx

from .. import policies, rules, selectors, services
from ..forms_nomenclature import MandatesForm, NomenclatureFilterForm, NomenclatureUploadForm, PlanningSettingForm
from ..models import NomenclatureEntry, NomenclatureImport
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


def _xlsx(found: selectors.NomenclatureSheets, filename: str) -> HttpResponse:
    """The import format's workbook of ``found`` as a download."""
    sheets = [
        Sheet(importer.ENTRY_SHEET, importer.ENTRY_COLUMNS, found.entries, found.timezone),
        Sheet(importer.MANDATE_SHEET, importer.MANDATE_COLUMNS, found.mandates, found.timezone),
    ]
    response = HttpResponse(write_xlsx(sheets=sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _links(request: HttpRequest, year: int | None) -> dict[str, Any]:
    """What the pages' link bar may show to this user."""
    actor = _actor(request)
    if year is not None and not selectors.nomenclature_exists_for_user(user=request.user, fiscal_year=year):
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


@access(policies.PARTICIPANTS)
@require_GET
def nomenclature_list(request: HttpRequest) -> HttpResponse:
    years = selectors.nomenclature_years_for_user(user=request.user)
    form = NomenclatureFilterForm(request.GET, years=years)
    year = form.value("tahun", years[0] if years else None)
    context: dict[str, Any] = {"form": form, "years": years, **_links(request, year)}
    if year is not None:
        found = selectors.nomenclature_browse_for_user(
            user=request.user, fiscal_year=year, q=form.value("q"), level=form.value("tingkat")
        )
        page = Paginator(found.entries, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "nomenclature": found.nomenclature,
            "page_obj": page,
            "nodes": _forest(list(page)),
            "bidang": found.bidang,
            "level_counts": found.level_counts,
            "inactive_count": found.inactive_count,
            "timezone": government_for_user(user=request.user).timezone,
        }
    return render(request, "planning/nomenclature/list.html", context)


# --- import ----------------------------------------------------------------------------------------------


def _next_year(government: Government) -> int:
    return datetime.now(ZoneInfo(government.timezone)).year + 1


@access(MANAGERS)
@require_http_methods(["GET", "POST"])
def nomenclature_import(request: HttpRequest) -> HttpResponse:
    government = government_for_user(user=request.user)
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
    recent = selectors.nomenclature_import_list_for_user(user=request.user, limit=10)
    context = {"form": form, "recent": recent, "timezone": government.timezone, **_links(request, None)}
    return render(request, "planning/nomenclature/import.html", context, status=422 if form.is_bound else 200)


def _preview_context(request: HttpRequest, batch: NomenclatureImport) -> dict[str, Any]:
    government = government_for_user(user=request.user)  # the batch's: it is admitted within the government
    preview = services.nomenclature_import_plan(
        government=government, fiscal_year=batch.fiscal_year, data=bytes(batch.data)
    )
    found = selectors.nomenclature_import_preview_for_user(user=request.user, batch=batch, preview=preview)
    removed = found.removed
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
        "mandate_rows": found.mandate_rows,
        "mandate_total": sum(len(fields) for fields in (preview.mandates or {}).values()),
        "current_mandates": found.current_mandates,
    }


@access(MANAGERS)
@require_http_methods(["GET", "POST"])
def nomenclature_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.nomenclature_import_get_for_user(user=request.user, pk=pk)
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
            batch = selectors.nomenclature_import_reload_for_user(user=request.user, batch=batch)
    context: dict[str, Any] = {
        "batch": batch,
        "error": error,
        "timezone": government_for_user(user=request.user).timezone,
        **_links(request, batch.fiscal_year),
    }
    if batch.status == NomenclatureImport.Status.PENDING:
        context |= _preview_context(request, batch)
    return render(request, "planning/nomenclature/import_confirm.html", context, status=status)


# --- export and template ---------------------------------------------------------------------------------


@access(MANAGERS)
@require_GET
def nomenclature_export(request: HttpRequest, year: int) -> HttpResponse:
    found = selectors.nomenclature_sheets_for_user(user=request.user, fiscal_year=year)
    return _xlsx(found, f"nomenklatur-{year}.xlsx")


@access(MANAGERS)
@require_GET
def nomenclature_template(request: HttpRequest) -> HttpResponse:
    return _xlsx(selectors.nomenclature_template_for_user(user=request.user), "templat-nomenklatur.xlsx")


# --- mandates --------------------------------------------------------------------------------------------


@access(policies.PARTICIPANTS)
@require_GET
def mandates(request: HttpRequest, year: int) -> HttpResponse:
    found = selectors.mandate_table_for_user(user=request.user, fiscal_year=year)
    context = {
        "nomenclature": found.nomenclature,
        "rows": found.rows,
        "unassigned": found.unassigned,
        **_links(request, year),
    }
    return render(request, "planning/nomenclature/mandates.html", context)


@access(MANAGERS)
@require_http_methods(["GET", "POST"])
def mandates_edit(request: HttpRequest, year: int, agency_pk: int) -> HttpResponse:
    found = selectors.mandate_choices_for_user(user=request.user, fiscal_year=year, agency_pk=agency_pk)
    nomenclature, agency = found.nomenclature, found.agency
    data = request.POST if request.method == "POST" else None
    form = MandatesForm(data, bidang=found.bidang, initial={"fields": found.current})
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
    choices = selectors.planning_agency_choices_for_user(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = PlanningSettingForm(data, agencies=choices.agencies, initial={"agency": choices.current_id})
    if form.is_bound and form.is_valid():
        try:
            setting = services.planning_agency_set(user=request.user, agency=form.cleaned_data["agency"])
            messages.success(request, f"OPD perencana ditetapkan: {setting.planning_agency.name}.")
            return redirect("planning:settings")
        except ApplicationError as exc:
            show_errors(form, exc)
    current, is_set = selectors.planning_agency_get_for_user(user=request.user, agency_id=choices.current_id)
    context = {"form": form, "current": current, "is_set": is_set, **_links(request, None)}
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
