"""OPD (agency) pages: list, detail with its units and positions, create and edit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from terpadu.core.access import AUTHENTICATED, access, roles
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role
from terpadu.core.scoping import get_for_user

from ... import policies, selectors, services
from ...models import Agency, OrgUnit
from ...page_forms import AgencyContactForm, AgencyFilterForm, AgencyForm
from .common import actor_for, form_page, paginate

register(NavItem("OPD", "directory:agency_list", AUTHENTICATED, order=10))

AGENCY_FORM = "directory/pages/agency_form.html"


@access(AUTHENTICATED)
def agency_list(request: HttpRequest) -> HttpResponse:
    form = AgencyFilterForm(request.GET)
    form.is_valid()
    agencies = selectors.agency_list_for_user(user=request.user, q=form.value("q").strip(), kind=form.value("kind"))
    context = {
        "form": form,
        "page_obj": paginate(request, agencies),
        "can_create": policies.can_manage_government(actor_for(request)),
    }
    return render(request, "directory/pages/agency_list.html", context)


def unit_nodes(tree: list[tuple[int, OrgUnit]]) -> list[dict[str, Any]]:
    """The (depth, unit) pre-order list of selectors.unit_tree as nested nodes for a nested list."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for depth, unit in tree:
        node: dict[str, Any] = {"unit": unit, "children": []}
        del stack[depth:]
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots


@access(AUTHENTICATED)
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_for_user(Agency, request.user, pk)
    actor = actor_for(request)
    context = {
        "agency": agency,
        "units": unit_nodes(selectors.unit_tree(user=request.user, agency=agency)),
        "positions": selectors.positions_for_user(user=request.user, agency=agency),
        "head": selectors.agency_head_for_user(user=request.user, agency=agency),
        "can_manage": policies.can_manage_agency(actor, agency.pk),
    }
    return render(request, "directory/pages/agency_detail.html", context)


def _detail_url(agency: Any) -> str:
    return reverse("directory:agency_detail", args=[agency.pk])


@access(roles(Role.PLATFORM_ADMIN))
def agency_create(request: HttpRequest) -> HttpResponse:
    government = selectors.government_for_user(user=request.user)
    return form_page(
        request,
        form=AgencyForm(request.POST or None, initial={"is_active": True}),
        template=AGENCY_FORM,
        context={"title": "Tambah OPD", "back_url": reverse("directory:agency_list")},
        save=lambda data: services.agency_create(user=request.user, government=government, **data),
        success=_detail_url,
        message="OPD baru tersimpan.",
    )


@access(roles(Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN))
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_for_user(Agency, request.user, pk)
    actor = actor_for(request)
    policies.ensure(policies.can_manage_agency(actor, agency.pk))
    form_class = AgencyForm if policies.can_manage_government(actor) else AgencyContactForm
    initial = {name: getattr(agency, name) for name in form_class.base_fields}
    return form_page(
        request,
        form=form_class(request.POST or None, initial=initial),
        template=AGENCY_FORM,
        context={
            "title": f"Ubah {agency.name}",
            "back_url": _detail_url(agency),
            "contact_only": form_class is AgencyContactForm,
        },
        save=lambda data: services.agency_update(user=request.user, agency=agency, **data),
        success=_detail_url,
        message="Data OPD tersimpan.",
    )


urlpatterns = [
    path("direktori/opd/", agency_list, name="agency_list"),
    path("direktori/opd/baru/", agency_create, name="agency_create"),
    path("direktori/opd/<int:pk>/", agency_detail, name="agency_detail"),
    path("direktori/opd/<int:pk>/ubah/", agency_edit, name="agency_edit"),
]
