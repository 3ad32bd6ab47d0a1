"""Reads of stored files, always for an acting user."""

from __future__ import annotations

from typing import Any

from terpadu.core.errors import NotFound
from terpadu.core.roles import actor_of
from terpadu.core.scoping import get_for_user

from .models import StoredFile
from .policies import FileFacts, may_download


def facts_of(row: StoredFile) -> FileFacts:
    return FileFacts(id=row.pk, government_id=row.government_id, purpose=row.purpose, uploaded_by_id=row.uploaded_by_id)


def stored_file_for_download(*, user: Any, file_id: int) -> StoredFile:
    """The file if ``user`` may download it; the same 404 for missing, another government's, or refused."""
    row = get_for_user(StoredFile, user, file_id)
    actor = actor_of(user)
    if actor is None or not may_download(actor, facts_of(row)):
        raise NotFound("Berkas tidak ditemukan.")
    return row
