"""Pages that read and show times in the acting user's government zone (WITA for Kabupaten Contoh)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from terpadu.core.roles import actor_of

from .models import Government

DEFAULT_ZONE = "Asia/Jakarta"


def government_zone(request: HttpRequest) -> str:
    actor = actor_of(request.user)
    government_id = actor.government_id if actor is not None else None
    zone = Government.objects.filter(pk=government_id or 0).values_list("timezone", flat=True).first()
    return zone or DEFAULT_ZONE


def in_government_zone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Forms of the view read and show times in the government's zone; ``request.government_zone`` holds it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        zone = government_zone(request)
        request.government_zone = zone  # type: ignore[attr-defined]
        with timezone.override(zone):
            return view(request, *args, **kwargs)

    return wrapper


def aware_in_government_zone(moment: datetime, request: HttpRequest) -> datetime:
    """A time sent without an offset (an API client's ``2026-12-01T08:00``) is the government's local time."""
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=ZoneInfo(government_zone(request)))
