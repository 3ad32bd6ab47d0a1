"""Pages of the leaders' board (today, live by HTMX polling) and of the monthly recap (per agency and per
employee, XLSX/PDF exports, closing the month, adjustments after closing)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from terpadu.core.access import access
from terpadu.core.errors import ApplicationError
from terpadu.core.formatting import ZONE_ABBREVIATIONS
from terpadu.core.forms import show_errors
from terpadu.core.roles import actor_of

from . import board, board_exports, closing, days, policies, recap
from .api_recap import parse_month
from .board_recap import MonthView, changes_of, month_view_for_user
from .forms_board import AdjustmentForm, CloseMonthForm

POLL_SECONDS = 45
NAMES_PER_PAGE = 100
TONES = {"present": "ok", "late": "warn", "absent": "bad"}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def clock(moment: datetime | None, zone: str) -> str:
    """ "08.15 WITA" (today's board shows times only)."""
    if moment is None:
        return "—"
    return f"{moment.astimezone(ZoneInfo(zone)):%H.%M} {ZONE_ABBREVIATIONS.get(zone, zone)}"


def _statuses() -> list[tuple[str, str]]:
    return [(status.value, status.label) for status in board.Status]


# --- the board ---------------------------------------------------------------------------------------------


@access(board.READERS)
def board_page(request: HttpRequest) -> HttpResponse:
    found = board.board_for_user(user=request.user)
    context = {"board": found, "statuses": _statuses(), "as_of": clock(found.now, found.timezone), "poll": POLL_SECONDS}
    template = "attendance/board/_board.html" if _is_htmx(request) else "attendance/board/board.html"
    return render(request, template, context)


@access(board.READERS)
def board_agency_page(request: HttpRequest, agency_id: int) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in board.STATUSES else ""
    found = board.agency_board_for_user(user=request.user, agency_id=agency_id, status=status or None)
    units = {row.key: row.name for row in found.units}
    page_obj = Paginator(found.people, NAMES_PER_PAGE).get_page(request.GET.get("page"))
    people = [
        {
            "person": person,
            "unit": units.get(person.unit_id, "Tanpa unit kerja"),
            "time": clock(person.first_in, found.timezone),
            "start": clock(person.expected_start, found.timezone),
            "tone": TONES.get(person.status, ""),
        }
        for person in page_obj.object_list
    ]
    context = {
        "board": found,
        "people": people,
        "page_obj": page_obj,
        "status": status,
        "status_label": board.Status(status).label if status else "",
        "statuses": _statuses(),
        "as_of": clock(found.now, found.timezone),
        "poll": POLL_SECONDS,
    }
    template = "attendance/board/_agency.html" if _is_htmx(request) else "attendance/board/agency.html"
    return render(request, template, context)


# --- the monthly recap -------------------------------------------------------------------------------------


def _month(request: HttpRequest, source: Any = None) -> tuple[date, str]:
    raw = (source if source is not None else request.GET).get("month", "")
    fallback = recap.yesterday_for(user=request.user).replace(day=1)
    if not raw:
        return fallback, ""
    try:
        return parse_month(raw), ""
    except ApplicationError as error:
        return fallback, error.message


def _agency_id(request: HttpRequest, source: Any = None) -> int | None:
    raw = str((source if source is not None else request.GET).get("agency", "") or "")
    if raw.isdigit():
        return int(raw)
    actor = actor_of(request.user)
    if actor is not None and not board.sees_whole_government(actor):
        own = list(board.agencies_for(actor).values_list("pk", flat=True)[:2])
        return own[0] if len(own) == 1 else None
    return None


def _recap_url(month: date, agency_id: int | None) -> str:
    query = f"?month={month:%Y-%m}" + (f"&agency={agency_id}" if agency_id else "")
    return reverse("attendance:recap_month") + query


def _month_over(view: MonthView) -> bool:
    return recap.month_range(view.month)[1] < days.local_today(view.government.pk)


def _recap(request: HttpRequest, view: MonthView, error: str = "", adjust_form: AdjustmentForm | None = None) -> Any:
    may_close = policies.can_close_month(actor_of(request.user))
    agency_id = view.agency.pk if view.agency else None
    initial = {"month": f"{view.month:%Y-%m}", "agency": agency_id or ""}
    context = {
        "view": view,
        "error": error,
        "month_value": f"{view.month:%Y-%m}",
        "month_label": closing.month_label(view.month),
        "query": f"?month={view.month:%Y-%m}" + (f"&agency={agency_id}" if agency_id else ""),
        "closed_at": clock(view.closing.closed_at, view.government.timezone) if view.closing else "",
        "may_close": may_close and not view.closed and _month_over(view),
        "adjust_form": (adjust_form or AdjustmentForm(initial=initial)) if may_close and view.closed else None,
        "adjustments": [(item, changes_of(item)) for item in view.adjustments],
        "timezone": view.government.timezone,
    }
    return render(request, "attendance/board/recap.html", context)


@access(board.READERS)
def recap_month(request: HttpRequest) -> HttpResponse:
    month, error = _month(request)
    view = month_view_for_user(user=request.user, month=month, agency_id=_agency_id(request))
    return _recap(request, view, error)


@access(board.READERS)
def recap_xlsx(request: HttpRequest) -> HttpResponse:
    month, _ = _month(request)
    view = month_view_for_user(user=request.user, month=month, agency_id=_agency_id(request))
    response = HttpResponse(
        board_exports.recap_xlsx(view),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{board_exports.file_stem(view)}.xlsx"'
    return response


@access(board.READERS)
def recap_pdf(request: HttpRequest) -> HttpResponse:
    month, _ = _month(request)
    view = month_view_for_user(user=request.user, month=month, agency_id=_agency_id(request))
    response = HttpResponse(board_exports.recap_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{board_exports.file_stem(view)}.pdf"'
    return response


@access(board.READERS)
def month_close_page(request: HttpRequest) -> HttpResponse:
    """A confirmation page (what will be locked), then the closing itself on POST."""
    policies.ensure(policies.can_close_month(actor_of(request.user)), "Hanya BKPSDM yang dapat menutup rekap bulanan.")
    source = request.POST if request.method == "POST" else request.GET
    month, error = _month(request, source)
    form = CloseMonthForm(request.POST or None, initial={"month": f"{month:%Y-%m}"})
    if request.method == "POST" and not error and form.is_valid():
        try:
            closing.month_close(user=request.user, month=month, note=form.cleaned_data["note"])
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Rekap {closing.month_label(month)} ditutup.")
            return redirect(_recap_url(month, None))
    view = month_view_for_user(user=request.user, month=month)
    context = {"view": view, "form": form, "error": error, "month_label": closing.month_label(month)}
    return render(request, "attendance/board/close.html", context)


@access(board.READERS)
@require_POST
def adjustment_create(request: HttpRequest) -> HttpResponse:
    policies.ensure(
        policies.can_close_month(actor_of(request.user)),
        "Hanya BKPSDM yang dapat menyesuaikan rekap bulan yang ditutup.",
    )
    form = AdjustmentForm(request.POST)
    month, error = _month(request, request.POST)
    agency_id = _agency_id(request, request.POST)
    if form.is_valid():
        try:
            employee = recap.employee_for_user(user=request.user, nip=form.cleaned_data["nip"].strip())
            days.day_adjust(
                user=request.user, employee=employee, day=form.cleaned_data["date"], reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            show_errors(form, exc)
            error = error or exc.message
        else:
            messages.success(request, "Penyesuaian dicatat.")
            return redirect(_recap_url(month, agency_id))
    view = month_view_for_user(user=request.user, month=month, agency_id=agency_id)
    response = _recap(
        request, view, "" if view.closed else error or "Penyesuaian tidak dapat dicatat.", adjust_form=form
    )
    response.status_code = 422
    return response
