"""Positions (jabatan) of an agency: create and edit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from terpadu.core.access import access, roles
from terpadu.core.roles import Role
from terpadu.core.scoping import get_for_user

from ... import policies, services
from ...models import Agency, Position
from ...page_forms import PositionForm
from .common import actor_for, form_page

MANAGERS = roles(Role.PLATFORM_ADMIN, Role.AGENCY_ADMIN)
POSITION_FORM = "directory/pages/position_form.html"
EDITABLE = ("code", "name", "kind", "echelon", "is_agency_head", "is_active")


def _agency_url(agency: Agency) -> str:
    return reverse("directory:agency_detail", args=[agency.pk]) + "#jabatan"


@access(MANAGERS)
def position_create(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = get_for_user(Agency, request.user, agency_pk)
    policies.ensure(policies.can_manage_agency(actor_for(request), agency.pk))
    return form_page(
        request,
        form=PositionForm(request.POST or None, agency=agency, initial={"is_active": True}),
        template=POSITION_FORM,
        context={"title": f"Tambah jabatan — {agency}", "agency": agency, "back_url": _agency_url(agency)},
        save=lambda data: services.position_save(user=request.user, agency=agency, **data),
        success=lambda position: _agency_url(agency),
        message="Jabatan tersimpan.",
    )


@access(MANAGERS)
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_for_user(Position.objects.select_related("agency"), request.user, pk)
    agency = position.agency
    policies.ensure(policies.can_manage_agency(actor_for(request), agency.pk))
    initial = {name: getattr(position, name) for name in EDITABLE}
    initial.update(org_unit=position.org_unit_id, superior=position.superior_id)
    return form_page(
        request,
        form=PositionForm(request.POST or None, agency=agency, position=position, initial=initial),
        template=POSITION_FORM,
        context={"title": f"Ubah jabatan {position.name}", "agency": agency, "back_url": _agency_url(agency)},
        save=lambda data: services.position_save(user=request.user, agency=agency, position=position, **data),
        success=lambda saved: _agency_url(agency),
        message="Jabatan tersimpan.",
    )


urlpatterns = [
    path("direktori/opd/<int:agency_pk>/jabatan/baru/", position_create, name="position_create"),
    path("direktori/jabatan/<int:pk>/ubah/", position_edit, name="position_edit"),
]
