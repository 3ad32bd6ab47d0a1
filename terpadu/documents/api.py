"""Documents API: a stored file's record and its bytes, for users its purpose allows."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS

from . import selectors
from .views import file_response

router = Router(tags=["dokumen"])


class StoredFileOut(Schema):
    id: int
    purpose: str
    original_name: str
    size: int
    content_type: str
    sha256: str
    uploaded_at: datetime


@router.get("/files/{file_id}", response={200: StoredFileOut, **ERRORS})
@api_access(AUTHENTICATED)
def stored_file_detail(request: HttpRequest, file_id: int) -> Any:
    return selectors.stored_file_for_download(user=request.user, file_id=file_id)


@router.get("/files/{file_id}/content", response={200: None, **ERRORS})
@api_access(AUTHENTICATED)
def stored_file_content(request: HttpRequest, file_id: int) -> Any:
    return file_response(selectors.stored_file_for_download(user=request.user, file_id=file_id))
