"""E-Absen API: machine-log imports (mounted under /api/v1/attendance by api.py).

``POST /imports`` (multipart ``file``; ``agency_id`` for the platform admin or a manager of several agencies)
answers exactly ``{"imported", "duplicates", "errors": [{"row", "column", "message"}]}``: 200 when the file was
imported, 422 with the same body plus ``code`` and ``message`` when any row is invalid (nothing written). A
file of more than 50,000 data rows is imported by a background job: 202 with the job's id and address, read
back with ``GET /imports/jobs/{job_id}``. ``GET /imports`` is the history the caller may read.
"""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from terpadu.core.access import api_access
from terpadu.core.apischema import ERRORS, ErrorOut, Pages

from . import machine_imports
from .models import MachineImport
from .views_imports import MANAGERS, READERS

router = Router(tags=["absensi"])


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    imported: int
    duplicates: int
    errors: list[RowErrorOut]


class RejectedOut(ImportOut):
    code: str
    message: str


class QueuedOut(Schema):
    job_id: int
    status: str
    url: str


class JobOut(Schema):
    job_id: int
    file_name: str
    status: str
    progress_done: int
    progress_total: int
    import_id: int | None
    result: ImportOut | None


class HistoryOut(Schema):
    id: int
    agency_id: int | None
    agency_name: str
    file_name: str
    uploaded_at: datetime
    uploaded_by: str
    status: str
    rows: int
    imported: int
    duplicates: int
    error_count: int


def _job_url(file_id: int) -> str:
    return f"/api/v1/attendance/imports/jobs/{file_id}"


@router.post(
    "/imports",
    response={200: ImportOut, 202: QueuedOut, **ERRORS, 422: RejectedOut | ErrorOut},
)
@api_access(MANAGERS)
def import_upload(
    request: HttpRequest,
    file: UploadedFile = File(..., description="log mesin .csv atau .xlsx: nip,timestamp[,device]"),  # noqa: B008
    agency_id: int | None = Form(None, description="OPD tujuan (wajib bagi admin platform)"),
) -> Status[dict[str, Any]]:
    """Import a machine log for an agency: all rows or none; duplicates are counted, never stored twice."""
    outcome = machine_imports.machine_import_upload(user=request.user, agency_id=agency_id, file=file)
    if isinstance(outcome, machine_imports.QueuedImport):
        return Status(202, {"job_id": outcome.file_id, "status": "queued", "url": _job_url(outcome.file_id)})
    if not outcome.ok:
        return Status(422, {**outcome.as_json(), "code": "import_rejected", "message": outcome.message})
    return Status(200, outcome.as_json())


@router.get("/imports/jobs/{job_id}", response={200: JobOut, **ERRORS})
@api_access(MANAGERS)
def import_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """A big log imported by a background job: status (queued, running, done, rejected), progress, result."""
    job = machine_imports.machine_import_job_status(user=request.user, file_id=job_id)
    return {
        "job_id": job.file_id,
        "file_name": job.file_name,
        "status": job.status,
        "progress_done": job.done,
        "progress_total": job.total,
        "import_id": job.result.import_id if job.result else None,
        "result": job.result.as_json() if job.result else None,
    }


def _history_row(record: MachineImport) -> dict[str, Any]:
    return {
        "id": record.pk,
        "agency_id": record.agency_id,
        "agency_name": record.agency.name if record.agency else "",
        "file_name": record.file_name,
        "uploaded_at": record.uploaded_at,
        "uploaded_by": record.uploaded_by.get_username(),
        "status": record.status,
        "rows": record.rows,
        "imported": record.imported,
        "duplicates": record.duplicates,
        "error_count": len(record.errors),
    }


class _Mapped:
    """A queryset paginated by ninja and mapped to dicts only for the page shown."""

    def __init__(self, qs: QuerySet[MachineImport]) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return self.qs.count()

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [_history_row(record) for record in self.qs[item]]


@router.get("/imports", response={200: list[HistoryOut], **ERRORS})
@paginate(Pages)
@api_access(READERS)
def import_history(request: HttpRequest) -> Any:
    """The imports the caller may read, newest first: the government's (government-wide roles) or their agencies'."""
    return _Mapped(machine_imports.machine_imports_for(user=request.user))
