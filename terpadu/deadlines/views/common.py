"""Helpers of the deadline pages: the acting user, the government's time zone, errors on forms."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from terpadu.core.forms import show_errors  # noqa: F401  (re-exported for the page modules)
from terpadu.core.roles import Actor, actor_of
from terpadu.directory.timezones import government_zone, in_government_zone  # noqa: F401  (re-exported)

from ..models import Obligation
from ..registry import managed_module

PER_PAGE = 25


def actor_for(request: HttpRequest) -> Actor:
    actor = actor_of(request.user)
    assert actor is not None, "the access rule admits signed-in users only"
    return actor


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
