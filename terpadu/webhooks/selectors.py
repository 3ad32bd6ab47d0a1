"""Reads of endpoints, deliveries and attempts, always scoped to the acting user's government."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from terpadu.core.scoping import get_for_user, scoped

from .models import Delivery, DeliveryAttempt, WebhookEndpoint


def endpoint_list_for_user(*, user: Any) -> QuerySet[WebhookEndpoint]:
    endpoints = scoped(WebhookEndpoint.objects.all(), user)
    return endpoints.annotate(delivery_count=Count("deliveries")).order_by("name", "pk")


def endpoint_for_user(*, user: Any, endpoint_id: int) -> WebhookEndpoint:
    return get_for_user(WebhookEndpoint, user, endpoint_id)


def delivery_list_for_user(
    *, user: Any, endpoint_id: int | None = None, status: str = "", event_type: str = ""
) -> QuerySet[Delivery]:
    deliveries = scoped(Delivery.objects.select_related("endpoint"), user)
    if endpoint_id is not None:
        deliveries = deliveries.filter(endpoint_id=endpoint_id)
    if status:
        deliveries = deliveries.filter(status=status)
    if event_type:
        deliveries = deliveries.filter(event_type=event_type)
    return deliveries.order_by("-created_at", "-pk")


def delivery_for_user(*, user: Any, delivery_id: int) -> Delivery:
    return get_for_user(Delivery.objects.select_related("endpoint"), user, delivery_id)


def attempts_of(*, user: Any, delivery: Delivery) -> QuerySet[DeliveryAttempt]:
    return scoped(DeliveryAttempt.objects.filter(delivery=delivery), user).order_by("-number")
