"""A directory import commit running as a background job, with its progress and report."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope

from .org import Agency, Government


class DirectoryImportJob(models.Model):
    """One "Simpan ke basis data" of a previewed file: queued, then run by a worker as the requesting user.

    Scope: a platform admin sees the government's jobs; anyone else sees the jobs of their agency
    (``agency`` is the requester's agency when queued) and their own — and the selectors narrow them to
    their own (``directory.selectors.import_jobs_for``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Menunggu"
        RUNNING = "running", "Diproses"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="import_jobs")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, blank=True)
    filename = models.CharField(max_length=300)
    storage_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    #: the summary and the row errors, as the preview shows them
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope = Scope(government="government_id", agency="agency_id", owner_employee="requested_by__employee_id")

    class Meta:
        verbose_name = "tugas impor direktori"
        verbose_name_plural = "tugas impor direktori"
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="directory_importjob_user_idx")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
