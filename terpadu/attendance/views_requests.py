"""Request pages: "Pengajuan saya" (/absensi/pengajuan/: ask for an excuse with the leave balance
shown, ask for a correction, the list with statuses, cancel) and "Persetujuan" (/absensi/persetujuan/:
what the superior decides, approve/reject by HTMX or plain posts). Services decide who may do what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from terpadu.core.access import access
from terpadu.core.errors import ApplicationError, Conflict, ValidationFailed
from terpadu.core.forms import show_errors

from . import corrections, excuses, leave_balance
from . import request_common as common
from . import request_selectors as selectors
from .forms_requests import CorrectionForm, DecisionForm, ExcuseForm
from .models import CorrectionRequest, Excuse
from .reg_requests import DECIDERS, EMPLOYEES

STATUS_TONES = {"approved": "ok", "rejected": "bad", "cancelled": "", "pending": "warn"}
RECENT = 20


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


def _mine(request: HttpRequest, status: int = 200, **bound: Any) -> HttpResponse:
    employee = common.own_employee(request.user)
    today = common.local_today(employee.government_id)
    balance = leave_balance.leave_balance(
        employee_id=employee.pk, government_id=employee.government_id, year=today.year, today=today
    )
    excuse_rows = selectors.excuses_for_user(user=request.user, mine=True)
    context = {
        "employee": employee,
        "today": today,
        "balance": balance,
        "excuse_form": bound.get("excuse_form") or ExcuseForm(),
        "correction_form": bound.get("correction_form") or CorrectionForm(),
        "page_obj": Paginator(excuse_rows, 20).get_page(request.GET.get("page")),
        "corrections": selectors.corrections_for_user(user=request.user, mine=True)[:RECENT],
        "tones": STATUS_TONES,
    }
    return render(request, "attendance/requests/mine.html", context, status=status)


@access(EMPLOYEES)
@require_GET
def requests_mine(request: HttpRequest) -> HttpResponse:
    return _mine(request)


@access(EMPLOYEES)
@require_POST
def excuse_submit(request: HttpRequest) -> HttpResponse:
    form = ExcuseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            excuse = excuses.excuse_request(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"{excuse.get_kind_display()} diajukan kepada atasan langsung.")
            return redirect("attendance:requests_mine")
    return _mine(request, status=422, excuse_form=form)


@access(EMPLOYEES)
@require_POST
def correction_submit(request: HttpRequest) -> HttpResponse:
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            corrections.correction_request(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Koreksi presensi diajukan kepada atasan langsung.")
            return redirect("attendance:requests_mine")
    return _mine(request, status=422, correction_form=form)


def _act(request: HttpRequest, act: Callable[[], Any], done: str, back: str) -> HttpResponse:
    try:
        act()
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


@access(EMPLOYEES)
@require_POST
def excuse_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    excuse = selectors.excuse_get_for_user(user=request.user, pk=pk)
    act = lambda: excuses.excuse_cancel(user=request.user, excuse=excuse)  # noqa: E731
    return _act(request, act, "Pengajuan dibatalkan.", "attendance:requests_mine")


@access(EMPLOYEES)
@require_POST
def correction_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    correction = selectors.correction_get_for_user(user=request.user, pk=pk)
    act = lambda: corrections.correction_cancel(user=request.user, correction=correction)  # noqa: E731
    return _act(request, act, "Koreksi dibatalkan.", "attendance:requests_mine")


# ── approvals ──────────────────────────────────────────────────────────────────────────────────────


@access(DECIDERS)
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    context = {
        "excuses": selectors.excuses_for_user(user=request.user, status="pending", to_decide=True).order_by(
            "start_date", "pk"
        ),
        "corrections": selectors.corrections_for_user(user=request.user, status="pending", to_decide=True).order_by(
            "date", "pk"
        ),
        "decided": selectors.excuses_for_user(user=request.user, to_decide=True).exclude(status="pending")[:RECENT],
        "form": DecisionForm(),
        "tones": STATUS_TONES,
    }
    return render(request, "attendance/requests/approvals.html", context)


def _decide(request: HttpRequest, row: Excuse | CorrectionRequest, decide: Callable[[str], Any]) -> HttpResponse:
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    error = ""
    try:
        row = decide(note)
    except (ValidationFailed, Conflict) as exc:
        error = exc.message
    if _is_htmx(request):
        template = "excuse_row" if isinstance(row, Excuse) else "correction_row"
        context = {"row": row, "form": DecisionForm(), "error": error, "tones": STATUS_TONES, "decided_now": not error}
        return render(request, f"attendance/requests/partials/_{template}.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Pengajuan {row.employee.full_name} {row.get_status_display().lower()}.")
    return redirect("attendance:approvals")


def _check_action(action: str) -> None:
    if action not in ("setujui", "tolak"):
        raise Http404


@access(DECIDERS)
@require_POST
def excuse_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _check_action(action)
    excuse = selectors.excuse_get_for_user(user=request.user, pk=pk)
    service = excuses.excuse_approve if action == "setujui" else excuses.excuse_reject
    return _decide(request, excuse, lambda note: service(user=request.user, excuse=excuse, note=note))


@access(DECIDERS)
@require_POST
def correction_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _check_action(action)
    correction = selectors.correction_get_for_user(user=request.user, pk=pk)
    service = corrections.correction_approve if action == "setujui" else corrections.correction_reject
    return _decide(request, correction, lambda note: service(user=request.user, correction=correction, note=note))
