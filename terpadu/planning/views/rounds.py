"""Round pages (being written)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from terpadu.core.access import access

from .. import policies


@access(policies.PARTICIPANTS)
def round_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@access(policies.PARTICIPANTS)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("")


@access(policies.PARTICIPANTS)
def agency_plan(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    return HttpResponse("")


@access(policies.PARTICIPANTS)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("")


urlpatterns = [
    path("", round_list, name="rounds"),
    path("putaran/<int:pk>/", round_detail, name="round"),
    path("putaran/<int:pk>/opd/<int:agency_pk>/", agency_plan, name="agency_plan"),
    path("renja/<int:pk>/", plan_detail, name="plan"),
]
