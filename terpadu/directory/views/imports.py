"""Impor/Ekspor: bulk import of the directory from XLSX/CSV (preview, then all-or-nothing commit) and export.

Between the preview and the commit the upload stays in Django storage; the session keeps its name
and SHA-256. "Simpan ke basis data" queues a background job that re-reads exactly that file; its
page shows the progress (refreshed with HTMX) and then the result.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path

from terpadu.core.access import access, roles
from terpadu.core.errors import ValidationFailed
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role

from ..imports import ALL, ExportFile, ImportReport, directory_export, directory_import, import_template
from ..imports.columns import SPECS, kind_choices
from ..imports.jobs import RECENT, directory_import_enqueue, import_job_get, import_jobs_for
from ..imports.uploads import StoredUpload, upload_discard, upload_read, upload_store
from ..models import DirectoryImportJob
from .pages.common import show_errors

ADMINS = roles(Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN)
PENDING_KEY = "directory_imports"
MAX_PENDING = 3
MAX_ERRORS_SHOWN = 500

register(NavItem("Impor/Ekspor", "directory:imports", ADMINS, order=85, section="Administrasi"))


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Jenis data",
        required=False,
        choices=[("", "Otomatis dari nama lembar (XLSX)"), *kind_choices()],
        help_text="Wajib untuk CSV. Berkas XLSX boleh memuat beberapa lembar: opd, unit_kerja, jabatan, pegawai.",
    )
    file = forms.FileField(label="Berkas XLSX atau CSV")


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Jenis data", choices=[(ALL, "Semua (XLSX, satu lembar per jenis)"), *kind_choices()]
    )
    format = forms.ChoiceField(label="Format", choices=[("xlsx", "XLSX (Excel)"), ("csv", "CSV")])


def _page(request: HttpRequest, upload: UploadForm, export: ExportForm, status: int = 200) -> HttpResponse:
    context = {
        "form": upload,
        "export_form": export,
        "specs": SPECS.values(),
        "jobs": import_jobs_for(user=request.user)[:RECENT],
    }
    return render(request, "directory/imports/index.html", context, status=status)


def _download(file: ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def _report_context(report: ImportReport) -> dict[str, Any]:
    return {
        "report": report,
        "summary": [(SPECS[kind].label, counts) for kind, counts in report.summary.items()],
        "errors": report.errors[:MAX_ERRORS_SHOWN],
        "hidden_errors": max(0, len(report.errors) - MAX_ERRORS_SHOWN),
    }


def _remember(request: HttpRequest, stored: StoredUpload) -> None:
    pending: dict[str, dict[str, Any]] = request.session.get(PENDING_KEY, {})
    for token in list(pending)[: max(0, len(pending) - MAX_PENDING + 1)]:
        upload_discard(StoredUpload(**pending.pop(token)))
    pending[stored.token] = stored.as_session()
    request.session[PENDING_KEY] = pending


@access(ADMINS)
def import_index(request: HttpRequest) -> HttpResponse:
    """The upload form (POST: check the file and show the preview), templates and export."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form, ExportForm(prefix="ekspor"), 422 if form.is_bound else 200)
    upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
    try:
        data = upload_read(upload)
        report = directory_import(user=request.user, data=data, filename=upload.name, kind=kind, dry_run=True)
    except ValidationFailed as exc:
        show_errors(form, exc)
        return _page(request, form, ExportForm(prefix="ekspor"), 422)
    context = _report_context(report)
    if report.ok:
        stored = upload_store(data=data, filename=upload.name, kind=kind)
        _remember(request, stored)
        context["token"] = stored.token
    return render(request, "directory/imports/preview.html", context)


@access(ADMINS)
def import_commit(request: HttpRequest) -> HttpResponse:
    """Queue the commit of the previewed file (all rows or none) and show its job."""
    pending: dict[str, dict[str, Any]] = request.session.get(PENDING_KEY, {})
    saved = pending.get(request.POST.get("token", "")) if request.method == "POST" else None
    if saved is None:
        messages.error(request, "Pratinjau impor tidak ditemukan atau sudah dipakai; unggah ulang berkasnya.")
        return redirect("directory:imports")
    job = directory_import_enqueue(user=request.user, stored=StoredUpload(**saved))
    pending.pop(saved["token"], None)
    request.session[PENDING_KEY] = pending
    return redirect("directory:import_job", pk=job.pk)


def _angka(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _job_context(job: DirectoryImportJob) -> dict[str, Any]:
    report = job.report or {}
    errors = report.get("errors", [])
    return {
        "job": job,
        "done": _angka(job.progress_done),
        "total": _angka(job.progress_total),
        "percent": job.progress_done * 100 // job.progress_total if job.progress_total else 0,
        "summary": [(SPECS[kind].label, counts) for kind, counts in report.get("summary", {}).items()],
        "errors": errors[:MAX_ERRORS_SHOWN],
        "hidden_errors": max(0, len(errors) - MAX_ERRORS_SHOWN),
    }


@access(ADMINS)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A queued or finished import: status and progress, then the summary or the error."""
    job = import_job_get(user=request.user, pk=pk)
    return render(request, "directory/imports/job.html", _job_context(job))


@access(ADMINS)
def import_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status block of :func:`import_job`, polled by HTMX while the job is queued or running."""
    job = import_job_get(user=request.user, pk=pk)
    return render(request, "directory/imports/_job.html", _job_context(job))


@access(ADMINS)
def import_template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    return _download(import_template(user=request.user, kind=kind, fmt=fmt))


@access(ADMINS)
def export_download(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET, prefix="ekspor")
    if not form.is_valid():
        return _page(request, UploadForm(), form, 422)
    try:
        file = directory_export(user=request.user, kind=form.cleaned_data["kind"], fmt=form.cleaned_data["format"])
    except ValidationFailed as exc:
        show_errors(form, exc)
        return _page(request, UploadForm(), form, 422)
    return _download(file)


urlpatterns: list[URLPattern | URLResolver] = [
    path("direktori/impor-ekspor/", import_index, name="imports"),
    path("direktori/impor-ekspor/simpan/", import_commit, name="import_commit"),
    path("direktori/impor-ekspor/tugas/<int:pk>/", import_job, name="import_job"),
    path("direktori/impor-ekspor/tugas/<int:pk>/status/", import_job_status, name="import_job_status"),
    path("direktori/impor-ekspor/ekspor/", export_download, name="export_download"),
    path(
        "direktori/impor-ekspor/templat/<str:kind>.<str:fmt>",
        import_template_download,
        name="import_template",
    ),
]
