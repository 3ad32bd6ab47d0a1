"""Calendar pages: the month for everyone, the settings for the platform admin."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from terpadu.core.access import AUTHENTICATED, access, roles
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role, actor_of
from terpadu.core.scoping import get_for_user, scoped
from terpadu.directory.models import Government

from . import rules, services
from .forms import OverrideForm, PatternForm
from .interfaces import calendar_days
from .models import CalendarOverride, WorkPattern

ADMIN = roles(Role.PLATFORM_ADMIN)
register(
    NavItem("Kalender kerja", "calendar:month", AUTHENTICATED, order=80),
    NavItem("Atur kalender", "calendar:settings", ADMIN, order=81, section="Admin"),
)


def _month_start(raw: str | None) -> date:
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return date.today().replace(day=1)


def _government(request: HttpRequest) -> Government:
    actor = actor_of(request.user)
    assert actor is not None
    return get_for_user(Government, request.user, actor.government_id)


@access(AUTHENTICATED)
def month(request: HttpRequest) -> HttpResponse:
    first = _month_start(request.GET.get("bulan"))
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    government = _government(request)
    days = calendar_days(government_id=government.pk, start=first, end=last)
    context = {
        "days": days,
        "first": first,
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + timedelta(days=1)).strftime("%Y-%m"),
        "working_days": sum(1 for d in days if d.is_working),
        "expected": rules.format_minutes(sum(d.expected_minutes for d in days)),
        "kind_labels": rules.DAY_KIND_LABELS,
    }
    return render(request, "calendar/month.html", context)


def _settings_page(request: HttpRequest, override_form: OverrideForm, pattern_form: PatternForm) -> HttpResponse:
    government = _government(request)
    return render(
        request,
        "calendar/settings.html",
        {
            "overrides": scoped(
                CalendarOverride.objects.filter(date__gte=date.today() - timedelta(days=366)), request.user
            ),
            "patterns": scoped(WorkPattern.objects.all(), request.user),
            "override_form": override_form,
            "pattern_form": pattern_form,
            "government": government,
        },
    )


@access(ADMIN)
def settings_page(request: HttpRequest) -> HttpResponse:
    return _settings_page(request, OverrideForm(), PatternForm())


@access(ADMIN)
@require_POST
def override_save(request: HttpRequest) -> HttpResponse:
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.calendar_override_set(
                user=request.user,
                government=_government(request),
                day=form.cleaned_data["date"],
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                decree=form.cleaned_data["decree"],
            )
            messages.success(request, "Tanggal disimpan.")
            return redirect("calendar:settings")
        except ApplicationError as exc:
            show_errors(form, exc)
    return _settings_page(request, form, PatternForm())


@access(ADMIN)
@require_POST
def override_delete(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_for_user(CalendarOverride, request.user, pk)
    services.calendar_override_delete(user=request.user, override=override)
    messages.success(request, "Pengaturan tanggal dihapus.")
    return redirect("calendar:settings")


@access(ADMIN)
@require_POST
def pattern_save(request: HttpRequest) -> HttpResponse:
    form = PatternForm(request.POST)
    if form.is_valid():
        try:
            services.work_pattern_create(
                user=request.user,
                government=_government(request),
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                week=form.week(),
            )
            for warning in rules.week_warnings(form.week()):
                messages.warning(request, warning)
            messages.success(request, "Pola jam kerja disimpan.")
            return redirect("calendar:settings")
        except ApplicationError as exc:
            show_errors(form, exc)
    return _settings_page(request, OverrideForm(), form)
