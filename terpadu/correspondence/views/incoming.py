"""Registering a letter from outside the government at an agency's records desk (/surat/masuk/baru/): the
sender's data, the scan and the SRIKANDI reference; then the letter's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from terpadu.core.access import access
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.core.navigation import NavItem, register

from ..delivery import letter_register_incoming
from ..page_forms import IncomingForm
from . import choices
from .common import RECORDS_DESKS, actor_for, errors_on

register(NavItem("Catat surat masuk", "correspondence:incoming_create", RECORDS_DESKS, order=42))


@access(RECORDS_DESKS)
@require_http_methods(["GET", "POST"])
def incoming_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    agencies = choices.records_desk_agencies(actor)
    posted = request.method == "POST"
    form = IncomingForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        agencies=agencies,
        letter_types=choices.letter_types(actor.government_id),
        employees=choices.agency_employees(request.user, [int(pk) for pk, _ in agencies]),
    )
    if posted and form.is_valid():
        try:
            letter = letter_register_incoming(user=request.user, data=form.incoming(), scan=form.cleaned_data["scan"])
        except (ValidationFailed, Conflict) as exc:
            errors_on(form, exc, {"file": "scan", "addressee_ids": "addressees"})
        else:
            messages.success(request, "Naskah masuk tercatat dan diteruskan.")
            return redirect("correspondence:letter_detail", pk=letter.pk)
    context = {"form": form, "codes": choices.classification_codes(request.user)}
    return render(request, "correspondence/incoming_form.html", context, status=422 if posted else 200)


urlpatterns = [path("masuk/baru/", incoming_create, name="incoming_create")]
