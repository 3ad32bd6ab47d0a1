"""Directory import/export API: the same checks, formats and all-or-nothing commit as the Impor/Ekspor page.

A dry run answers the report at once; a commit is checked at once too (row errors: 422, nothing
queued) and then runs as a background job (202), whose status, progress and report are read back.
"""

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from terpadu.core.access import api_access, roles
from terpadu.core.apischema import ERRORS, ErrorOut
from terpadu.core.roles import Role

from .imports import ImportReport, directory_export, directory_import
from .imports.jobs import directory_import_enqueue, import_job_get
from .imports.uploads import upload_read, upload_store
from .models import DirectoryImportJob

imports_router = Router(tags=["direktori"])
ADMINS = roles(Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN)


class CountsOut(Schema):
    create: int
    update: int
    unchanged: int
    invalid: int


class RowErrorOut(Schema):
    sheet: str
    row: int
    column: str
    reason: str


class ImportOut(Schema):
    filename: str
    sha256: str
    dry_run: bool
    committed: bool
    summary: dict[str, CountsOut]
    errors: list[RowErrorOut]


class ImportQueuedOut(Schema):
    job_id: int
    status: str
    url: str


class ImportJobOut(Schema):
    job_id: int
    filename: str
    kind: str
    sha256: str
    status: str
    progress_done: int
    progress_total: int
    report: dict[str, Any]
    error: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    page_url: str


def _job_url(job: DirectoryImportJob) -> str:
    return f"/api/v1/directory/imports/jobs/{job.pk}"


def _job_out(job: DirectoryImportJob) -> dict[str, Any]:
    return {
        "job_id": job.pk,
        "filename": job.filename,
        "kind": job.kind,
        "sha256": job.sha256,
        "status": job.status,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "report": job.report,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "page_url": reverse("directory:import_job", args=[job.pk]),
    }


def _out(report: ImportReport) -> dict[str, Any]:
    return {
        **asdict(report),
        "summary": {kind: asdict(counts) for kind, counts in report.summary.items()},
        "errors": [asdict(error) for error in report.errors],
    }


@imports_router.post("/imports", response={200: ImportOut, 202: ImportQueuedOut, **ERRORS, 422: ImportOut | ErrorOut})
@api_access(ADMINS)
def import_run(
    request: HttpRequest,
    file: UploadedFile = File(..., description="berkas .xlsx atau .csv"),  # noqa: B008
    kind: str = Form("", description="agencies, units, positions atau employees (wajib untuk CSV)"),
    dry_run: bool = Query(True, description="true: hanya periksa; false: simpan bila tanpa kesalahan"),
) -> Status[dict[str, Any]]:
    """Check a file (dry run), or queue its all-or-nothing commit as a job (202; row errors: 422, nothing queued)."""
    data, filename = upload_read(file), file.name or ""
    report = directory_import(user=request.user, data=data, filename=filename, kind=kind, dry_run=True)
    if dry_run:
        return Status(200, _out(report))
    if not report.ok:
        return Status(422, {**_out(report), "dry_run": False})
    job = directory_import_enqueue(user=request.user, stored=upload_store(data=data, filename=filename, kind=kind))
    return Status(202, {"job_id": job.pk, "status": job.status, "url": _job_url(job)})


@imports_router.get("/imports/jobs/{job_id}", response={200: ImportJobOut, **ERRORS})
@api_access(ADMINS)
def import_job_status(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """A queued import: status, progress (rows handled of the total) and, when finished, the report."""
    return _job_out(import_job_get(user=request.user, pk=job_id))


@imports_router.get(
    "/exports/{kind}",
    response={**ERRORS},
    openapi_extra={"responses": {200: {"description": "berkas .xlsx atau .csv dalam format impor"}}},
)
@api_access(ADMINS)
def export_download(
    request: HttpRequest,
    kind: str,
    fmt: str = Query("xlsx", alias="format", description="xlsx atau csv"),
) -> HttpResponse:
    """The rows of ``kind`` (or ``all``, XLSX only) the caller may see, in the import format."""
    file = directory_export(user=request.user, kind=kind, fmt=fmt)
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
