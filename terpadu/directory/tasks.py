"""Thin job wrappers (django-q2) of the directory. Each is idempotent: running it twice acts once."""

from __future__ import annotations

from .imports.jobs import directory_import_job_run


def directory_import_run(job_id: int) -> str | None:
    """Commit a queued directory import (a second run of the same job does nothing)."""
    job = directory_import_job_run(job_id=job_id)
    return job.status if job is not None else None
