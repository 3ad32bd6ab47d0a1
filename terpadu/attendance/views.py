"""E-Absen rules pages: everyone reads the rules in force; the platform admin adds versions."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from terpadu.core.access import AUTHENTICATED, access, roles
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role, actor_of
from terpadu.core.scoping import get_for_user, scoped
from terpadu.directory.models import Government

from . import rules, services
from .forms import DeductionTableForm, DisciplineSettingsForm, LeaveQuotaForm
from .interfaces import deduction_table_for, discipline_settings_for, leave_quotas_for
from .models import DeductionTableVersion, DisciplineSettingsVersion, LeaveQuotaVersion
from .rules import Kind

ADMIN = roles(Role.PLATFORM_ADMIN)
register(
    NavItem("Aturan absensi", "attendance:rules", AUTHENTICATED, order=85),
    NavItem("Atur absensi", "attendance:settings", ADMIN, order=86, section="Admin"),
)


def _government(request: HttpRequest) -> Government:
    actor = actor_of(request.user)
    assert actor is not None
    return get_for_user(Government, request.user, actor.government_id)


def _band_rows(table: rules.DeductionTable) -> list[tuple[str, str, str]]:
    return [
        (f"{kind.code}{number}", band.label, rules.format_percent(band.percent))
        for kind in Kind
        for number, band in enumerate(table.bands(kind), start=1)
    ]


def _in_force(government: Government) -> dict[str, Any]:
    today = timezone.localdate(timezone=ZoneInfo(government.timezone))
    table = deduction_table_for(government_id=government.pk, day=today)
    quotas = leave_quotas_for(government_id=government.pk, day=today)
    return {
        "today": today,
        "table": table,
        "band_rows": _band_rows(table),
        "missing_percent": rules.format_percent(table.missing_record_percent),
        "unexcused_percent": rules.format_percent(table.unexcused_percent),
        "monthly_cap": rules.format_percent(table.monthly_cap),
        "discipline": discipline_settings_for(government_id=government.pk, day=today),
        "discipline_bands": rules.DISCIPLINE_BANDS,
        "consecutive_days": rules.CONSECUTIVE_DISMISSAL_DAYS,
        "dismissal": f"{rules.DISMISSAL}; {rules.SALARY_STOPPED}",
        "leave": quotas,
        "leave_rows": [(t.label, quotas.quotas.get(t, 0), rules.LEAVE_UNITS[t]) for t in rules.LeaveType],
    }


@access(AUTHENTICATED)
def rules_page(request: HttpRequest) -> HttpResponse:
    return render(request, "attendance/rules.html", _in_force(_government(request)))


def _settings(request: HttpRequest, **bound: forms.Form) -> HttpResponse:
    government = _government(request)
    context = _in_force(government) | {
        "deduction_form": bound.get("deduction_form") or DeductionTableForm(),
        "discipline_form": bound.get("discipline_form") or DisciplineSettingsForm(),
        "leave_form": bound.get("leave_form") or LeaveQuotaForm(),
        "deduction_versions": scoped(DeductionTableVersion.objects.all(), request.user),
        "discipline_versions": scoped(DisciplineSettingsVersion.objects.all(), request.user),
        "leave_versions": scoped(LeaveQuotaVersion.objects.all(), request.user),
    }
    return render(request, "attendance/settings.html", context, status=200)


@access(ADMIN)
def settings_page(request: HttpRequest) -> HttpResponse:
    return _settings(request)


def _version(form: forms.Form) -> dict[str, Any]:
    return {"name": form.cleaned_data["name"], "effective_from": form.cleaned_data["effective_from"]}


@access(ADMIN)
@require_POST
def deduction_table_save(request: HttpRequest) -> HttpResponse:
    form = DeductionTableForm(request.POST)
    if form.is_valid():
        try:
            services.deduction_table_create(
                user=request.user,
                government=_government(request),
                **_version(form),
                late_bands=form.bands(Kind.LATE),
                early_bands=form.bands(Kind.EARLY),
                missing_record_percent=form.cleaned_data["missing_record_percent"],
                unexcused_percent=form.cleaned_data["unexcused_percent"],
                monthly_cap=form.cleaned_data["monthly_cap"],
            )
            messages.success(request, "Tabel potongan TPP disimpan.")
            return redirect("attendance:settings")
        except ApplicationError as exc:
            show_errors(form, exc)
    return _settings(request, deduction_form=form)


@access(ADMIN)
@require_POST
def discipline_settings_save(request: HttpRequest) -> HttpResponse:
    form = DisciplineSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.discipline_settings_create(
                user=request.user,
                government=_government(request),
                **_version(form),
                minutes_per_day=form.cleaned_data["minutes_per_day"],
                year_mode=form.cleaned_data["year_mode"],
            )
            messages.success(request, "Pengaturan disiplin disimpan.")
            return redirect("attendance:settings")
        except ApplicationError as exc:
            show_errors(form, exc)
    return _settings(request, discipline_form=form)


@access(ADMIN)
@require_POST
def leave_quota_save(request: HttpRequest) -> HttpResponse:
    form = LeaveQuotaForm(request.POST)
    if form.is_valid():
        try:
            services.leave_quota_create(
                user=request.user,
                government=_government(request),
                **_version(form),
                quotas=form.quotas(),
                annual_carry_over_max=form.cleaned_data["annual_carry_over_max"],
                annual_total_max=form.cleaned_data["annual_total_max"],
            )
            messages.success(request, "Kuota cuti disimpan.")
            return redirect("attendance:settings")
        except ApplicationError as exc:
            show_errors(form, exc)
    return _settings(request, leave_form=form)
