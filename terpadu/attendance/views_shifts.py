"""Shift pages (/absensi/sif/): an agency's shifts (add, change, deactivate) and their assignments to a
unit or one employee (add, delete). For the agency's admin or head and the platform admin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terpadu.core.access import access
from terpadu.core.errors import ApplicationError
from terpadu.core.forms import show_errors
from terpadu.core.scoping import get_for_user
from terpadu.directory.models import Agency, Employee, OrgUnit

from . import request_selectors as selectors
from . import shifts
from .forms_requests import AssignmentForm, ShiftForm
from .models import Shift, ShiftAssignment
from .reg_requests import SHIFT_MANAGERS
from .request_rules import shift_work_minutes, weekdays_label


def _agency(request: HttpRequest, raw: Any = None) -> Agency:
    """The agency chosen (``opd``), or the first one the user manages."""
    managed = selectors.managed_agency_ids(user=request.user)
    if not managed:
        raise Http404
    try:
        chosen = int(raw if raw is not None else request.GET.get("opd", managed[0]))
    except (TypeError, ValueError):
        chosen = managed[0]
    if chosen not in managed:
        raise Http404
    return get_for_user(Agency, request.user, chosen)


def _assignment_form(agency: Agency, data: Any = None) -> AssignmentForm:
    return AssignmentForm(
        data,
        shifts=Shift.objects.filter(agency=agency, is_active=True).order_by("start", "code"),
        units=OrgUnit.objects.filter(agency=agency).order_by("code"),
        employees=Employee.objects.filter(agency=agency, is_active=True).order_by("name")[:500],
    )


def _page(request: HttpRequest, agency: Agency, status: int = 200, **bound: Any) -> HttpResponse:
    rows = selectors.shifts_for_user(user=request.user, agency_id=agency.pk)
    managed = Agency.objects.filter(pk__in=selectors.managed_agency_ids(user=request.user)).order_by("code")
    context = {
        "agency": agency,
        "agencies": managed,
        "shifts": [(s, shift_work_minutes(s.start, s.end, s.break_minutes)) for s in rows],
        "assignments": [
            (a, weekdays_label(a.weekdays))
            for a in selectors.assignments_for_user(user=request.user, agency_id=agency.pk)
        ],
        "shift_form": bound.get("shift_form") or ShiftForm(),
        "assignment_form": bound.get("assignment_form") or _assignment_form(agency),
    }
    return render(request, "attendance/requests/shifts.html", context, status=status)


def _back(agency_id: int) -> HttpResponse:
    return redirect(f"{reverse('attendance:shifts')}?opd={agency_id}")


@access(SHIFT_MANAGERS)
@require_GET
def shift_list(request: HttpRequest) -> HttpResponse:
    return _page(request, _agency(request))


def _shift_input(form: ShiftForm) -> shifts.ShiftInput:
    return shifts.ShiftInput(**form.cleaned_data)


@access(SHIFT_MANAGERS)
@require_POST
def shift_create(request: HttpRequest) -> HttpResponse:
    agency = _agency(request, request.POST.get("opd"))
    form = ShiftForm(request.POST)
    if form.is_valid():
        try:
            shift = shifts.shift_create(user=request.user, agency=agency, data=_shift_input(form))
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Sif {shift.name} ditambahkan.")
            return _back(agency.pk)
    return _page(request, agency, status=422, shift_form=form)


def _shift(request: HttpRequest, pk: int) -> Shift:
    shift = get_for_user(Shift, request.user, pk)
    if shift.agency_id not in selectors.managed_agency_ids(user=request.user):
        raise Http404
    return shift


@access(SHIFT_MANAGERS)
@require_http_methods(["GET", "POST"])
def shift_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    fields = ("code", "name", "start", "end", "break_minutes")
    form = ShiftForm(request.POST or None, initial={name: getattr(shift, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            shifts.shift_update(user=request.user, shift=shift, data=_shift_input(form))
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Sif diperbarui.")
            return _back(shift.agency_id)
    status = 422 if request.method == "POST" else 200
    return render(request, "attendance/requests/shift_edit.html", {"shift": shift, "form": form}, status=status)


@access(SHIFT_MANAGERS)
@require_POST
def shift_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    shifts.shift_set_active(user=request.user, shift=shift, active=not shift.is_active)
    messages.success(request, f"Sif {shift.name} {'diaktifkan' if shift.is_active else 'dinonaktifkan'}.")
    return _back(shift.agency_id)


@access(SHIFT_MANAGERS)
@require_POST
def assignment_create(request: HttpRequest) -> HttpResponse:
    agency = _agency(request, request.POST.get("opd"))
    form = _assignment_form(agency, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            shifts.assignment_create(
                user=request.user,
                agency=agency,
                data=shifts.AssignmentInput(
                    shift_id=data["shift"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    weekdays=tuple(data["weekdays"]),
                    org_unit_id=data["org_unit"],
                    employee_id=data["employee"],
                ),
            )
        except ApplicationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Jadwal sif disimpan.")
            return _back(agency.pk)
    return _page(request, agency, status=422, assignment_form=form)


@access(SHIFT_MANAGERS)
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_for_user(ShiftAssignment, request.user, pk)
    agency_id = assignment.agency_id
    if agency_id not in selectors.managed_agency_ids(user=request.user):
        raise Http404
    shifts.assignment_delete(user=request.user, assignment=assignment)
    messages.success(request, "Jadwal sif dihapus.")
    return _back(agency_id)
