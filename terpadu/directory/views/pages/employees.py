"""Employee (pegawai) pages: the filtered list (plain GET form, updated in place by HTMX) and the detail."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_vary_headers

from terpadu.core.access import AUTHENTICATED, access
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Actor

from ... import policies, selectors
from ...page_forms import EmployeeFilterForm
from .common import actor_for, is_htmx, paginate

register(NavItem("Pegawai", "directory:employee_list", AUTHENTICATED, order=20))

LIST_PAGE = "directory/pages/employee_list.html"
LIST_PARTIAL = "directory/pages/partials/employee_results.html"


def _single_agency(actor: Actor) -> int | None:
    """The one agency an agency-bound user reads (its units are offered without choosing the OPD)."""
    if actor.sees_whole_government or len(actor.agency_ids) != 1:
        return None
    return next(iter(actor.agency_ids))


def manages_any_agency(actor: Actor) -> bool:
    return policies.can_manage_government(actor) or any(
        policies.can_manage_agency(actor, agency_id) for agency_id in actor.agency_ids
    )


@access(AUTHENTICATED)
def employee_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    form = EmployeeFilterForm(request.GET, user=request.user, single_agency_id=_single_agency(actor))
    employees = selectors.employee_list_for_user(user=request.user, **form.filters())
    htmx = is_htmx(request)
    context = {
        "form": form,
        "page_obj": paginate(request, employees),
        "htmx": htmx,
        "can_create": manages_any_agency(actor),
    }
    response = render(request, LIST_PARTIAL if htmx else LIST_PAGE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@access(AUTHENTICATED)
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employee = selectors.employee_get_for_user(user=request.user, pk=pk)
    supervisor, supervisor_hidden = selectors.supervisor_for_user(user=request.user, employee=employee)
    context = {
        "employee": employee,
        "supervisor": supervisor,
        "supervisor_hidden": supervisor_hidden,
        "subordinates": selectors.subordinates_for_user(user=request.user, employee=employee),
        "history": selectors.placement_history(user=request.user, employee=employee),
        "can_manage": policies.can_manage_agency(actor_for(request), employee.agency_id),
    }
    return render(request, "directory/pages/employee_detail.html", context)


urlpatterns = [
    path("direktori/pegawai/", employee_list, name="employee_list"),
    path("direktori/pegawai/<int:pk>/", employee_detail, name="employee_detail"),
]
