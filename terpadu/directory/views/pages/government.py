"""The Pemda profile: read by every signed-in user of the government, edited by the platform admin."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from terpadu.core.access import AUTHENTICATED, access, roles
from terpadu.core.navigation import NavItem, register
from terpadu.core.roles import Role

from ... import policies, selectors, services
from ...models import Government
from ...page_forms import GovernmentForm
from .common import actor_for, form_page

register(NavItem("Profil Pemda", "directory:government_detail", AUTHENTICATED, order=30))


@access(AUTHENTICATED)
def government_detail(request: HttpRequest) -> HttpResponse:
    government = selectors.government_for_user(user=request.user)
    context = {"government": government, "can_edit": policies.can_manage_government(actor_for(request))}
    return render(request, "directory/pages/government_detail.html", context)


@access(AUTHENTICATED)
def government_logo(request: HttpRequest) -> HttpResponse:
    """The logo of the user's own government, read from storage (filesystem or S3) with strict headers:
    an SVG logo can never run a script in the page's origin."""
    government = selectors.government_for_user(user=request.user)
    if not government.logo:
        raise Http404
    content_type = mimetypes.guess_type(government.logo.name)[0] or "application/octet-stream"
    with government.logo.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _save(user: Any, government: Government, data: dict[str, Any]) -> Government:
    logo = data.pop("logo", None)
    return services.government_update(
        user=user,
        government=government,
        logo=logo if isinstance(logo, UploadedFile) else None,
        remove_logo=logo is False,
        **data,
    )


@access(roles(Role.PLATFORM_ADMIN))
def government_edit(request: HttpRequest) -> HttpResponse:
    government = selectors.government_for_user(user=request.user)
    initial = {name: getattr(government, name) for name in GovernmentForm.base_fields}
    form = GovernmentForm(request.POST or None, request.FILES or None, initial=initial)
    return form_page(
        request,
        form=form,
        template="directory/pages/government_form.html",
        context={"title": "Ubah profil Pemda", "back_url": reverse("directory:government_detail")},
        save=lambda data: _save(request.user, government, dict(data)),
        success=lambda saved: reverse("directory:government_detail"),
        message="Profil Pemda tersimpan.",
    )


urlpatterns = [
    path("direktori/pemda/", government_detail, name="government_detail"),
    path("direktori/pemda/ubah/", government_edit, name="government_edit"),
    path("direktori/pemda/logo/", government_logo, name="government_logo"),
]
