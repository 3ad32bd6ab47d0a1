"""The only functions other modules call for documents: PDF and XLSX rendering, checked uploads,
generated files, and opening a stored file. They return frozen dataclasses, never model rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse

from . import services
from .models import StoredFile
from .pdf import render_pdf
from .policies import DownloadRule, FileFacts, UploadPolicy, register_upload_policy
from .xlsx import ReadSheet, Sheet, read_xlsx, write_xlsx

__all__ = [
    "DownloadRule",
    "FileFacts",
    "ReadSheet",
    "Sheet",
    "StoredFileInfo",
    "UploadPolicy",
    "read_xlsx",
    "register_upload_policy",
    "render_pdf",
    "save_generated",
    "store_upload",
    "stored_file_info",
    "stored_file_open",
    "write_xlsx",
]


@dataclass(frozen=True)
class StoredFileInfo:
    id: int
    original_name: str
    size: int
    content_type: str
    sha256: str
    #: the download page (site-relative; it checks who asks)
    url: str


def info_of(row: StoredFile) -> StoredFileInfo:
    return StoredFileInfo(
        id=row.pk,
        original_name=row.original_name,
        size=row.size,
        content_type=row.content_type,
        sha256=row.sha256,
        url=reverse("documents:download", args=[row.pk]),
    )


def store_upload(*, file: UploadedFile | File, purpose: str, user: Any, government_id: int) -> StoredFileInfo:
    """Check an upload (size, type from the content, extension) against the purpose's policy and store it.

    Raises :class:`terpadu.core.errors.ValidationFailed` (field ``file``) with the reason in Indonesian.
    """
    row = services.stored_file_create_from_upload(file=file, purpose=purpose, user=user, government_id=government_id)
    return info_of(row)


def save_generated(
    *, content: bytes, name: str, content_type: str, purpose: str, government_id: int, user: Any = None
) -> StoredFileInfo:
    """Store a PDF/XLSX that Terpadu generated (the purpose must be registered, for its download rule)."""
    row = services.stored_file_create_generated(
        content=content,
        name=name,
        content_type=content_type,
        purpose=purpose,
        government_id=government_id,
        user=user,
    )
    return info_of(row)


def stored_file_info(*, file_id: int) -> StoredFileInfo:
    return info_of(StoredFile.objects.get(pk=file_id))


def stored_file_open(*, file_id: int) -> File:
    """The stored bytes, opened for reading (the caller closes it). No access check: callers decide."""
    row = StoredFile.objects.get(pk=file_id)
    return default_storage.open(row.storage_name, "rb")
