"""Request pages: the list, create and edit (with the items editor), the detail with its compliance
table, publish and close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from terpadu.core.access import access
from terpadu.core.errors import ApplicationError, Conflict, ValidationFailed
from terpadu.core.navigation import NavItem, register

from .. import policies, rules, selectors, services
from ..forms import ItemFormSet, ListFilterForm, ObligationForm, drafts_of, item_initial
from ..models import Obligation
from .common import actor_for, in_government_zone, managed_redirect, paginate, show_errors, tone

register(NavItem("Tenggat", "deadlines:list", policies.PARTICIPANTS, order=30))


@access(policies.PARTICIPANTS)
def obligation_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    obligations = selectors.obligation_list_for_user(
        user=request.user, status=data.get("status", ""), q=data.get("q", "")
    )
    page = paginate(request, obligations)
    context = {
        "form": form,
        "page_obj": page,
        "rows": _list_rows(request, list(page.object_list)),
        "can_create": policies.can_create(actor_for(request)),
    }
    return render(request, "deadlines/list.html", context)


def _list_rows(request: HttpRequest, obligations: list[Obligation]) -> list[dict[str, Any]]:
    """Each request with, for an agency user, the status of their own agency (4 queries for the page)."""
    actor = actor_for(request)
    own = None if policies.reads_whole_government(actor) else actor.agency_ids
    tables = (
        {}
        if own is None
        else selectors.unscoped_compliance_tables(obligations=obligations, now=timezone.now(), agency_ids=own)
    )
    return [
        {"obligation": o, "mine": [{"row": r, "tone": tone(r.status)} for r in tables.get(o.pk, [])]}
        for o in obligations
    ]


def _agencies(request: HttpRequest) -> Any:
    return selectors.unscoped_addressable_agencies(government_id=actor_for(request).government_id)


def _save(request: HttpRequest, form: ObligationForm, formset: Any, obligation: Obligation | None) -> Obligation | None:
    """Call the service with what the forms parsed; its refusals go next to the fields."""
    data = form.cleaned_data
    kwargs = {
        "user": request.user,
        "title": data["title"],
        "instructions": data["instructions"],
        "opens_at": data["opens_at"],
        "due_at": data["due_at"],
        "items": drafts_of(formset),
        "agency_ids": [agency.pk for agency in data["agency_ids"]],
        "reminder_days": data["reminder_days"],
    }
    try:
        if obligation is None:
            return services.obligation_create(**kwargs)
        return services.obligation_update(obligation=obligation, **kwargs)
    except ValidationFailed as exc:
        show_errors(form, exc)  # "items" has no field of its own: its message goes above the form
    return None


def _form_page(
    request: HttpRequest, obligation: Obligation | None, initial: dict[str, Any], items: list[dict[str, Any]]
) -> HttpResponse:
    posted = request.method == "POST"
    form = ObligationForm(request.POST if posted else None, initial=initial, agencies=_agencies(request))
    formset = ItemFormSet(request.POST if posted else None, initial=items, prefix="butir")
    if posted and form.is_valid() and formset.is_valid():
        saved = _save(request, form, formset, obligation)
        if saved is not None:
            messages.success(request, "Permintaan tersimpan sebagai konsep. Terbitkan bila sudah siap.")
            return redirect("deadlines:detail", pk=saved.pk)
    context = {"form": form, "formset": formset, "obligation": obligation}
    return render(request, "deadlines/form.html", context, status=422 if posted else 200)


@access(policies.REQUESTERS)
@in_government_zone
def obligation_create(request: HttpRequest) -> HttpResponse:
    policies.ensure(policies.can_create(actor_for(request)), "Anda tidak berwenang membuat permintaan.")
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {
        "opens_at": now,
        "due_at": now + timedelta(days=7),
        "reminder_days": "3, 1, 0",
        "agency_ids": list(_agencies(request)),
    }
    return _form_page(request, None, initial, [])


@access(policies.REQUESTERS)
@in_government_zone
def obligation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=pk)
    _ensure_manager(request, obligation)
    managed = managed_redirect(obligation)
    if managed is not None:
        return managed
    if obligation.status != rules.ObligationStatus.DRAFT:
        messages.error(request, "Permintaan yang sudah diterbitkan tidak dapat diubah.")
        return redirect("deadlines:detail", pk=obligation.pk)
    initial = {
        "title": obligation.title,
        "instructions": obligation.instructions,
        "opens_at": obligation.opens_at,
        "due_at": obligation.due_at,
        "reminder_days": ", ".join(str(d) for d in obligation.reminder_days),
        "agency_ids": [a.pk for a in selectors.addressed_agencies(obligation)],
    }
    return _form_page(request, obligation, initial, [item_initial(i) for i in selectors.items_of(obligation)])


def _ensure_manager(request: HttpRequest, obligation: Obligation) -> None:
    allowed = policies.can_manage(
        actor_for(request), government_id=obligation.government_id, requester_agency_id=obligation.requester_agency_id
    )
    policies.ensure(allowed, "Anda tidak berwenang mengelola permintaan ini.")


@access(policies.PARTICIPANTS)
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=pk)
    managed = managed_redirect(obligation)
    if managed is not None:
        return managed
    actor = actor_for(request)
    rows = selectors.compliance_for_user(user=request.user, obligation=obligation, now=timezone.now())
    context = {
        "obligation": obligation,
        "status_label": rules.ObligationStatus(obligation.status).label,
        "items": selectors.items_of(obligation),
        "rows": [{"row": row, "tone": tone(row.status)} for row in rows],
        "counts": _counts(rows),
        "can_manage": policies.can_manage(
            actor, government_id=obligation.government_id, requester_agency_id=obligation.requester_agency_id
        ),
        "my_agencies": selectors.respondent_agencies(user=request.user, obligation=obligation),
        "escalation": _escalation_visible(request, obligation),
        "tz": obligation.government.timezone,
    }
    return render(request, "deadlines/detail.html", context)


def _counts(rows: list[selectors.ComplianceRow]) -> dict[str, int]:
    handed_in = {rules.Status.SUBMITTED, rules.Status.SUBMITTED_LATE, rules.Status.ACCEPTED}
    return {"total": len(rows), "handed_in": sum(1 for r in rows if r.status in handed_in)}


def _escalation_visible(request: HttpRequest, obligation: Obligation) -> bool:
    try:
        return selectors.escalation_for_user(user=request.user, obligation=obligation) is not None
    except ApplicationError:
        return False


def _transition(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    obligation = selectors.obligation_get_for_user(user=request.user, pk=pk)
    try:
        service(user=request.user, obligation=obligation)
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("deadlines:detail", pk=obligation.pk)


@access(policies.REQUESTERS)
@require_POST
def obligation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, services.obligation_publish, "Permintaan diterbitkan; OPD tujuan telah diberi tahu."
    )


@access(policies.REQUESTERS)
@require_POST
def obligation_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.obligation_close, "Permintaan ditutup.")


def detail_url(obligation: Obligation) -> str:
    return reverse("deadlines:detail", args=[obligation.pk])


urlpatterns = [
    path("", obligation_list, name="list"),
    path("baru/", obligation_create, name="create"),
    path("<int:pk>/", obligation_detail, name="detail"),
    path("<int:pk>/ubah/", obligation_edit, name="edit"),
    path("<int:pk>/terbitkan/", obligation_publish, name="publish"),
    path("<int:pk>/tutup/", obligation_close, name="close"),
]
