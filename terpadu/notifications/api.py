"""Notifications API: the caller's own inbox, unread count, and marking read."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS, Pages

from . import selectors, services

router = Router(tags=["notifikasi"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None
    is_read: bool


class CountOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get("", response={200: list[NotificationOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def notification_list(request: HttpRequest, unread: bool | None = None) -> Any:
    """The caller's notifications, newest first; ``unread=true`` only unread, ``false`` only read."""
    return selectors.notification_list_for_user(user=request.user, unread=unread)


@router.get("/unread-count", response={200: CountOut, **ERRORS})
@api_access(AUTHENTICATED)
def notification_unread_count(request: HttpRequest) -> Any:
    return {"unread": selectors.unread_count_for_user(user=request.user)}


@router.post("/read-all", response={200: MarkedOut, **ERRORS})
@api_access(AUTHENTICATED)
def notification_read_all(request: HttpRequest) -> Any:
    return {"marked": services.notification_mark_all_read(user=request.user)}


@router.post("/{notification_id}/read", response={200: NotificationOut, **ERRORS})
@api_access(AUTHENTICATED)
def notification_read(request: HttpRequest, notification_id: int) -> Any:
    return services.notification_mark_read(user=request.user, notification_id=notification_id)
