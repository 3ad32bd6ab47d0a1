"""Downloads of stored files: only to users the file's purpose allows, always as an attachment."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest

from terpadu.core.access import AUTHENTICATED, access

from . import selectors
from .models import StoredFile


def file_response(row: StoredFile) -> FileResponse:
    """The stored bytes as a download, with its recorded type, never sniffed by the browser."""
    response = FileResponse(
        default_storage.open(row.storage_name, "rb"),
        as_attachment=True,
        filename=row.original_name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@access(AUTHENTICATED)
def download(request: HttpRequest, pk: int) -> FileResponse:
    return file_response(selectors.stored_file_for_download(user=request.user, file_id=pk))
