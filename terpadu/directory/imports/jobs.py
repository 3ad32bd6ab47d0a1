"""The commit of a previewed import as a background job (DESIGN §5: long work runs as a job with progress).

``directory_import_enqueue`` records a queued :class:`DirectoryImportJob` for a stored upload and
enqueues ``terpadu.directory.tasks.directory_import_run``; ``directory_import_job_run`` (the task's
body) claims the job once, re-reads the upload and checks its SHA-256, and runs the same all-or-nothing
commit as the requesting user (whose rights are checked again), recording progress and the report.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from terpadu.core.audit import audit_record
from terpadu.core.errors import ApplicationError
from terpadu.core.jobs import enqueue
from terpadu.core.scoping import get_for_user, scoped

from ..models import DirectoryImportJob
from .context import government_of
from .report import ImportReport
from .service import directory_import
from .uploads import StoredUpload, upload_discard, upload_load

logger = logging.getLogger(__name__)
TASK = "terpadu.directory.tasks.directory_import_run"
RECENT = 10
FAILED_SYSTEM = "Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. Ulangi impor atau hubungi admin."
Status = DirectoryImportJob.Status


def report_data(report: ImportReport) -> dict[str, Any]:
    """The report as JSON: summary per kind and the row errors, as the preview shows them."""
    return {
        "filename": report.filename,
        "sha256": report.sha256,
        "committed": report.committed,
        "summary": {kind: asdict(counts) for kind, counts in report.summary.items()},
        "errors": [asdict(error) for error in report.errors],
    }


# --- reads ----------------------------------------------------------------------------------------


def import_jobs_for(*, user: Any) -> QuerySet[DirectoryImportJob]:
    """The jobs ``user`` may see: a platform admin the government's, anyone else their own."""
    qs = scoped(DirectoryImportJob.objects.all(), user)
    actor = getattr(user, "get_actor", lambda: None)()
    if actor is None or not actor.sees_whole_government:
        qs = qs.filter(requested_by_id=getattr(user, "pk", None))
    return qs.select_related("requested_by").order_by("-created_at", "-pk")


def import_job_get(*, user: Any, pk: Any) -> DirectoryImportJob:
    """One job of ``user`` (the same 404 for "missing" and "not yours")."""
    return get_for_user(import_jobs_for(user=user), user, pk)


# --- enqueue --------------------------------------------------------------------------------------


@transaction.atomic
def directory_import_enqueue(*, user: Any, stored: StoredUpload) -> DirectoryImportJob:
    """Queue the commit of a stored (previewed) upload; the job runs after this transaction commits."""
    _actor, government = government_of(user)
    employee = getattr(user, "employee", None)
    job = DirectoryImportJob.objects.create(
        government=government,
        agency_id=getattr(employee, "agency_id", None),
        requested_by=user,
        kind=stored.kind,
        filename=stored.filename[:300],
        storage_name=stored.name,
        sha256=stored.sha256,
    )
    audit_record(
        actor=user,
        action="directory.import.queued",
        target=job,
        government_id=government.pk,
        agency_id=job.agency_id,
        after={"filename": job.filename, "sha256": job.sha256, "kind": job.kind},
    )
    enqueue(TASK, job.pk)
    return job


# --- run ------------------------------------------------------------------------------------------


def _write_progress(job_id: int, done: int, total: int) -> None:
    """Record progress where other requests can read it while the import's transaction is still open.

    On PostgreSQL the row is updated on a connection of its own (a short-lived thread), committed at
    once; SQLite has one writer at a time, so there the update joins the import's transaction.
    """

    def update() -> None:
        DirectoryImportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        update()
        return

    def on_own_connection() -> None:
        try:
            update()
        finally:
            connection.close()

    thread = threading.Thread(target=on_own_connection, name=f"import-job-{job_id}-progress")
    thread.start()
    thread.join()


def _finish(job: DirectoryImportJob, status: str, *, report: dict[str, Any] | None = None, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    if report is not None:
        job.report = report
    job.save(update_fields=["status", "error", "finished_at", "report", "progress_done", "progress_total"])


def directory_import_job_run(*, job_id: int) -> DirectoryImportJob | None:
    """Run a queued job once (None when it is missing or already claimed): all rows or none.

    Any failure marks the job failed with a message in Bahasa Indonesia; the import's own transaction
    is then rolled back, so nothing of the file is written. The stored upload is removed at the end.
    """
    claimed = DirectoryImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = DirectoryImportJob.objects.select_related("requested_by").get(pk=job_id)
    stored = StoredUpload("", job.storage_name, job.filename, job.kind, job.sha256)

    def progress(done: int, total: int) -> None:
        job.progress_done, job.progress_total = done, total
        _write_progress(job.pk, done, total)

    try:
        data = upload_load(stored)
        report = directory_import(
            user=job.requested_by, data=data, filename=job.filename, kind=job.kind, dry_run=False, progress=progress
        )
    except ApplicationError as exc:
        _finish(job, Status.FAILED, error=exc.message)
    except Exception:
        logger.exception("directory import job %s failed", job_id)
        _finish(job, Status.FAILED, error=FAILED_SYSTEM)
    else:
        if report.ok:
            _finish(job, Status.DONE, report=report_data(report))
        else:
            message = f"Berkas memuat {len(report.errors)} kesalahan; tidak ada data yang disimpan."
            _finish(job, Status.FAILED, report=report_data(report), error=message)
    upload_discard(stored)
    return job
