"""Helpers of the deadline pages: the acting user, the government's time zone, errors on forms."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from terpadu.core.forms import show_errors  # noqa: F401  (re-exported for the page modules)
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.models import Government

from ..models import Obligation
from ..registry import managed_module

PER_PAGE = 25


def actor_for(request: HttpRequest) -> Actor:
    actor = actor_of(request.user)
    assert actor is not None, "the access rule admits signed-in users only"
    return actor


def government_zone(request: HttpRequest) -> str:
    actor = actor_for(request)
    zone = Government.objects.filter(pk=actor.government_id or 0).values_list("timezone", flat=True).first()
    return zone or "Asia/Jakarta"


def in_government_zone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Forms of the view read and show times in the government's zone (WITA for Kabupaten Contoh)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        zone = government_zone(request)
        request.government_zone = zone  # type: ignore[attr-defined]
        with timezone.override(zone):
            return view(request, *args, **kwargs)

    return wrapper


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def tone(status: Any) -> str:
    return "" if status.tone == "neutral" else status.tone


def managed_redirect(obligation: Obligation, agency_id: int | None = None) -> HttpResponse | None:
    """A request answered through a module (E-Planning) is read and answered on that module's pages."""
    managed = managed_module(obligation.module)
    if managed is None:
        return None
    if agency_id is None:
        return HttpResponseRedirect(managed.request_url(obligation.pk))
    return HttpResponseRedirect(managed.response_url(obligation.pk, agency_id))
