"""Pieces every module's API shares: the error body and pagination."""

from __future__ import annotations

from ninja import Schema
from ninja.pagination import PageNumberPagination


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


#: error responses every authenticated operation may return
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class Pages(PageNumberPagination):
    """Page-number pagination: ``?page=N&page_size=M`` (max 200) → ``{"items", "count"}``."""

    def __init__(self, page_size: int = 50, max_page_size: int = 200, **kwargs: object) -> None:
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)
