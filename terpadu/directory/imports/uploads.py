"""An upload kept between the preview and the commit: Django storage, named by a random id, with its SHA-256.

The commit re-reads exactly the previewed bytes: a file that changed or vanished is refused.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from terpadu.core.errors import NotFound

from .formats import check_size, format_of


@dataclass(frozen=True)
class StoredUpload:
    token: str
    name: str
    filename: str
    kind: str
    sha256: str

    def as_session(self) -> dict[str, Any]:
        return asdict(self)


def upload_read(upload: UploadedFile) -> bytes:
    """The bytes of an upload, refusing an oversized one before reading it."""
    check_size(upload.size or 0)
    format_of(upload.name or "")
    return b"".join(upload.chunks())


def upload_store(*, data: bytes, filename: str, kind: str) -> StoredUpload:
    token = uuid.uuid4().hex
    name = default_storage.save(f"imports/{token}.{format_of(filename)}", ContentFile(data))
    return StoredUpload(token, name, filename, kind, hashlib.sha256(data).hexdigest())


def upload_load(stored: StoredUpload) -> bytes:
    """The stored bytes, if they are still exactly what was previewed."""
    try:
        with default_storage.open(stored.name, "rb") as handle:
            data = handle.read()
    except OSError:
        raise NotFound("Berkas unggahan tidak ditemukan lagi; unggah ulang berkasnya.") from None
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise NotFound("Berkas unggahan berubah sejak pratinjau; unggah ulang berkasnya.")
    return data


def upload_discard(stored: StoredUpload) -> None:
    if default_storage.exists(stored.name):
        default_storage.delete(stored.name)
