"""E-Absen pages: my month (each day, each cut of the TPP and the rule it came from) and the discipline
report (who crossed which PP 94/2021 threshold, with the evidence days)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from terpadu.core.access import AUTHENTICATED, access
from terpadu.core.errors import ApplicationError, NotFound
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import actor_of
from terpadu.directory.models import Agency

from . import recap, rules
from .api_recap import parse_month
from .discipline_report import discipline_report
from .models.days import DayStatus

TONES = {DayStatus.PRESENT: "ok", DayStatus.UNEXCUSED: "bad", DayStatus.EXCUSED: ""}


def register_menu() -> None:
    register(
        NavItem("Rekap saya", "attendance:my_month", AUTHENTICATED, order=81),
        NavItem("Disiplin pegawai", "attendance:discipline", AUTHENTICATED, order=84),
    )


def _month(request: HttpRequest) -> tuple[date, str]:
    raw = request.GET.get("month", "")
    if not raw:
        today = recap.yesterday_for(user=request.user)
        return today.replace(day=1), ""
    try:
        return parse_month(raw), ""
    except ApplicationError as error:
        return recap.yesterday_for(user=request.user).replace(day=1), error.message


def _employee(request: HttpRequest) -> Any:
    nip = request.GET.get("nip", "").strip()
    if nip:
        return recap.employee_for_user(user=request.user, nip=nip)
    actor = actor_of(request.user)
    if actor is None or actor.employee_id is None:
        raise NotFound("Akun ini tidak terhubung dengan data pegawai.")
    return recap.employee_for_user(user=request.user, pk=actor.employee_id)


@access(AUTHENTICATED)
def my_month(request: HttpRequest) -> HttpResponse:
    month, error = _month(request)
    employee = _employee(request)
    found = recap.month_recap(user=request.user, employee=employee, month=month)
    context = {
        "recap": found,
        "error": error,
        "month_value": f"{month:%Y-%m}",
        "percent": rules.format_percent,
        "rows": [(day, TONES.get(DayStatus(day.status), "warn")) for day in found.days],
        "deduction_text": rules.format_percent(found.deduction.percent),
        "ytd": found.year_to_date.assessment,
        "timezone": employee.government.timezone,
    }
    return render(request, "attendance/recap/my_month.html", context)


@access(AUTHENTICATED)
def discipline_page(request: HttpRequest) -> HttpResponse:
    agency_id = request.GET.get("agency") or None
    on = recap.yesterday_for(user=request.user)
    start, end, crossed = discipline_report(
        user=request.user, on=on, agency_id=int(agency_id) if agency_id and agency_id.isdigit() else None
    )
    agencies = {agency.pk: agency for agency in Agency.objects.filter(pk__in={item.agency_id for item in crossed})}
    rows = [(item, agencies.get(item.agency_id or 0)) for item in crossed]
    context = {"start": start, "end": end, "rows": rows}
    return render(request, "attendance/recap/discipline.html", context)
