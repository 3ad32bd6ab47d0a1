"""Webhooks API (read-only, platform admin): endpoints and their deliveries. Secrets never leave."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from terpadu.core.access import api_access, roles
from terpadu.core.apischema import ERRORS, Pages
from terpadu.core.roles import Role

from . import selectors

router = Router(tags=["webhook"])
ADMIN = roles(Role.PLATFORM_ADMIN)


class EndpointOut(Schema):
    id: int
    name: str
    url: str
    event_types: list[str]
    is_active: bool
    created_at: datetime


class DeliveryOut(Schema):
    id: int
    uuid: UUID
    endpoint_id: int
    event_id: UUID
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None


class DeliveryFilter(Schema):
    endpoint: int | None = None
    status: str = ""
    event_type: str = ""


@router.get("/endpoints", response={200: list[EndpointOut], **ERRORS})
@paginate(Pages)
@api_access(ADMIN)
def endpoint_list(request: HttpRequest) -> Any:
    return selectors.endpoint_list_for_user(user=request.user)


@router.get("/deliveries", response={200: list[DeliveryOut], **ERRORS})
@paginate(Pages)
@api_access(ADMIN)
def delivery_list(request: HttpRequest, filters: Query[DeliveryFilter]) -> Any:
    return selectors.delivery_list_for_user(
        user=request.user, endpoint_id=filters.endpoint, status=filters.status, event_type=filters.event_type
    )
