"""Stored files: every upload and every generated document kept through Django storage."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from terpadu.core.scoping import Scope
from terpadu.directory.models import Government


class StoredFile(models.Model):
    """One file in storage (filesystem or S3), with what was checked about it when it came in."""

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="stored_files")
    purpose = models.CharField("kegunaan", max_length=50)
    original_name = models.CharField("nama berkas asli", max_length=255)
    storage_name = models.CharField("nama di penyimpanan", max_length=300, unique=True)
    size = models.PositiveBigIntegerField("ukuran (bita)")
    content_type = models.CharField("jenis isi", max_length=120)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="stored_files"
    )
    uploaded_at = models.DateTimeField("diunggah pada")

    scope = Scope(government="government_id")

    class Meta:
        verbose_name = "berkas"
        verbose_name_plural = "berkas"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            models.Index(fields=["government", "purpose", "uploaded_at"], name="storedfile_purpose_idx"),
            models.Index(fields=["sha256"], name="storedfile_sha256_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name
