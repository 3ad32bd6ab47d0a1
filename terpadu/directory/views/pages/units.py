"""Org units (unit kerja) of an agency: create and edit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from terpadu.core.access import access, roles
from terpadu.core.roles import Role
from terpadu.core.scoping import get_for_user

from ... import policies, services
from ...models import Agency, OrgUnit
from ...page_forms import OrgUnitForm
from .common import actor_for, form_page

MANAGERS = roles(Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN)
UNIT_FORM = "directory/pages/org_unit_form.html"


def _agency_url(agency: Agency) -> str:
    return reverse("directory:agency_detail", args=[agency.pk])


@access(MANAGERS)
def unit_create(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = get_for_user(Agency, request.user, agency_pk)
    policies.ensure(policies.can_manage_agency(actor_for(request), agency.pk))
    return form_page(
        request,
        form=OrgUnitForm(request.POST or None, agency=agency, initial={"is_active": True}),
        template=UNIT_FORM,
        context={"title": f"Tambah unit kerja — {agency}", "agency": agency, "back_url": _agency_url(agency)},
        save=lambda data: services.org_unit_save(user=request.user, agency=agency, **data),
        success=lambda unit: _agency_url(agency),
        message="Unit kerja tersimpan.",
    )


@access(MANAGERS)
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user(OrgUnit.objects.select_related("agency"), request.user, pk)
    agency = unit.agency
    policies.ensure(policies.can_manage_agency(actor_for(request), agency.pk))
    initial = {"code": unit.code, "name": unit.name, "kind": unit.kind, "parent": unit.parent_id}
    return form_page(
        request,
        form=OrgUnitForm(
            request.POST or None, agency=agency, unit=unit, initial={**initial, "is_active": unit.is_active}
        ),
        template=UNIT_FORM,
        context={"title": f"Ubah unit kerja {unit.name}", "agency": agency, "back_url": _agency_url(agency)},
        save=lambda data: services.org_unit_save(user=request.user, agency=agency, unit=unit, **data),
        success=lambda saved: _agency_url(agency),
        message="Unit kerja tersimpan.",
    )


urlpatterns = [
    path("direktori/opd/<int:agency_pk>/unit/baru/", unit_create, name="unit_create"),
    path("direktori/unit/<int:pk>/ubah/", unit_edit, name="unit_edit"),
]
