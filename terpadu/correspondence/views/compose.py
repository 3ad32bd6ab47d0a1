"""Drafting pages: a new letter (/surat/baru/) and changing a draft or a returned letter
(/surat/naskah/<pk>/ubah/). One plain form; nothing is saved while the service refuses it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from terpadu.core.access import access
from terpadu.core.errors import ValidationFailed
from terpadu.core.navigation import NavItem, register

from .. import letter_rules, people, policies, selectors
from ..drafts import letter_create_draft, letter_update_draft
from ..models import Letter
from ..page_forms import DRAFT_ERROR_FIELDS, REVIEWER_SLOTS, LetterForm, letter_initial
from . import choices
from .common import WRITERS, actor_for, errors_on

register(NavItem("Tulis naskah", "correspondence:letter_create", WRITERS, order=41))

TEMPLATE = "correspondence/letter_form.html"


def _choices(request: HttpRequest, letter: Letter | None) -> dict[str, Any]:
    actor = actor_for(request)
    agency_id = letter.agency_id if letter else people.employee_of(request.user).agency_id
    rows = list(letter.recipients.all()) if letter else []
    keep_positions = [r.position_id for r in rows if r.position_id]
    keep_people = [r.employee_id for r in rows if r.employee_id]
    if letter:
        keep_people += [r.reviewer_id for r in letter.reviews.all()] + ([letter.signer_id] if letter.signer_id else [])
    employees = choices.unscoped_addressable_employees(actor.government_id, agency_id, keep_people)
    return {
        "letter_types": choices.letter_types(actor.government_id),
        "agencies": choices.unscoped_addressable_agencies(actor.government_id),
        "positions": choices.unscoped_addressable_positions(actor.government_id, agency_id, keep_positions),
        "employees": employees,
        "reviewers": employees,
        "signers": employees,
    }


def _reviewer_initial(letter: Letter) -> dict[str, str]:
    """The paraf plan of the round to come (the last round written)."""
    reviews = list(letter.reviews.order_by("-round", "order"))
    last = [r for r in reviews if r.round == reviews[0].round] if reviews else []
    return {f"reviewer_{n}": str(r.reviewer_id) for n, r in enumerate(sorted(last, key=lambda r: r.order), start=1)}


def _form_page(request: HttpRequest, letter: Letter | None) -> HttpResponse:
    initial = {**letter_initial(letter), **_reviewer_initial(letter)} if letter else {}
    slots = max(REVIEWER_SLOTS, len([k for k in initial if k.startswith("reviewer_")]))
    posted = request.method == "POST"
    form = LetterForm(request.POST if posted else None, initial=initial, choices=_choices(request, letter), slots=slots)
    if posted and form.is_valid():
        try:
            if letter is None:
                saved = letter_create_draft(user=request.user, data=form.draft())
            else:
                saved = letter_update_draft(user=request.user, letter=letter, data=form.draft())
        except ValidationFailed as exc:
            errors_on(form, exc, DRAFT_ERROR_FIELDS)
        else:
            messages.success(request, "Konsep naskah tersimpan. Ajukan bila sudah siap.")
            return redirect("correspondence:letter_detail", pk=saved.pk)
    context = {"form": form, "letter": letter, "codes": choices.classification_codes(request.user)}
    return render(request, TEMPLATE, context, status=422 if posted else 200)


@access(WRITERS)
@require_http_methods(["GET", "POST"])
def letter_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@access(WRITERS)
@require_http_methods(["GET", "POST"])
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    policies.ensure(policies.can_edit(actor_for(request), letter), "Hanya konseptor yang dapat mengubah naskah ini.")
    if letter.status not in letter_rules.EDITABLE:
        messages.error(request, "Naskah ini tidak dapat diubah lagi.")
        return redirect("correspondence:letter_detail", pk=letter.pk)
    return _form_page(request, letter)


urlpatterns = [
    path("baru/", letter_create, name="letter_create"),
    path("naskah/<int:pk>/ubah/", letter_edit, name="letter_edit"),
]
