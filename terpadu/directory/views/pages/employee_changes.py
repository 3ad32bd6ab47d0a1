"""Changing employees: create, edit personal data, mutasi/promosi, deactivate. Each page calls one service."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from terpadu.core.access import access, roles
from terpadu.core.errors import NotFound
from terpadu.core.roles import Role

from ... import policies, selectors, services
from ...models import Agency, Employee
from ...page_forms import AgencyChoiceForm, DeactivateForm, EmployeeCreateForm, EmployeeForm, PlacementForm
from .common import actor_for, form_page

MANAGERS = roles(Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN)
FORM_PAGE = "directory/pages/employee_form.html"


def _detail_url(employee: Any) -> str:
    return reverse("directory:employee_detail", args=[employee.pk])


def _chosen_agency(request: HttpRequest, agencies: QuerySet[Agency], default: Agency | None = None) -> Agency | None:
    """The agency named by ?opd= among those the user manages; else ``default`` or the only one."""
    raw = request.GET.get("opd", "")
    if raw:
        chosen = agencies.filter(pk=int(raw)).first() if raw.isdigit() else None
        if chosen is None:
            raise NotFound("Data tidak ditemukan.")
        return chosen
    if default is not None:
        return default
    only = list(agencies[:2])
    return only[0] if len(only) == 1 else None


def _managed_employee(request: HttpRequest, pk: int) -> Employee:
    employee = selectors.employee_get_for_user(user=request.user, pk=pk)
    policies.ensure(policies.can_manage_agency(actor_for(request), employee.agency_id))
    return employee


@access(MANAGERS)
def employee_create(request: HttpRequest) -> HttpResponse:
    agencies = selectors.manageable_agencies_for_user(user=request.user)
    agency = _chosen_agency(request, agencies)
    if agency is None:
        chooser = AgencyChoiceForm(agencies=agencies)
        return render(request, "directory/pages/choose_agency.html", {"title": "Tambah pegawai", "chooser": chooser})
    return form_page(
        request,
        form=EmployeeCreateForm(request.POST or None, user=request.user, agency=agency),
        template=FORM_PAGE,
        context={
            "title": f"Tambah pegawai — {agency}",
            "agency": agency,
            "back_url": reverse("directory:employee_list"),
        },
        save=lambda data: services.employee_create(user=request.user, government=agency.government, **data),
        success=_detail_url,
        message="Pegawai baru tersimpan.",
    )


@access(MANAGERS)
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _managed_employee(request, pk)
    form = EmployeeForm(
        request.POST or None, initial={name: getattr(employee, name) for name in EmployeeForm.base_fields}
    )
    return form_page(
        request,
        form=form,
        template=FORM_PAGE,
        context={"title": f"Ubah data {employee.full_name}", "employee": employee, "back_url": _detail_url(employee)},
        save=lambda data: services.employee_update(
            user=request.user, employee=employee, **{name: data[name] for name in form.changed_data}
        ),
        success=_detail_url,
        message="Data pegawai tersimpan.",
    )


@access(MANAGERS)
def employee_place(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _managed_employee(request, pk)
    agencies = selectors.manageable_agencies_for_user(user=request.user)
    agency = _chosen_agency(request, agencies, default=employee.agency)
    assert agency is not None
    context = {
        "title": f"Mutasi / promosi {employee.full_name}",
        "employee": employee,
        "agency": agency,
        "chooser": AgencyChoiceForm(initial={"opd": agency.pk}, agencies=agencies) if agencies.count() > 1 else None,
        "back_url": _detail_url(employee),
    }
    return form_page(
        request,
        form=PlacementForm(request.POST or None, user=request.user, agency=agency, initial={"kind": "mutasi"}),
        template="directory/pages/employee_place.html",
        context=context,
        save=lambda data: services.employee_place(user=request.user, employee=employee, **data),
        success=lambda placement: _detail_url(employee),
        message="Penempatan baru tersimpan.",
    )


@access(MANAGERS)
def employee_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _managed_employee(request, pk)
    today = timezone.localdate(timezone=ZoneInfo(employee.government.timezone))
    return form_page(
        request,
        form=DeactivateForm(request.POST or None, initial={"end_date": today}),
        template="directory/pages/employee_deactivate.html",
        context={"title": f"Nonaktifkan {employee.full_name}", "employee": employee, "back_url": _detail_url(employee)},
        save=lambda data: services.employee_deactivate(user=request.user, employee=employee, **data),
        success=_detail_url,
        message="Pegawai dinonaktifkan.",
    )


urlpatterns = [
    path("direktori/pegawai/baru/", employee_create, name="employee_create"),
    path("direktori/pegawai/<int:pk>/ubah/", employee_edit, name="employee_edit"),
    path("direktori/pegawai/<int:pk>/mutasi/", employee_place, name="employee_place"),
    path("direktori/pegawai/<int:pk>/nonaktifkan/", employee_deactivate, name="employee_deactivate"),
]
