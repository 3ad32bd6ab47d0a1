"""The archive pages (/surat/arsip/): the dossiers (berkas) of the agencies in reach, opening and closing
one, and the retention report by the JRA of each code (page and XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terpadu.core.access import access
from terpadu.core.errors import Conflict, NotFound, ValidationFailed
from terpadu.core.navigation import NavItem, register
from terpadu.documents.interfaces import Sheet, write_xlsx

from .. import archive, policies
from ..page_forms import DossierCloseForm, DossierForm, RetentionFilterForm
from . import choices
from .common import ARCHIVE_READERS, XLSX_TYPE, actor_for, errors_on, paginate, today_for, zone_name

register(
    NavItem("Arsip surat", "correspondence:dossier_list", ARCHIVE_READERS, order=44),
    NavItem("Retensi arsip", "correspondence:retention_report", ARCHIVE_READERS, order=45),
)

RETENTION_HEADERS = [
    "OPD",
    "Nomor berkas",
    "Uraian",
    "Kode klasifikasi",
    "Nama klasifikasi",
    "Ditutup",
    "Pindah ke inaktif",
    "Jatuh tempo keterangan akhir",
    "Tahap",
    "Keterangan akhir",
]


@access(ARCHIVE_READERS)
@require_http_methods(["GET", "POST"])
def dossier_list(request: HttpRequest) -> HttpResponse:
    agencies = choices.filing_agencies(actor_for(request))
    posted = request.method == "POST"
    policies.ensure(bool(agencies) or not posted, "Hanya TU atau kepala OPD yang mengelola berkas.")
    form = DossierForm(request.POST if posted else None, agencies=agencies, initial={"year": today_for(request).year})
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = archive.dossier_create(
                user=request.user,
                agency_id=int(data["agency"]),
                classification=data["classification"],
                number=data["number"],
                title=data["title"],
                year=data["year"],
                location=data["location"],
            )
        except (ValidationFailed, Conflict) as exc:
            errors_on(form, exc)
        else:
            messages.success(request, f"Berkas {dossier.number} dibuka.")
            return redirect("correspondence:dossier_list")
    dossiers = archive.dossiers_for_user(user=request.user)
    context = {
        "form": form if agencies else None,
        "page_obj": paginate(request, dossiers),
        "close_form": DossierCloseForm(initial={"closed_on": today_for(request)}),
        "filing": {int(pk) for pk, _ in agencies},
        "codes": choices.classification_codes(request.user),
        "tz": zone_name(request),
    }
    return render(request, "correspondence/dossier_list.html", context, status=422 if posted else 200)


@access(ARCHIVE_READERS)
@require_POST
def dossier_close(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = archive.dossiers_for_user(user=request.user).filter(pk=pk).first()
    if dossier is None:
        raise NotFound("Berkas tidak ditemukan.")
    form = DossierCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isi tanggal tutup berkas.")
        return redirect("correspondence:dossier_list")
    try:
        archive.dossier_close(user=request.user, dossier=dossier, closed_on=form.cleaned_data["closed_on"])
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Berkas {dossier.number} ditutup; retensinya berjalan sejak tanggal tutup.")
    return redirect("correspondence:dossier_list")


def _retention(request: HttpRequest) -> tuple[RetentionFilterForm, list[archive.RetentionRow]]:
    form = RetentionFilterForm(request.GET)
    stage = form.cleaned_data.get("stage") if form.is_valid() else None
    return form, archive.retention_report(user=request.user, today=today_for(request), stage=stage or None)


@access(ARCHIVE_READERS)
@require_GET
def retention_report(request: HttpRequest) -> HttpResponse:
    form, rows = _retention(request)
    context = {"form": form, "rows": rows, "today": today_for(request)}
    return render(request, "correspondence/retention_report.html", context)


@access(ARCHIVE_READERS)
@require_GET
def retention_export(request: HttpRequest) -> HttpResponse:
    _, rows = _retention(request)
    data = [
        [
            r.agency,
            r.number,
            r.title,
            r.classification_code,
            r.classification_name,
            r.closed_on,
            r.active_until,
            r.inactive_until,
            r.stage_label,
            r.final_disposition,
        ]
        for r in rows
    ]
    content = write_xlsx(sheets=[Sheet("Retensi arsip", RETENTION_HEADERS, data, zone_name(request))])
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="retensi-arsip.xlsx"'
    return response


urlpatterns = [
    path("arsip/", dossier_list, name="dossier_list"),
    path("arsip/<int:pk>/tutup/", dossier_close, name="dossier_close"),
    path("arsip/retensi/", retention_report, name="retention_report"),
    path("arsip/retensi/ekspor/", retention_export, name="retention_export"),
]
