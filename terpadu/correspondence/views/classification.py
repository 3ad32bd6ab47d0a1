"""Classification code pages: everyone logged in reads the table; the platform admin (records
office) imports and exports it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from terpadu.core.access import AUTHENTICATED, access, roles
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role, actor_of
from terpadu.core.scoping import get_for_user, scoped
from terpadu.directory.models import Government
from terpadu.documents.interfaces import Sheet, write_xlsx

from .. import imports
from ..forms import ClassificationFilterForm, ClassificationUploadForm
from ..models import ClassificationCode, ClassificationImport

ADMIN = roles(Role.PLATFORM_ADMIN)
PAGE_SIZE = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
register(
    NavItem("Kode klasifikasi arsip", "correspondence:classification_list", AUTHENTICATED, order=60),
    NavItem("Impor kode klasifikasi", "correspondence:classification_import", ADMIN, order=82, section="Admin"),
)


def _government(request: HttpRequest) -> Government:
    actor = actor_of(request.user)
    assert actor is not None
    return get_for_user(Government, request.user, actor.government_id)


@access(AUTHENTICATED)
def classification_list(request: HttpRequest) -> HttpResponse:
    form = ClassificationFilterForm(request.GET)
    codes = scoped(ClassificationCode.objects.order_by("sort_key"), request.user)
    query = form.data.get("q", "").strip()
    if query:
        codes = codes.filter(Q(code__startswith=query) | Q(name__icontains=query))
    page = Paginator(codes, PAGE_SIZE).get_page(request.GET.get("page"))
    is_admin = bool(actor_of(request.user) and ADMIN.test(actor_of(request.user)))
    context = {"form": form, "page_obj": page, "is_admin": is_admin}
    return render(request, "correspondence/classification_list.html", context)


def _export_rows(request: HttpRequest) -> list[list[object]]:
    codes = scoped(ClassificationCode.objects.order_by("sort_key"), request.user)
    return [
        [
            c.code,
            c.name,
            c.active_years,
            c.inactive_years,
            c.get_final_disposition_display().lower() if c.final_disposition else "",
            c.get_security_level_display().lower(),
        ]
        for c in codes
    ]


@access(ADMIN)
def classification_export(request: HttpRequest) -> HttpResponse:
    timezone = _government(request).timezone
    data = write_xlsx(sheets=[Sheet("Kode klasifikasi", imports.COLUMNS, _export_rows(request), timezone)])
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="kode-klasifikasi.xlsx"'
    return response


@access(ADMIN)
@require_http_methods(["GET", "POST"])
def classification_import(request: HttpRequest) -> HttpResponse:
    form = ClassificationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.classification_import_upload(
                user=request.user, government=_government(request), filename=upload.name, data=upload.read()
            )
            return redirect("correspondence:classification_import_preview", pk=batch.pk)
        except ApplicationError as exc:
            show_errors(form, exc)
    return render(request, "correspondence/classification_import.html", {"form": form})


@access(ADMIN)
@require_http_methods(["GET", "POST"])
def classification_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_for_user(ClassificationImport, request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            preview = imports.classification_import_commit(user=request.user, batch=batch)
            messages.success(
                request,
                f"Impor disimpan: {preview.count(imports.CREATE)} kode baru, "
                f"{preview.count(imports.UPDATE)} kode diubah.",
            )
            return redirect("correspondence:classification_list")
        except ApplicationError as exc:
            error = exc.message
    preview = imports.classification_import_plan(government=batch.government, data=bytes(batch.data))
    counts = {action: preview.count(action) for action in (imports.CREATE, imports.UPDATE, imports.UNCHANGED)}
    context = {"batch": batch, "preview": preview, "counts": counts, "error": error}
    return render(request, "correspondence/classification_import_preview.html", context)
