"""Webhook admin pages (platform admin): endpoints, their deliveries and attempts, "kirim ulang"."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from terpadu.core.access import access, roles
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.forms import show_errors
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role, actor_of
from terpadu.core.scoping import get_for_user
from terpadu.directory.models import Government

from . import selectors, services
from .forms import DeliveryFilterForm, EndpointForm

ADMIN = roles(Role.PLATFORM_ADMIN)
PER_PAGE = 25
register(NavItem("Webhook", "webhooks:endpoint_list", ADMIN, order=95))


def _paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _own_government(request: HttpRequest) -> Government:
    actor = actor_of(request.user)
    return get_for_user(Government, request.user, actor.government_id if actor else None)


@access(ADMIN)
def endpoint_list(request: HttpRequest) -> HttpResponse:
    page = _paginate(request, selectors.endpoint_list_for_user(user=request.user))
    return render(request, "webhooks/endpoint_list.html", {"page_obj": page})


@access(ADMIN)
def endpoint_create(request: HttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                user=request.user, government=_own_government(request), **form.cleaned_data
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            response = render(request, "webhooks/secret.html", {"endpoint": endpoint, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "webhooks/endpoint_form.html", {"form": form}, status=status)


@access(ADMIN)
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_for_user(user=request.user, endpoint_id=pk)
    form = DeliveryFilterForm(request.GET)
    deliveries = selectors.delivery_list_for_user(user=request.user, endpoint_id=endpoint.pk, status=form.value())
    context = {"endpoint": endpoint, "form": form, "page_obj": _paginate(request, deliveries)}
    return render(request, "webhooks/endpoint_detail.html", context)


@access(ADMIN)
@require_POST
def endpoint_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_for_user(user=request.user, endpoint_id=pk)
    active = request.POST.get("active") == "1"
    services.endpoint_set_active(user=request.user, endpoint=endpoint, active=active)
    messages.success(request, "Webhook diaktifkan." if active else "Webhook dinonaktifkan; antrean dibatalkan.")
    return redirect("webhooks:endpoint_detail", pk=endpoint.pk)


@access(ADMIN)
@require_POST
def endpoint_ping(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_for_user(user=request.user, endpoint_id=pk)
    try:
        delivery = services.endpoint_ping(user=request.user, endpoint=endpoint)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("webhooks:endpoint_detail", pk=endpoint.pk)
    messages.success(request, "Pesan uji dijadwalkan untuk dikirim.")
    return redirect("webhooks:delivery_detail", pk=delivery.pk)


@access(ADMIN)
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.delivery_for_user(user=request.user, delivery_id=pk)
    context = {
        "delivery": delivery,
        "attempts": selectors.attempts_of(user=request.user, delivery=delivery),
        "payload": json.dumps(delivery.payload, ensure_ascii=False, indent=2, sort_keys=True),
    }
    return render(request, "webhooks/delivery_detail.html", context)


@access(ADMIN)
@require_POST
def delivery_redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = selectors.delivery_for_user(user=request.user, delivery_id=pk)
    try:
        services.delivery_redeliver(user=request.user, delivery=delivery)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Pengiriman ulang dijadwalkan.")
    return redirect("webhooks:delivery_detail", pk=delivery.pk)
