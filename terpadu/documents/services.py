"""Writes: checked uploads and generated documents into storage, each recorded as a StoredFile."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from terpadu.core.audit import audit_record, snapshot
from terpadu.core.errors import AccessDenied, ValidationFailed
from terpadu.core.roles import actor_of

from . import rules
from .models import StoredFile
from .policies import UploadPolicy, policy_for

AUDITED_FIELDS = ["purpose", "original_name", "storage_name", "size", "content_type", "sha256"]


def _refuse(message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={"file": message})


def _limit(policy: UploadPolicy) -> int:
    return min(policy.max_bytes, settings.TERPADU_UPLOAD_MAX_BYTES)


def _too_large(size: int | None, limit: int) -> ValidationFailed:
    shown = f" ({rules.format_size(size)})" if size else ""
    return _refuse(f"Berkas terlalu besar{shown}; paling besar {rules.format_size(limit)}.", "file_too_large")


def _digest(file: File, limit: int) -> tuple[str, int]:
    """SHA-256 and size, streamed chunk by chunk; refused as soon as the limit is passed."""
    sha, size = hashlib.sha256(), 0
    for chunk in file.chunks(rules.CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise _too_large(file.size if file.size and file.size > limit else None, limit)
        sha.update(chunk)
    if size == 0:
        raise _refuse("Berkas kosong.", "file_empty")
    return sha.hexdigest(), size


def _checked_kind(file: File, name: str, policy: UploadPolicy) -> rules.Kind:
    extension = rules.extension_of(name)
    kind = rules.detect(file, extension)  # type: ignore[arg-type]
    allowed = rules.describe_allowed(policy.allowed)
    if kind is None:
        raise _refuse(f"Jenis berkas tidak dikenali; yang diizinkan: {allowed}.", "file_type_unknown")
    if rules.contradicts(kind, extension):
        raise _refuse(f"Isi berkas tidak sesuai ekstensinya (.{extension}).", "file_forged")
    if kind.content_type not in policy.allowed:
        message = f"Jenis berkas tidak diizinkan: berkas ini {kind.label}, yang diizinkan: {allowed}."
        raise _refuse(message, "file_type_not_allowed")
    return kind


def _check_government(user: Any, government_id: int) -> None:
    actor = actor_of(user)
    if actor is not None and actor.government_id != government_id:
        raise AccessDenied("Berkas hanya dapat disimpan untuk pemerintah daerah Anda sendiri.")


def _record(*, content: File, facts: dict[str, Any], extension: str, user: Any) -> StoredFile:
    """Save to storage, then the row and its audit event; the stored bytes go if the row fails."""
    now = timezone.now()
    path = f"uploads/{facts['government_id']}/{facts['purpose']}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"
    content.seek(0)
    storage_name = default_storage.save(path, content)
    uploader = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            row = StoredFile.objects.create(storage_name=storage_name, uploaded_by=uploader, uploaded_at=now, **facts)
            audit_record(
                actor=user,
                action="documents.file.store",
                target=row,
                government_id=row.government_id,
                after=snapshot(row, AUDITED_FIELDS),
            )
    except BaseException:
        default_storage.delete(storage_name)
        raise
    return row


def stored_file_create_from_upload(*, file: File, purpose: str, user: Any, government_id: int) -> StoredFile:
    """Check an upload against its purpose's policy (size, type by content, extension), then store it."""
    policy = policy_for(purpose)
    _check_government(user, government_id)
    limit = _limit(policy)
    if file.size is not None and file.size > limit:
        raise _too_large(file.size, limit)
    name = rules.clean_name(file.name or "")
    sha256, size = _digest(file, limit)
    kind = _checked_kind(file, name, policy)
    facts = {
        "government_id": government_id,
        "purpose": purpose,
        "original_name": name,
        "size": size,
        "content_type": kind.content_type,
        "sha256": sha256,
    }
    return _record(content=file, facts=facts, extension=kind.extension, user=user)


def stored_file_create_generated(
    *, content: bytes, name: str, content_type: str, purpose: str, government_id: int, user: Any = None
) -> StoredFile:
    """Store a document Terpadu made itself (a PDF, an XLSX): trusted content, recorded the same way."""
    policy_for(purpose)
    name = rules.clean_name(name)
    kind = rules.kind_for(content_type)
    extension = kind.extension if kind.extensions else (rules.extension_of(name) or "bin")
    facts = {
        "government_id": government_id,
        "purpose": purpose,
        "original_name": name,
        "size": len(content),
        "content_type": content_type,
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    return _record(content=ContentFile(content), facts=facts, extension=extension, user=user)
