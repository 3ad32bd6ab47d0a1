"""Helpers shared by the directory pages: the acting user, pagination, service errors on forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from terpadu.core.errors import ValidationFailed
from terpadu.core.forms import show_errors
from terpadu.core.roles import Actor, actor_of

PER_PAGE = 25


def actor_for(request: HttpRequest) -> Actor:
    actor = actor_of(request.user)
    assert actor is not None, "the access rule admits signed-in users only"
    return actor


def paginate(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PER_PAGE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    """An HTMX swap (not a history restore, which needs the whole page)."""
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    template: str,
    context: dict[str, Any],
    save: Callable[[dict[str, Any]], Model],
    success: Callable[[Model], str],
    message: str,
) -> HttpResponse:
    """GET shows the form; a valid POST calls ``save`` (one service) and redirects to ``success(obj)``.

    Refusals of the service (ValidationFailed) come back next to their fields, with the input kept."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(success(saved))
    status = 422 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)
