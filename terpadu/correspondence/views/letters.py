"""The letter page (/surat/naskah/<pk>/) and the actions taken from it, each a plain POST form: submit,
paraf, return, sign, send, cancel, dispose, record the follow-up, file into a dossier; and the SRIKANDI
package of a signed letter. Who may do what is decided by the services and ``policies``; this page only
offers what the user may take now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from terpadu.core.access import AUTHENTICATED, access
from terpadu.core.errors import Conflict, NotFound, ValidationFailed

from .. import archive, delivery, disposition_services, letter_rules, letter_services, policies, selectors
from ..models import InboxItem, Letter, LetterReview
from ..page_forms import DispositionForm, FileLetterForm, FollowUpForm, NoteForm, ReturnForm
from . import choices
from .common import WRITERS, actor_for, errors_on, zone_name

TEMPLATE = "correspondence/letter_detail.html"
Status = Letter.Status
SECURITY_TONES = {"terbatas": "warn", "rahasia": "bad", "sangat_rahasia": "bad"}
URGENCY_TONES = {"segera": "warn", "sangat_segera": "bad"}
STATUS_TONES = {"signed": "ok", "sent": "ok", "received": "ok", "returned": "warn", "cancelled": "bad"}


def _rounds(letter: Letter) -> list[dict[str, Any]]:
    reviews = list(letter.reviews.select_related("reviewer").order_by("round", "order"))
    rounds: dict[int, list[LetterReview]] = {}
    for review in reviews:
        rounds.setdefault(review.round, []).append(review)
    return [{"number": number, "steps": steps} for number, steps in rounds.items()]


def _actions(request: HttpRequest, letter: Letter) -> dict[str, bool]:
    actor = actor_for(request)
    me = actor.employee_id
    writes = policies.can_draft(actor)
    editable = letter.status in letter_rules.EDITABLE and policies.can_edit(actor, letter)
    pending = letter.reviews.filter(status=LetterReview.Status.PENDING).order_by("-round").first()
    reviewing = writes and letter.status == Status.IN_REVIEW and pending is not None and pending.reviewer_id == me
    signing = writes and letter.status == Status.TO_SIGN and letter.signer_id == me and me is not None
    return {
        "edit": editable,
        "submit": editable,
        "cancel": editable,
        "approve": reviewing,
        "return": reviewing or signing,
        "sign": signing,
        "send": letter.status == Status.SIGNED and policies.can_send(actor, letter),
    }


def _links(request: HttpRequest, letter: Letter) -> dict[str, str]:
    links = {}
    if letter.pdf_id:
        links["pdf"] = reverse("documents:download", args=[letter.pdf_id])
        if policies.can_send(actor_for(request), letter):
            links["srikandi"] = reverse("correspondence:letter_srikandi", args=[letter.pk])
    if letter.signed_at:
        links["verify"] = reverse("verify:letter", args=[letter.verification_token])
    if letter.scan_id:
        links["scan"] = reverse("documents:download", args=[letter.scan_id])
    return links


def _forms(request: HttpRequest, letter: Letter, item: InboxItem | None) -> dict[str, Any]:
    actor = actor_for(request)
    forms: dict[str, Any] = {"approve_form": NoteForm(), "return_form": ReturnForm()}
    if item is not None and letter.status != Status.CANCELLED:
        forms["disposition_form"] = DispositionForm(subordinates=choices.unscoped_subordinates(item.employee))
        if item.follow_up_status == InboxItem.FollowUp.PENDING:
            forms["follow_up_form"] = FollowUpForm()
    fileable = letter.status in policies.REGISTERED and any(
        policies.can_file(actor, agency_id) for agency_id in actor.agency_ids
    )
    if fileable:
        forms["file_form"] = FileLetterForm(dossiers=choices.open_dossiers(request.user, actor))
    return forms


def _routing_item(request: HttpRequest, letter: Letter) -> InboxItem | None:
    if not policies.can_draft(actor_for(request)):
        return None
    item = disposition_services.routing_item_for(user=request.user, letter=letter)
    if item is not None:
        item = InboxItem.objects.select_related("employee").get(pk=item.pk)
    return item


def _page(request: HttpRequest, letter: Letter, status: int = 200, **bound: Any) -> HttpResponse:
    """The letter page; ``bound`` replaces a form by the one just posted (with its errors)."""
    delivery.letter_read_record(user=request.user, letter=letter, ip_address=request.META.get("REMOTE_ADDR"))
    item = _routing_item(request, letter)
    context: dict[str, Any] = {
        "letter": letter,
        "tz": zone_name(request),
        "status_label": letter_rules.STATUS_LABELS[letter_rules.Status(letter.status)],
        "urgency_label": f"Sifat: {letter.get_urgency_display()}",
        "security_label": f"Keamanan: {letter.get_security_level_display()}",
        "status_tone": STATUS_TONES.get(letter.status, ""),
        "security_tone": SECURITY_TONES.get(letter.security_level, ""),
        "urgency_tone": URGENCY_TONES.get(letter.urgency, ""),
        "delegation_label": letter_rules.DELEGATION_LABELS.get(letter_rules.Delegation(letter.delegation), ""),
        "recipients": list(letter.recipients.select_related("agency")),
        "attachments": list(letter.attachments.filter(item__isnull=True).select_related("file")),
        "evidence": list(letter.attachments.filter(item__isnull=False).select_related("file", "item__employee")),
        "rounds": _rounds(letter),
        "actions": _actions(request, letter),
        "links": _links(request, letter),
        "item": item,
        "tree": selectors.disposition_tree(user=request.user, letter=letter),
        **_forms(request, letter, item),
        **bound,
    }
    return render(request, TEMPLATE, context, status=status)


@access(AUTHENTICATED)
@require_GET
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.letter_get_for_user(user=request.user, pk=pk))


# --- workflow actions --------------------------------------------------------------------------------------


def _act(request: HttpRequest, pk: int, act: Callable[[Letter], Any], done: str) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    try:
        act(letter)
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("correspondence:letter_detail", pk=letter.pk)


@access(WRITERS)
@require_POST
def letter_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda letter: letter_services.letter_submit(user=request.user, letter=letter),
        "Naskah diajukan.",
    )


@access(WRITERS)
@require_POST
def letter_approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda letter: letter_services.letter_approve(user=request.user, letter=letter, note=note),
        "Naskah telah Anda paraf.",
    )


@access(WRITERS)
@require_POST
def letter_return(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    form = ReturnForm(request.POST)
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    try:
        letter_services.letter_return(user=request.user, letter=letter, note=note)
    except ValidationFailed as exc:
        errors_on(form, exc)
        return _page(request, letter, status=422, return_form=form)
    messages.success(request, "Naskah dikembalikan kepada konseptor.")
    return redirect("correspondence:letter_detail", pk=letter.pk)


@access(WRITERS)
@require_POST
def letter_sign(request: HttpRequest, pk: int) -> HttpResponse:
    def sign(letter: Letter) -> None:
        signed = letter_services.letter_sign(user=request.user, letter=letter)
        messages.info(request, f"Nomor naskah: {signed.number}.")

    return _act(request, pk, sign, "Naskah telah Anda tandatangani.")


@access(WRITERS)
@require_POST
def letter_send(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda letter: delivery.letter_send(user=request.user, letter=letter), "Naskah terkirim.")


@access(WRITERS)
@require_POST
def letter_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda letter: letter_services.letter_cancel(user=request.user, letter=letter),
        "Naskah dibatalkan.",
    )


# --- disposition, follow-up, filing ------------------------------------------------------------------------


def _own_item(request: HttpRequest, letter: Letter) -> InboxItem:
    item = _routing_item(request, letter)
    if item is None:
        raise NotFound("Naskah ini tidak ada di kotak Anda untuk ditindaklanjuti.")
    return item


@access(WRITERS)
@require_POST
def letter_dispose(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    item = _own_item(request, letter)
    form = DispositionForm(request.POST, subordinates=choices.unscoped_subordinates(item.employee))
    if form.is_valid():
        try:
            created = disposition_services.disposition_create(
                user=request.user, item_id=item.pk, data=form.disposition()
            )
        except (ValidationFailed, Conflict) as exc:
            errors_on(form, exc, {"recipient_ids": "recipients"})
        else:
            messages.success(request, f"Disposisi terkirim kepada {len(created)} orang.")
            return redirect("correspondence:letter_detail", pk=letter.pk)
    return _page(request, letter, status=422, disposition_form=form)


@access(WRITERS)
@require_POST
def letter_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    item = _own_item(request, letter)
    form = FollowUpForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            disposition_services.follow_up_record(
                user=request.user, item_id=item.pk, text=form.cleaned_data["text"], files=form.cleaned_data["evidence"]
            )
        except (ValidationFailed, Conflict) as exc:
            errors_on(form, exc, {"file": "evidence", "files": "evidence"})
        else:
            messages.success(request, "Tindak lanjut tercatat.")
            return redirect("correspondence:letter_detail", pk=letter.pk)
    return _page(request, letter, status=422, follow_up_form=form)


@access(WRITERS)
@require_POST
def letter_file(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    actor = actor_for(request)
    form = FileLetterForm(request.POST, dossiers=choices.open_dossiers(request.user, actor))
    if form.is_valid():
        dossier = archive.dossiers_for_user(user=request.user).get(pk=int(form.cleaned_data["dossier"]))
        try:
            archive.letter_file(user=request.user, letter=letter, dossier=dossier)
        except (ValidationFailed, Conflict) as exc:
            errors_on(form, exc)
        else:
            messages.success(request, f"Naskah diberkaskan ke {dossier.number} — {dossier.title}.")
            return redirect("correspondence:letter_detail", pk=letter.pk)
    return _page(request, letter, status=422, file_form=form)


@access(AUTHENTICATED)
@require_GET
def letter_srikandi(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed PDF and its metadata zipped for SRIKANDI, for the drafter and the drafting agency's desk."""
    from ..srikandi import pdf_name, srikandi_package

    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    policies.ensure(policies.can_send(actor_for(request), letter), "Paket SRIKANDI diunduh oleh konseptor atau TU.")
    content = srikandi_package(letter)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{pdf_name(letter).removesuffix(".pdf")}-srikandi.zip"'
    return response


urlpatterns = [
    path("naskah/<int:pk>/", letter_detail, name="letter_detail"),
    path("naskah/<int:pk>/ajukan/", letter_submit, name="letter_submit"),
    path("naskah/<int:pk>/paraf/", letter_approve, name="letter_approve"),
    path("naskah/<int:pk>/kembalikan/", letter_return, name="letter_return"),
    path("naskah/<int:pk>/tandatangani/", letter_sign, name="letter_sign"),
    path("naskah/<int:pk>/kirim/", letter_send, name="letter_send"),
    path("naskah/<int:pk>/batalkan/", letter_cancel, name="letter_cancel"),
    path("naskah/<int:pk>/disposisi/", letter_dispose, name="letter_dispose"),
    path("naskah/<int:pk>/tindak-lanjut/", letter_follow_up, name="letter_follow_up"),
    path("naskah/<int:pk>/berkaskan/", letter_file, name="letter_file"),
    path("naskah/<int:pk>/srikandi/", letter_srikandi, name="letter_srikandi"),
]
