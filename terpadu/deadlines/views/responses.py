"""An agency's response: the form (save draft / submit) for the agency, the drill-down and the review
(return with a note / accept) for the requester."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from terpadu.core.access import access
from terpadu.core.errors import Conflict, ValidationFailed
from terpadu.directory.models import Agency

from .. import policies, rules, selectors, services
from ..forms import ResponseForm, ReturnForm
from ..models import AgencyResponse, Obligation
from ..services.responses import field_name
from .common import actor_for, in_government_zone, managed_redirect, show_errors, tone


def _initial(items: list[Any], values: dict[int, Any], response: AgencyResponse | None) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": response.version if response else 0}
    for item in items:
        value = values.get(item.pk)
        if value is not None and not item.is_file:
            initial[field_name(item.pk)] = value.text
    return initial


def _submit(request: HttpRequest, form: ResponseForm, obligation: Obligation, agency: Agency) -> bool:
    """Save or submit what was posted; the service's refusals go next to the fields (input kept)."""
    submit = request.POST.get("action") == "submit"
    service = services.response_submit if submit else services.response_save_draft
    version = form.cleaned_data.get("version")
    try:
        service(
            user=request.user,
            obligation=obligation,
            agency=agency,
            values=form.values(),
            files=form.files_posted(),
            clear_files=form.cleared(),
            expected_version=version,
        )
    except ValidationFailed as exc:
        show_errors(form, exc)
        return False
    except Conflict as exc:
        form.add_error(None, exc.message)
        return False
    messages.success(request, "Jawaban terkirim." if submit else "Draf jawaban tersimpan.")
    return True


def _context(request: HttpRequest, obligation: Obligation, agency: Agency) -> dict[str, Any]:
    actor = actor_for(request)
    response = selectors.response_of(obligation=obligation, agency=agency)
    now = timezone.now()
    row = selectors.unscoped_compliance_rows(obligation=obligation, now=now, agency_ids=frozenset({agency.pk}))[0]
    manage = policies.can_manage(
        actor, government_id=obligation.government_id, requester_agency_id=obligation.requester_agency_id
    )
    editable = (
        policies.can_respond(actor, agency.pk)
        and obligation.status == rules.ObligationStatus.OPEN
        and obligation.opens_at <= now
        and (response is None or response.state in (rules.ResponseState.DRAFT, rules.ResponseState.RETURNED))
    )
    return {
        "obligation": obligation,
        "agency": agency,
        "response": response,
        "row": row,
        "tone": tone(row.status),
        "items": selectors.items_of(obligation),
        "values": selectors.values_of(response),
        "editable": editable,
        "can_review": manage and response is not None and response.state == rules.ResponseState.SUBMITTED,
        "tz": obligation.government.timezone,
    }


def _field(form: ResponseForm, item: Any, value: Any) -> dict[str, Any]:
    """One item as the page shows it: its field (and "remove file" box), or its answer read-only."""
    stored = value.stored_file if value is not None and value.stored_file_id else None
    return {
        "item": item,
        "field": form[field_name(item.pk)],
        "clear": form[f"clear_{item.pk}"] if item.is_file else None,
        "text": value.text if value is not None else "",
        "file_name": stored.original_name if stored else "",
        "file_url": reverse("documents:download", args=[stored.pk]) if stored else "",
    }


def _refuse_post(request: HttpRequest, obligation: Obligation, agency: Agency) -> HttpResponse:
    policies.ensure(
        policies.can_respond(actor_for(request), agency.pk), "Anda tidak berwenang mengisi jawaban OPD ini."
    )
    messages.error(
        request, "Jawaban ini tidak dapat diubah: sudah dikirim atau diterima, atau permintaan tidak dibuka."
    )
    return redirect("deadlines:response", pk=obligation.pk, agency_pk=agency.pk)


@access(policies.PARTICIPANTS)
@in_government_zone
def response_page(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=pk)
    agency = selectors.agency_for_user(user=request.user, obligation=obligation, agency_pk=agency_pk)
    managed = managed_redirect(obligation, agency.pk)
    if managed is not None:
        return managed
    context = _context(request, obligation, agency)
    items, response = context["items"], context["response"]
    posted = request.method == "POST"
    if posted and not context["editable"]:
        return _refuse_post(request, obligation, agency)
    form = ResponseForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        items=items,
        initial=_initial(items, context["values"], response),
    )
    if posted and form.is_valid() and _submit(request, form, obligation, agency):
        return redirect("deadlines:response", pk=obligation.pk, agency_pk=agency.pk)
    context["form"] = form
    context["fields"] = [_field(form, item, context["values"].get(item.pk)) for item in items]
    context["review_form"] = ReturnForm(initial={"version": response.version if response else 0})
    return render(request, "deadlines/response.html", context, status=422 if posted else 200)


@access(policies.REQUESTERS)
@require_POST
def response_review(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=pk)
    agency = selectors.agency_for_user(user=request.user, obligation=obligation, agency_pk=agency_pk)
    response = selectors.response_of(obligation=obligation, agency=agency)
    form = ReturnForm(request.POST)
    if response is None or not form.is_valid():
        messages.error(request, "Belum ada jawaban yang dapat diperiksa.")
        return redirect("deadlines:response", pk=obligation.pk, agency_pk=agency.pk)
    _review(request, response, form.cleaned_data)
    return redirect("deadlines:response", pk=obligation.pk, agency_pk=agency.pk)


def _review(request: HttpRequest, response: AgencyResponse, data: dict[str, Any]) -> None:
    accept = request.POST.get("action") == "accept"
    try:
        if accept:
            services.response_accept(user=request.user, response=response, expected_version=data.get("version"))
        else:
            services.response_return(
                user=request.user, response=response, note=data.get("note") or "", expected_version=data.get("version")
            )
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Jawaban diterima." if accept else "Jawaban dikembalikan kepada OPD dengan catatan.")


urlpatterns = [
    path("<int:pk>/opd/<int:agency_pk>/", response_page, name="response"),
    path("<int:pk>/opd/<int:agency_pk>/periksa/", response_review, name="review"),
]
