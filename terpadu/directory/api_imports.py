"""Directory import/export API: the same checks, formats and all-or-nothing commit as the Impor/Ekspor page."""

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from terpadu.core.access import api_access, roles
from terpadu.core.apischema import ERRORS, ErrorOut
from terpadu.core.roles import Role

from .imports import ImportReport, directory_export, directory_import
from .imports.uploads import upload_read

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


def _out(report: ImportReport) -> dict[str, Any]:
    return {
        **asdict(report),
        "summary": {kind: asdict(counts) for kind, counts in report.summary.items()},
        "errors": [asdict(error) for error in report.errors],
    }


@imports_router.post("/imports", response={200: ImportOut, **ERRORS, 422: ImportOut | ErrorOut})
@api_access(ADMINS)
def import_run(
    request: HttpRequest,
    file: UploadedFile = File(..., description="berkas .xlsx atau .csv"),  # noqa: B008
    kind: str = Form("", description="agencies, units, positions atau employees (wajib untuk CSV)"),
    dry_run: bool = Query(True, description="true: hanya periksa; false: simpan bila tanpa kesalahan"),
) -> Status[dict[str, Any]]:
    """Check a file (dry run) or write it all-or-nothing; a commit refused for row errors answers 422."""
    report = directory_import(
        user=request.user, data=upload_read(file), filename=file.name or "", kind=kind, dry_run=dry_run
    )
    return Status(200 if report.ok or report.dry_run else 422, _out(report))


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
